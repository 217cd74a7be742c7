package review

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
)

// Texts a person reads about targets and figures, in either language: one
// function per text, for the command line, the pages and the reports alike.

// TargetText writes a target's value as people read it, from its kind: a
// growth band "7–8%/năm" / "7–8%/year", a level in the indicator's measure
// unit ("tối thiểu 37,4 nghìn tỷ đồng" / "at least VND 37.4 trillion"), a
// growth in one period "tối thiểu 10%" / "at least 10%", a plan figure
// "kế hoạch 74,6 tỷ USD" / "plan USD 74.6 bn".
func TargetText(t planwatch.Target, in planwatch.Indicator, l locale.Lang) string {
	vi := l == locale.VI
	word := func(v, e string) string {
		if vi {
			return v
		}
		return e
	}
	mu := in.MeasureUnit
	switch t.Kind {
	case planwatch.AvgGrowth, planwatch.Growth:
		per := ""
		if t.Kind == planwatch.AvgGrowth {
			per = word("/năm", "/year")
		}
		lo, hi := t.Low, t.High
		if t.Value != nil {
			lo, hi = t.Value, t.Value
		}
		switch {
		case lo != nil && hi != nil && *lo == *hi:
			return locale.Number(*lo, l) + "%" + per
		case lo != nil && hi != nil:
			return locale.Number(*lo, l) + "–" + locale.Number(*hi, l) + "%" + per
		case lo != nil:
			return word("tối thiểu ", "at least ") + locale.Number(*lo, l) + "%" + per
		case hi != nil:
			return word("tối đa ", "at most ") + locale.Number(*hi, l) + "%" + per
		}
	case planwatch.Range:
		if t.Low != nil && t.High != nil {
			return locale.QuantityRange(*t.Low, *t.High, mu, l)
		}
	case planwatch.AtLeast, planwatch.AtMost, planwatch.Exactly, planwatch.PlanFig:
		if t.Value == nil {
			break
		}
		q := locale.Quantity(*t.Value, mu, l)
		switch t.Kind {
		case planwatch.AtLeast:
			return word("tối thiểu ", "at least ") + q
		case planwatch.AtMost:
			return word("tối đa ", "at most ") + q
		case planwatch.Exactly:
			return word("bằng ", "exactly ") + q
		}
		return word("kế hoạch ", "plan ") + q
	}
	return word("(không có giá trị)", "(no value)")
}

// DeadlineText writes a target's period: "2025" or "2021–2025".
func DeadlineText(p period.Period) string { return p.Label() }

// Target gives back the target an assessment judges, as far as its text
// needs: kind, value or band, deadline, dimensions.
func (a Assessment) Target() planwatch.Target {
	t := planwatch.Target{Plan: a.Plan, UnitCode: a.Unit, Indicator: a.Indicator, Dims: planwatch.Dims(a.Dims),
		Kind: planwatch.TargetKind(a.Kind), Value: a.TargetValue, Low: a.Low, High: a.High, Wording: a.Wording,
		WordingLang: a.WordingLang, WordingTranslation: a.WordingTranslation}
	t.Period, _ = period.Parse(a.Deadline)
	return t
}

// IndicatorText names an indicator with its dimension values in the
// language: "Cơ cấu kinh tế theo khu vực (công nghiệp và xây dựng)".
func IndicatorText(in planwatch.Indicator, dims planwatch.Dims, l locale.Lang) string {
	name := in.Name(string(l))
	if name == "" {
		name = in.Code
	}
	// The values the name does not already say ("GRDP per capita (current
	// prices)" needs no second "current prices").
	var vals []string
	for _, kv := range dims.Pairs() {
		v := locale.DimValue(kv[0], kv[1], l)
		if !strings.Contains(strings.ToLower(name), strings.ToLower(v)) {
			vals = append(vals, v)
		}
	}
	if len(vals) > 0 {
		return name + " (" + strings.Join(vals, "; ") + ")"
	}
	return name
}

// inSentence lowers the first letter of a name for the middle of a
// sentence ("Tỷ lệ hộ nghèo" becomes "tỷ lệ hộ nghèo"), but not of an
// abbreviation ("GRDP per capita" stays).
func inSentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

// ReasonText is a verdict's reason in the language.
func ReasonText(v Verdict, l locale.Lang) string {
	if l == locale.VI && v.ReasonVI != "" {
		return v.ReasonVI
	}
	return v.Reason
}

// VerdictText says a verdict in words: the status, and beside a final
// verdict that is not assessable the verdict as of the last year with
// data: "2025: not assessable (boundary changed on 2025-07-01); as of 2024:
// on track".
func VerdictText(a Assessment, l locale.Lang) string {
	status := locale.Status(a.Status, l)
	if a.AsOf == nil {
		return status
	}
	deadline, _ := period.Parse(a.Deadline)
	short := ReasonText(a.Verdict, l)
	if i := strings.IndexAny(short, ":;"); i >= 0 {
		short = short[:i]
	}
	final := DeadlineText(deadline) + ": " + status
	if short != "" {
		final += " (" + short + ")"
	}
	if l == locale.VI {
		return final + "; tính đến " + a.AsOf.Period + ": " + locale.Status(a.AsOf.Status, l)
	}
	return final + "; as of " + a.AsOf.Period + ": " + locale.Status(a.AsOf.Status, l)
}

// LatestText writes what a verdict measured, as its target is written:
// the latest level with its year ("33,227 nghìn tỷ đồng (2021)"), the
// realised average growth of a growth band ("7,25%/năm (2021–2022)"), the
// growth of one period, or the actual figure against a plan figure with
// its percentage ("94 tỷ USD (126%)"). "-" when there is none.
func LatestText(a Assessment, v Verdict, in planwatch.Indicator, l locale.Lang) string {
	if v.LatestValue == nil || v.LatestPeriod == nil {
		return "-"
	}
	per := *v.LatestPeriod
	switch planwatch.TargetKind(a.Kind) {
	case planwatch.AvgGrowth:
		if v.RealisedGrowthPct == nil {
			return "-"
		}
		span := per
		if d, err := period.Parse(a.Deadline); err == nil && strconv.Itoa(d.StartYear()) != per {
			span = strconv.Itoa(d.StartYear()) + "–" + per
		}
		return locale.Fixed(*v.RealisedGrowthPct, 2, l) + "%" + perYear(l) + " (" + span + ")"
	case planwatch.Growth:
		return locale.Fixed(*v.LatestValue, 2, l) + "% (" + per + ")"
	case planwatch.PlanFig:
		q := locale.Quantity(*v.LatestValue, in.MeasureUnit, l)
		if v.PctOfPlan != nil {
			return q + " (" + locale.Fixed(*v.PctOfPlan, 1, l) + "%)"
		}
		return q
	}
	return locale.Quantity(*v.LatestValue, in.MeasureUnit, l) + " (" + per + ")"
}

// RequiredText writes the average growth per year still required:
// "3,00%/năm" / "3.00%/year"; "-" when none is.
func RequiredText(v Verdict, l locale.Lang) string {
	if v.RequiredGrowthPct == nil {
		return "-"
	}
	return locale.Fixed(*v.RequiredGrowthPct, 2, l) + "%" + perYear(l)
}

func perYear(l locale.Lang) string {
	if l == locale.VI {
		return "/năm"
	}
	return "/year"
}

// RankText writes a place among peers, saying how many had a figure when
// not all did, so that the first of two is never read as the first of all:
// "thứ 5/34" / "5th of 34"; "thứ 1 trong 2 có số liệu (trên 34)" / "1st
// of 2 with data (of 34)". "" when the unit has no place.
func RankText(r Rank, l locale.Lang) string {
	if r.Rank == nil {
		return ""
	}
	n := *r.Rank
	if l == locale.VI {
		if r.WithData < r.Of {
			return fmt.Sprintf("thứ %d trong %d có số liệu (trên %d)", n, r.WithData, r.Of)
		}
		return fmt.Sprintf("thứ %d/%d", n, r.Of)
	}
	if r.WithData < r.Of {
		return fmt.Sprintf("%s of %d with data (of %d)", Ordinal(n), r.WithData, r.Of)
	}
	return fmt.Sprintf("%s of %d", Ordinal(n), r.Of)
}

// Ordinal writes an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st.
func Ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
