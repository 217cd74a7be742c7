package web

import (
	"net/http"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
)

// unitLevels are the levels /units offers, highest first.
var unitLevels = []planwatch.Level{planwatch.LevelNation, planwatch.LevelRegion, planwatch.LevelProvince, planwatch.LevelDistrict, planwatch.LevelCommune, planwatch.LevelOther}

// unitsShown bounds the rows of the page (the download has them all):
// a country's communes are thousands.
const unitsShown = 1000

// units is /units: the units of a level valid on a date (today's
// provinces, unless asked otherwise), or those whose name or code holds
// the search, with or without diacritics.
func (p *pages) units(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	q := r.URL.Query()
	search := strings.TrimSpace(q.Get("q"))
	folded := locale.Fold(search)
	level := planwatch.Level(q.Get("level"))
	if level != "" && level != "all" && !slices.Contains(unitLevels, level) {
		p.error(w, r, l, http.StatusBadRequest, "Cấp "+string(level)+" không có: chọn quốc gia, vùng, tỉnh, huyện hoặc xã.",
			"level: "+string(level)+" is not a level (nation, region, province, district, commune, other)")
		return
	}
	if level == "" && search == "" {
		level = planwatch.LevelProvince
	}
	date := planwatch.Date(q.Get("date"))
	if date != "" {
		if _, err := planwatch.ParseDate(string(date)); err != nil {
			p.error(w, r, l, http.StatusBadRequest, "Ngày "+string(date)+" không đọc được: viết như 2025-07-01.", "date: "+err.Error())
			return
		}
	}
	var out []planwatch.Unit
	counts := map[planwatch.Level]int{}
	for _, u := range rv.Units() {
		valid := u.ValidTo == ""
		if date != "" {
			valid = u.Validity().Contains(date)
		}
		if !valid && (date != "" || search == "") {
			continue
		}
		if folded != "" && !strings.Contains(locale.Fold(u.NameVI), folded) && !strings.Contains(locale.Fold(u.NameEN), folded) && !strings.EqualFold(u.Code, search) {
			continue
		}
		counts[u.Level]++
		if level != "" && level != "all" && u.Level != level {
			continue
		}
		out = append(out, u)
	}
	slices.SortStableFunc(out, func(a, b planwatch.Unit) int {
		if c := slices.Index(unitLevels, a.Level) - slices.Index(unitLevels, b.Level); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	h := func(vi, en string) string {
		if l == locale.VI {
			return vi
		}
		return en
	}
	sh := sheet{name: h("don-vi", "units"), title: h("Đơn vị", "Units"),
		header: []string{h("Mã", "Code"), h("Tên", "Name"), h("Tên tiếng Anh", "Name in English"), h("Cấp", "Level"), h("Trực thuộc", "Parent"),
			h("Hiệu lực từ", "Valid from"), h("Hiệu lực đến", "Valid to")}}
	if l == locale.EN {
		sh.header[2] = "Name in Vietnamese"
	}
	for _, u := range out {
		other := u.NameEN
		if l == locale.EN {
			other = u.NameVI
		}
		sh.rows = append(sh.rows, []cell{text(u.Code), text(u.Name(string(l))), text(other), text(locale.Level(string(u.Level), l)),
			text(u.ParentCode), text(string(u.ValidFrom)), text(string(u.ValidTo))})
	}
	if download(w, r, sh) {
		return
	}
	type levelChoice struct {
		Level    planwatch.Level
		Name     string
		Count    int
		Selected bool
	}
	var levels []levelChoice
	for _, lv := range unitLevels {
		if counts[lv] > 0 || lv == level {
			levels = append(levels, levelChoice{lv, locale.Level(string(lv), l), counts[lv], lv == level})
		}
	}
	shown, more := out, 0
	if len(shown) > unitsShown {
		shown, more = shown[:unitsShown], len(shown)-unitsShown
	}
	title := T(l, "Units")
	p.show(w, r, l, rv, meta{page: "units", title: title, crumbs: []crumb{{Href: "/", Text: T(l, "Home")}, {Text: title}}}, struct {
		Query  string
		Level  planwatch.Level
		Date   planwatch.Date
		Levels []levelChoice
		Units  []planwatch.Unit
		More   int
	}{search, level, date, levels, shown, more})
}
