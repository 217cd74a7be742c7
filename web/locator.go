package web

import (
	"html/template"
	"strings"
	"time"

	"planwatch"
	"planwatch/geo"
	"planwatch/locale"
)

// locatorMap is a unit's place on the map of Viet Nam, for its dashboard:
// a province filled on the map of its era (the old Bắc Ninh, 27, on the
// 63 provinces; the new one on the 34), a commune's province when the
// commune sits straight under it; nothing for the rest.
func locatorMap(l locale.Lang, u planwatch.Unit) template.HTML {
	code := u.Code
	switch {
	case u.Level == planwatch.LevelProvince:
	case u.ParentCode != "":
		code = u.ParentCode
	default:
		return ""
	}
	day := time.Now().UTC().Format("2006-01-02")
	if u.ValidTo != "" {
		if end, err := time.Parse("2006-01-02", string(u.ValidTo)); err == nil {
			day = end.AddDate(0, 0, -1).Format("2006-01-02")
		}
	}
	era := geo.EraOn(day)
	m := geo.Of(era)
	p, ok := m.Province(code)
	if !ok {
		return ""
	}
	label := say(l, "Vị trí của "+p.Name(l)+" trên bản đồ Việt Nam", "Where "+p.Name(l)+" is in Viet Nam")
	var b strings.Builder
	if err := geo.Locator(&b, geo.LocatorOptions{Era: era, Codes: []string{code}, Lang: l, Label: label}); err != nil {
		return ""
	}
	return template.HTML(`<figure class="locator">` + b.String() + `</figure>`)
}
