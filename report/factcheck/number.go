package factcheck

import (
	"math"
	"strconv"
	"strings"
)

// readNumber reads a number as a person writes it, in either style:
// "72,497.5" (English) or "72.497,5" (Vietnamese). A separator followed by
// other than three digits, or the last of two kinds, is the decimal mark;
// a lone separator followed by three digits is read by the language
// ("72.497" is 72497 in Vietnamese and 72.497 in English). decimals is how
// many digits follow the decimal mark: the rounding the text uses.
func readNumber(s string, vi bool) (v float64, decimals int, ok bool) {
	if s == "" || len(s) > 40 {
		return 0, 0, false
	}
	var groups []string
	var seps []byte
	last := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' || c == ',':
			groups = append(groups, s[last:i])
			seps = append(seps, c)
			last = i + 1
		case c < '0' || c > '9':
			return 0, 0, false
		}
	}
	groups = append(groups, s[last:])
	for _, g := range groups {
		if g == "" {
			return 0, 0, false
		}
	}
	if len(seps) == 0 {
		return parseFloat(s, 0)
	}
	dec := byte(0)
	first, lastSep := seps[0], seps[len(seps)-1]
	mixed := false
	for _, c := range seps {
		if c != first {
			mixed = true
		}
	}
	switch {
	case mixed:
		// The last kind is the decimal mark, and it comes once.
		dec = lastSep
		for _, c := range seps[:len(seps)-1] {
			if c == dec {
				return 0, 0, false
			}
		}
	case len(seps) > 1:
		dec = 0 // all thousands separators
	case len(groups[1]) != 3 || groups[0] == "0":
		dec = first
	case vi && first == ',' || !vi && first == '.':
		dec = first // "72,497" in Vietnamese is 72.497; "72.497" in English too
	}
	intGroups, frac := groups, ""
	if dec != 0 {
		intGroups, frac = groups[:len(groups)-1], groups[len(groups)-1]
	}
	// Thousands groups: the first of one to three digits, the others three.
	for k, g := range intGroups {
		if k == 0 && len(intGroups) > 1 && (len(g) > 3 || g[0] == '0') || k > 0 && len(g) != 3 {
			return 0, 0, false
		}
	}
	digits := strings.Join(intGroups, "")
	if frac != "" {
		return parseFloat(digits+"."+frac, len(frac))
	}
	return parseFloat(digits, 0)
}

func parseFloat(s string, decimals int) (float64, int, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, 0, false
	}
	return v, decimals, true
}

// cardinals and ordinals in words, by folded key.
var cardinalWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "twenty": 20,
}

var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
	"eleventh": 11, "twelfth": 12,
}

// Vietnamese ordinals follow "thứ": thứ nhất, thứ nhì, thứ hai, thứ ba,
// thứ tư, thứ năm ... (folded).
var viOrdinals = map[string]int{
	"nhat": 1, "nhi": 2, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}

// ordinalSuffix reports whether a word written right after digits makes
// them an ordinal: 1st, 2nd, 3rd, 8th.
func ordinalSuffix(w string) bool {
	switch w {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// scale words multiply the number before them.
var scaleWords = []struct {
	p phrase
	f float64
}{
	{keys("nghìn tỷ"), 1e12}, {keys("ngàn tỷ"), 1e12}, {keys("nghìn tỉ"), 1e12}, {keys("ngàn tỉ"), 1e12},
	{keys("thousand billion"), 1e12},
	{keys("trillion"), 1e12}, {keys("tn"), 1e12}, {keys("trillions"), 1e12},
	{keys("billion"), 1e9}, {keys("bn"), 1e9}, {keys("billions"), 1e9}, {keys("tỷ"), 1e9}, {keys("tỉ"), 1e9},
	{keys("million"), 1e6}, {keys("mn"), 1e6}, {keys("millions"), 1e6}, {keys("triệu"), 1e6},
	{keys("thousand"), 1e3}, {keys("thousands"), 1e3}, {keys("nghìn"), 1e3}, {keys("ngàn"), 1e3},
}

// scaleAt is the length and factor of the scale word at token i, or 0.
// "tỷ" is not one where it begins another word: tỷ trọng (a share), tỷ lệ
// (a rate), tỷ giá (an exchange rate), tỷ suất (a ratio).
func scaleAt(toks []token, i, hi int) (int, float64) {
	for _, w := range scaleWords {
		if !matchAt(toks, i, hi, w.p) {
			continue
		}
		if end := i + len(w.p); end < hi && (w.p[len(w.p)-1] == "ty" || w.p[len(w.p)-1] == "ti") {
			switch toks[end].key {
			case "trong", "le", "gia", "suat":
				continue
			}
		}
		return len(w.p), w.f
	}
	return 0, 0
}

// currencies written before or after an amount.
var currencyWords = []struct {
	p   phrase
	cur string
}{
	{keys("US$"), "USD"}, {keys("USD"), "USD"}, {keys("$"), "USD"}, {keys("US dollars"), "USD"}, {keys("dollars"), "USD"},
	{keys("đô la Mỹ"), "USD"}, {keys("đô la"), "USD"}, {keys("đô"), "USD"},
	{keys("VND"), "VND"}, {keys("VNĐ"), "VND"}, {keys("đồng"), "VND"}, {keys("dong"), "VND"}, {keys("đ"), "VND"},
}

// measure units of quantities that are neither money nor percentages.
var measureWords = []struct {
	p    phrase
	unit string
}{
	{keys("hectares"), "ha"}, {keys("hectare"), "ha"}, {keys("ha"), "ha"}, {keys("héc ta"), "ha"}, {keys("hécta"), "ha"},
	{keys("square kilometres"), "km2"}, {keys("km2"), "km2"}, {keys("km²"), "km2"},
	{keys("persons"), "persons"}, {keys("people"), "persons"}, {keys("inhabitants"), "persons"}, {keys("người"), "persons"},
	{keys("workers"), "persons"}, {keys("lao động"), "persons"},
}

// countNouns make a bare number a count of things a statistic counts; a
// few words may stand between ("231 startup projects").
var countNouns = phrases("provinces", "cities", "communes", "wards", "districts", "projects", "parks", "enterprises", "businesses",
	"firms", "companies", "households", "students", "schools", "hospitals", "startups", "cooperatives", "villages",
	"tỉnh", "thành phố", "xã", "phường", "huyện", "dự án", "khu công nghiệp", "cụm công nghiệp", "doanh nghiệp", "hộ", "hợp tác xã",
	"trường", "bệnh viện", "học sinh", "thôn")

// measureUnit is an indicator's measure unit read as currency, scale and
// what is counted: "VND bn" is VND x 1e9, "thousand persons" persons x 1e3.
type measureUnit struct {
	currency string
	scale    float64
	what     string // "%", "ha", "persons", "count", "rank", "" for money
}

func parseMeasureUnit(s string) measureUnit {
	m := measureUnit{scale: 1}
	f := strings.Fields(strings.ToLower(s))
	if len(f) > 0 && (f[0] == "vnd" || f[0] == "usd") {
		m.currency = strings.ToUpper(f[0])
		f = f[1:]
	}
	if len(f) > 0 {
		switch f[0] {
		case "bn", "billion":
			m.scale, f = 1e9, f[1:]
		case "mn", "million":
			m.scale, f = 1e6, f[1:]
		case "thousand":
			m.scale, f = 1e3, f[1:]
		case "trillion":
			m.scale, f = 1e12, f[1:]
		}
	}
	m.what = strings.Join(f, " ")
	switch m.what {
	case "person", "persons", "people":
		m.what = "persons"
	case "hectares":
		m.what = "ha"
	}
	if m.currency != "" && m.what != "" {
		m.what = "per " + strings.TrimPrefix(m.what, "per ") // "VND mn per worker", "VND per USD"
	}
	return m
}
