package locale

import (
	"math"
	"strconv"
	"strings"
)

// measure is how each language writes a measure unit: its name alone (a
// table's unit column), and around a number. English puts currencies
// before the number ("VND 37,400 bn", "USD 94 bn"); Vietnamese puts every
// unit after it ("37.400 tỷ đồng", "94 tỷ USD").
type measure struct {
	vi, en string
	// enBefore and enAfter write an English amount: enBefore + number +
	// enAfter. Empty for both: the number, a space and the name.
	enBefore, enAfter string
	// bare: the number needs no unit beside it (a count), or the unit
	// joins the number without a space (%).
	bare, tight bool
}

var measures = map[string]measure{
	"VND":               {vi: "đồng", en: "VND", enBefore: "VND "},
	"VND mn":            {vi: "triệu đồng", en: "VND mn", enBefore: "VND ", enAfter: " mn"},
	"VND bn":            {vi: "tỷ đồng", en: "VND bn", enBefore: "VND ", enAfter: " bn"},
	"VND trillion":      {vi: "nghìn tỷ đồng", en: "VND trillion", enBefore: "VND ", enAfter: " trillion"},
	"USD":               {vi: "USD", en: "USD", enBefore: "USD "},
	"USD mn":            {vi: "triệu USD", en: "USD mn", enBefore: "USD ", enAfter: " mn"},
	"USD bn":            {vi: "tỷ USD", en: "USD bn", enBefore: "USD ", enAfter: " bn"},
	"%":                 {vi: "%", en: "%", tight: true},
	"persons":           {vi: "người", en: "persons"},
	"thousand persons":  {vi: "nghìn người", en: "thousand persons"},
	"thousand":          {vi: "nghìn", en: "thousand"},
	"households":        {vi: "hộ", en: "households"},
	"count":             {vi: "số lượng", en: "count", bare: true},
	"ha":                {vi: "ha", en: "ha"},
	"km2":               {vi: "km²", en: "km²"},
	"rank":              {vi: "hạng", en: "rank"},
	"x":                 {vi: "lần", en: "times"},
	"VND per USD":       {vi: "đồng/USD", en: "VND per USD"},
	"VND mn per worker": {vi: "triệu đồng/lao động", en: "VND mn per worker"},
}

// Unit names a measure unit in the language, for a table's unit column:
// "VND bn" is "tỷ đồng" in Vietnamese. An unknown unit stays as it is.
func Unit(mu string, l Lang) string {
	m, ok := measures[mu]
	switch {
	case !ok:
		return mu
	case l == VI:
		return m.vi
	}
	return m.en
}

// Scaled expresses large amounts in the next unit up, as officers write
// them: VND bn of 1,000 and more in VND trillion (nghìn tỷ đồng), with
// every digit kept (72,497 VND bn is 72.497 VND trillion). Other values
// and units come back as they are.
func Scaled(v float64, mu string) (float64, string) {
	if mu == "VND bn" && math.Abs(v) >= 1000 {
		return thousandth(v), "VND trillion"
	}
	return v, mu
}

// thousandth divides by 1,000 without the binary fraction's noise.
func thousandth(v float64) float64 {
	p := math.Pow(10, float64(digits(v)+3))
	return math.Round(v/1000*p) / p
}

// digits counts the decimals v is written with.
func digits(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// Quantity writes a value with its measure unit as the language writes it,
// with every digit the value has and large VND amounts scaled: 37,400 VND bn
// is "37,4 nghìn tỷ đồng" and "VND 37.4 trillion"; 94 USD bn "94 tỷ USD"
// and "USD 94 bn"; 7.5 % "7,5%" and "7.5%".
func Quantity(v float64, mu string, l Lang) string {
	v, mu = Scaled(v, mu)
	return withUnit(Number(v, l), mu, l)
}

// QuantityFixed is Quantity rounded to a number of decimals, after
// scaling: 72,497 VND bn with one decimal is "72,5 nghìn tỷ đồng".
func QuantityFixed(v float64, decimals int, mu string, l Lang) string {
	v, mu = Scaled(v, mu)
	return withUnit(Fixed(v, decimals, l), mu, l)
}

// QuantityUnscaled writes a value with its unit as Quantity does, in the
// unit given: "37.400 tỷ đồng", "VND 37,400 bn".
func QuantityUnscaled(v float64, mu string, l Lang) string {
	return withUnit(Number(v, l), mu, l)
}

// withUnit places a written number beside its unit.
func withUnit(n, mu string, l Lang) string {
	m, ok := measures[mu]
	switch {
	case !ok:
		if mu == "" {
			return n
		}
		return n + " " + mu
	case m.bare:
		return n
	case m.tight:
		return n + m.en
	case mu == "rank":
		return Unit(mu, l) + " " + n
	case l == VI:
		return n + " " + m.vi
	case m.enBefore != "" || m.enAfter != "":
		return m.enBefore + n + m.enAfter
	}
	return n + " " + m.en
}

// QuantityRange writes a range of values in one unit, scaled by the larger
// end: 37,400 to 40,000 VND bn is "37,4–40 nghìn tỷ đồng" and "VND
// 37.4–40 trillion".
func QuantityRange(lo, hi float64, mu string, l Lang) string {
	big := hi
	if math.Abs(lo) > math.Abs(hi) {
		big = lo
	}
	if _, smu := Scaled(big, mu); smu != mu {
		lo, hi, mu = thousandth(lo), thousandth(hi), smu
	}
	return withUnit(Number(lo, l)+"–"+Number(hi, l), mu, l)
}
