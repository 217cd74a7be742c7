package factcheck

import (
	"strings"

	"planwatch/locale"
)

// Line is one result in the words of a language, for a table or a page.
type Line struct {
	Verdict, Claim, Kind, Indicator, Period, Stated, Computed, Reason string
}

// Lines writes each result of a checked draft in the language: the
// verdict, the claim's words, what it is, what it is about, what the
// draft states and what the data give, and why.
func Lines(rep *Report, lang locale.Lang) []Line {
	out := make([]Line, 0, len(rep.Results))
	for _, r := range rep.Results {
		kind := kindWords(r.Kind, r.Target)
		if r.CrossCheck {
			kind = say("cross-check: %s", "đối chiếu chéo: %s", crossWords(r.Measure))
		}
		computed := "-"
		if r.Computed != nil {
			switch r.MeasureUnit {
			case "rank":
				computed = ordinal(int(*r.Computed)).in(lang)
			case "%":
				computed = shownPct(*r.Computed, 2).in(lang)
			case "times", "pp", "count":
				computed = shown(*r.Computed, 2).in(lang)
			default:
				computed = amount(*r.Computed, 2, r.MeasureUnit).in(lang)
			}
		}
		reason := r.Reason
		if lang == locale.VI && r.ReasonVI != "" {
			reason = r.ReasonVI
		}
		ind := r.Indicator
		if r.Dims != "" {
			ind += " [" + locale.Dims(r.Dims, lang) + "]"
		}
		if ind == "" {
			ind = "-"
		}
		out = append(out, Line{Verdict: verdictWords(r.Verdict).in(lang), Claim: strings.Join(strings.Fields(r.Claim), " "), Kind: kind.in(lang),
			Indicator: ind, Period: r.Period, Stated: statedWords(r).in(lang), Computed: computed, Reason: reason})
	}
	return out
}

// Headings names the fields of a Line in the language.
func Headings(lang locale.Lang) Line {
	if lang == locale.VI {
		return Line{"KẾT QUẢ", "CON SỐ TRONG VĂN BẢN", "LOẠI", "CHỈ TIÊU", "KỲ", "VĂN BẢN GHI", "SỐ LIỆU", "Lý do"}
	}
	return Line{"VERDICT", "CLAIM", "KIND", "INDICATOR", "PERIOD", "STATED", "COMPUTED", "Reason"}
}

// Summary counts the verdicts in the language.
func Summary(rep *Report, lang locale.Lang) string {
	counts := map[Verdict]int{}
	crossCounts := map[Verdict]int{}
	claims, crosses := 0, 0
	for _, r := range rep.Results {
		if r.CrossCheck {
			crosses++
			crossCounts[r.Verdict]++
		} else {
			claims++
			counts[r.Verdict]++
		}
	}
	return say("%d claims: %d confirmed, %d differ, %d unverifiable; %d cross-checks: %d agree, %d disagree",
		"%d con số: %d khớp, %d sai lệch, %d chưa kiểm chứng được; %d đối chiếu chéo: %d khớp, %d không khớp",
		claims, counts[Confirmed], counts[Differs], counts[Unverifiable], crosses, crossCounts[Confirmed], crossCounts[Differs]).in(lang)
}

func crossWords(measure string) text {
	switch measure {
	case "formula":
		return text{"the indicator's formula", "theo công thức của chỉ tiêu"}
	case "pct_of_plan":
		return text{"value and % of plan", "giá trị và % kế hoạch"}
	case "growth_pct":
		return text{"value and growth", "giá trị và tốc độ tăng"}
	}
	return text{measure, measure}
}

// statedWords writes what the draft states, in the indicator's measure
// unit, with its qualifier: "> 19 times", "≥ 10%", "thứ 5".
func statedWords(r Result) text {
	if r.Indicator == "" && r.Verdict == Unverifiable {
		return text{"-", "-"}
	}
	if r.MeasureUnit == "rank" {
		return ordinal(int(r.Stated))
	}
	n := text{locale.Number(r.Stated, locale.EN), locale.Number(r.Stated, locale.VI)}
	if r.StatedHigh != nil {
		n = say("%s-%s", "%s-%s", n, text{locale.Number(*r.StatedHigh, locale.EN), locale.Number(*r.StatedHigh, locale.VI)})
	}
	switch r.MeasureUnit {
	case "%":
		n = text{n.en + "%", n.vi + "%"}
	case "pp":
		n = say("%s points", "%s điểm %%", n)
	case "times":
		n = say("%s times", "%s lần", n)
	case "rank", "count", "":
	default:
		if r.StatedHigh == nil {
			n = amount(r.Stated, 7, r.MeasureUnit)
		} else {
			n = text{locale.QuantityRange(r.Stated, *r.StatedHigh, r.MeasureUnit, locale.EN), locale.QuantityRange(r.Stated, *r.StatedHigh, r.MeasureUnit, locale.VI)}
		}
	}
	if r.Kind == KindAvgGrowth {
		n = text{n.en + "/year", n.vi + "/năm"}
	}
	prefix := map[Bound]string{MoreThan: "> ", LessThan: "< ", AtLeast: "≥ ", AtMost: "≤ ", Nearly: "≈ ", About: "≈ ", DoubleDigit: "≥ "}[r.Bound]
	return text{prefix + n.en, prefix + n.vi}
}

// Segment is a piece of a checked draft's text: plain text, or a claim's
// words with its verdict, so that a page can show the draft with each
// claim marked.
type Segment struct {
	Text    string
	Result  int     // the claim's index in Report.Results, or -1
	Verdict Verdict // the claim's, or differs when a cross-check of it disagrees
}

// Segments cuts the report's text into plain pieces and claims, in order.
func Segments(rep *Report) []Segment {
	var out []Segment
	at := 0
	for i, r := range rep.Results {
		if r.CrossCheck || r.Start < at || r.End > len(rep.Text) {
			continue
		}
		if r.Start > at {
			out = append(out, Segment{Text: rep.Text[at:r.Start], Result: -1})
		}
		v := r.Verdict
		for _, x := range rep.Results {
			if x.CrossCheck && x.Start == r.Start && x.End == r.End && x.Verdict == Differs {
				v = Differs
			}
		}
		out = append(out, Segment{Text: rep.Text[r.Start:r.End], Result: i, Verdict: v})
		at = r.End
	}
	if at < len(rep.Text) {
		out = append(out, Segment{Text: rep.Text[at:], Result: -1})
	}
	return out
}
