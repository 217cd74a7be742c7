package exchange

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"planwatch"
	"planwatch/locale"
)

// Statistics tables name places rather than code them, each office its
// own way: with or without diacritics, in English or Vietnamese, with the
// kind before the name ("Tỉnh Bắc Ninh", "TP. Hồ Chí Minh") or after it
// ("Ho Chi Minh city"), with letters lost to a code page ("B?c Ninh"),
// and with slips. A name's key drops all of that; a few names no key
// mends go through the table of variants.

// nameKey is a place name without its kind, case, diacritics, spaces or
// punctuation: "TP. Hồ Chí Minh", "Ho Chi Minh city" and "Hồ Chí Minh"
// give "hochiminh". A ? (a letter a code page lost) stays.
func nameKey(s string) string {
	s = strings.ToLower(norm.NFC.String(strings.Join(strings.Fields(s), " ")))
	for _, p := range []string{"thành phố ", "thanh pho ", "tỉnh ", "tinh ", "tp. ", "tp.", "tp ", "province of ", "city of "} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{" city", " province", " municipality"} {
		s = strings.TrimSuffix(s, p)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '?' {
			return r
		}
		return -1
	}, locale.Fold(s))
}

// nameVariants are keys of names that no key makes into the unit's own:
// English names of the regions, the city of Huế by its name as a
// province (Resolution 175/2024/QH15), and slips in the statistics
// office's files (the "Hai Phuong" of a GRDP table, Vũng Tàu with its ũ
// lost as a "t").
var nameVariants = map[string]string{
	"haiphuong":                           "haiphong",
	"thuathienhue":                        "hue",
	"bar?avtngtau":                        "bariavungtau",
	"daclac":                              "daklak",
	"hochiminhcity":                       "hochiminh",
	"saigon":                              "hochiminh",
	"northernmidlandsandmountainareas":    "northernmidlandsandmountains",
	"northernmidlandsandmountainousareas": "northernmidlandsandmountains",
	"northernmidlandsandmountainousarea":  "northernmidlandsandmountains",
	"northerncentralareaandcentralcoastalarea": "northcentralandcentralcoast",
	"northcentralareaandcentralcoastalarea":    "northcentralandcentralcoast",
	"northcentralandsouthcentralcoast":         "northcentralandcentralcoast",
	"southeastarea":                            "southeast",
}

// nationKeys are the keys of a whole country's row; it is the nation
// unit (Viet Nam when the store has several nations).
var nationKeys = map[string]bool{"wholecountry": true, "canuoc": true, "c?nu?c": true, "toanquoc": true, "totalcountry": true, "vietnam": true, "nationwide": true, "national": true}

// unitNames finds the store's units by name.
type unitNames struct {
	x      *planwatch.UnitIndex
	byKey  map[string][]planwatch.Unit
	keys   []string // with a unit, for names with lost letters
	nation []planwatch.Unit
}

func newUnitNames(units []planwatch.Unit) *unitNames {
	n := &unitNames{x: planwatch.NewUnitIndex(units), byKey: map[string][]planwatch.Unit{}}
	for _, u := range units {
		if u.Level == planwatch.LevelNation {
			n.nation = append(n.nation, u)
		}
		for _, name := range []string{u.NameVI, u.NameEN} {
			if k := nameKey(name); k != "" && !slices.ContainsFunc(n.byKey[k], func(v planwatch.Unit) bool { return v.ID == u.ID }) {
				n.byKey[k] = append(n.byKey[k], u)
			}
		}
	}
	for k := range n.byKey {
		n.keys = append(n.keys, k)
	}
	slices.Sort(n.keys)
	// A store with several nations (the World Bank's countries) means
	// Viet Nam by the whole country.
	if len(n.nation) > 1 {
		vn := slices.DeleteFunc(slices.Clone(n.nation), func(u planwatch.Unit) bool { return u.Code != "VN" && u.Code != "VNM" })
		if len(vn) > 0 {
			n.nation = vn
		}
	}
	return n
}

// How a name was matched, for notes and tests.
const (
	matchName    = "name"
	matchVariant = "variant"
	matchLost    = "lost letters"
	matchNation  = "whole country"
)

// candidates are the units a name may be, at any time, and how the name
// was matched.
func (n *unitNames) candidates(name string) ([]planwatch.Unit, string) {
	k := nameKey(name)
	if k == "" {
		return nil, ""
	}
	if nationKeys[k] {
		return n.nation, matchNation
	}
	if us, ok := n.byKey[k]; ok {
		return us, matchName
	}
	if v, ok := nameVariants[k]; ok {
		if us, ok := n.byKey[v]; ok {
			return us, matchVariant
		}
	}
	if !strings.Contains(k, "?") {
		return nil, ""
	}
	// Letters lost: ? stands for any one letter. The name must fit one
	// name only (which several units may have had in turn: a province
	// before and after a merger).
	if nationKeysFit(k) {
		return n.nation, matchNation
	}
	fits := map[string]bool{}
	for _, key := range n.keys {
		if wildcard(k, key) {
			fits[key] = true
		}
	}
	for v, key := range nameVariants {
		if wildcard(k, v) && n.byKey[key] != nil {
			fits[key] = true
		}
	}
	if len(fits) != 1 {
		return nil, ""
	}
	for key := range fits {
		return n.byKey[key], matchLost
	}
	return nil, ""
}

func nationKeysFit(k string) bool {
	for key := range nationKeys {
		if wildcard(k, key) {
			return true
		}
	}
	return false
}

// wildcard reports whether pattern, whose ? stand for any one letter,
// matches key.
func wildcard(pattern, key string) bool {
	p, q := []rune(pattern), []rune(key)
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] && p[i] != '?' {
			return false
		}
	}
	return true
}

// match finds the unit a name means within a span of days: among the
// units of that name, the one valid on its last day, else the
// latest-starting one valid during it. It returns a reference that
// resolves to that unit within the span, and how it was matched; "" when
// no unit of the name existed then, with the units it would be otherwise.
func (n *unitNames) match(name string, within planwatch.Span) (ref, how string, other []planwatch.Unit) {
	us, how := n.candidates(name)
	if len(us) == 0 {
		return "", "", nil
	}
	last := within.LastDay()
	var best *planwatch.Unit
	for i := range us {
		u := &us[i]
		v := u.Validity()
		if last != "" && v.Contains(last) {
			best = u
			break
		}
		if v.Overlaps(within) && (best == nil || best.ValidFrom < u.ValidFrom) {
			best = u
		}
	}
	if best == nil {
		return "", how, us
	}
	return n.x.RefWithin(*best, within), how, nil
}
