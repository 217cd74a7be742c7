package factcheck

import (
	"fmt"
	"math"

	"planwatch/locale"
)

// text is a sentence in both languages: reasons are written once each.
type text struct{ en, vi string }

func say(en, vi string, args ...any) text {
	t := text{en: en, vi: vi}
	if len(args) > 0 {
		ea, va := make([]any, len(args)), make([]any, len(args))
		for i, a := range args {
			switch x := a.(type) {
			case text:
				ea[i], va[i] = x.en, x.vi
			default:
				ea[i], va[i] = a, a
			}
		}
		t.en, t.vi = fmt.Sprintf(en, ea...), fmt.Sprintf(vi, va...)
	}
	return t
}

func (t text) join(sep string, o text) text {
	if t.en == "" {
		return o
	}
	if o.en == "" {
		return t
	}
	return text{t.en + sep + o.en, t.vi + sep + o.vi}
}

// num writes v in both languages with the given decimals, or with the
// digits it has (up to four decimals) when decimals < 0.
func num(v float64, decimals int) text {
	if decimals < 0 {
		decimals = 0
		for decimals < 4 && math.Abs(v*math.Pow10(decimals)-math.Round(v*math.Pow10(decimals))) > 1e-9*math.Max(1, math.Abs(v)) {
			decimals++
		}
	}
	return text{locale.Fixed(v, decimals, locale.EN), locale.Fixed(v, decimals, locale.VI)}
}

// unitWords names a measure unit in both languages, as locale does ("USD
// bn" is "tỷ USD"); a count has no unit word, "times" is "lần".
func unitWords(mu string) text {
	switch mu {
	case "count", "":
		return text{}
	case "times":
		return text{"times", "lần"}
	}
	return text{locale.Unit(mu, locale.EN), locale.Unit(mu, locale.VI)}
}

// amount writes a number with its measure unit as locale writes amounts
// (large VND amounts in trillions: "VND 72.497 trillion", "72,497 nghìn tỷ
// đồng"), with the digits it has up to the given decimals (all of them, up
// to four, when decimals < 0).
func amount(v float64, decimals int, mu string) text {
	if decimals < 0 {
		decimals = 4
	}
	sv, smu := locale.Scaled(v, mu)
	if smu != mu {
		decimals += 3
	}
	d := 0
	for d < min(decimals, 7) && math.Abs(sv*math.Pow10(d)-math.Round(sv*math.Pow10(d))) > 1e-9*math.Max(1, math.Abs(sv)) {
		d++
	}
	r := math.Round(sv*math.Pow10(d)) / math.Pow10(d)
	if mu == "count" || mu == "" {
		n := num(r, d)
		return n
	}
	return text{locale.QuantityUnscaled(r, smu, locale.EN), locale.QuantityUnscaled(r, smu, locale.VI)}
}

// shown writes a computed figure with the digits it has, but at most one
// more decimal than the text wrote: 36.09 beside "36.1%".
func shown(v float64, most int) text {
	d := 0
	for d < 4 && math.Abs(v*math.Pow10(d)-math.Round(v*math.Pow10(d))) > 1e-9*math.Max(1, math.Abs(v)) {
		d++
	}
	return num(v, min(d, most))
}

func shownPct(v float64, most int) text {
	n := shown(v, most)
	return text{n.en + "%", n.vi + "%"}
}

func ordinal(n int) text { return text{ordinalEN(n), fmt.Sprintf("thứ %d", n)} }

func pct(v float64, decimals int) text {
	n := num(v, decimals)
	return text{n.en + "%", n.vi + "%"}
}

func ordinalEN(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// scopeWords names a rank's or share's scope.
func scopeWords(scope string, group text) text {
	if scope == "national" || scope == "" {
		return text{"nationwide", "cả nước"}
	}
	return say("in %s", "trong vùng %s", group)
}

// Verdict words for tables.
func verdictWords(v Verdict) text {
	switch v {
	case Confirmed:
		return text{"confirmed", "khớp"}
	case Differs:
		return text{"differs", "sai lệch"}
	}
	return text{"unverifiable", "chưa kiểm chứng được"}
}

// KindWords names a kind of claim for people.
func kindWords(k Kind, target bool) text {
	t := map[Kind]text{
		KindValue: {"value", "giá trị"}, KindGrowth: {"growth", "tăng trưởng"}, KindPctOfPlan: {"% of plan", "% kế hoạch"},
		KindRank: {"rank", "xếp hạng"}, KindShare: {"share", "tỷ trọng"}, KindRatio: {"ratio", "so sánh"},
		KindMultiple: {"multiple", "số lần"}, KindAvgGrowth: {"average growth", "tăng bình quân"},
	}[k]
	if target {
		t = text{"target: " + t.en, "mục tiêu: " + t.vi}
	}
	return t
}

func (t text) in(lang locale.Lang) string {
	if lang == locale.VI && t.vi != "" {
		return t.vi
	}
	return t.en
}
