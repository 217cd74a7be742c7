package factcheck

import (
	"fmt"
	"io"
	"text/tabwriter"

	"planwatch/locale"
)

// WriteTable writes a checked draft as a table in the language: each
// claim with its verdict, what the data give and why, then a count of the
// verdicts.
func WriteTable(w io.Writer, rep *Report, lang locale.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := text{"VERDICT\tCLAIM\tKIND\tINDICATOR\tPERIOD\tSTATED\tCOMPUTED\tREASON",
		"KẾT QUẢ\tCON SỐ TRONG VĂN BẢN\tLOẠI\tCHỈ TIÊU\tKỲ\tVĂN BẢN GHI\tSỐ LIỆU\tLÝ DO"}
	fmt.Fprintln(tw, head.in(lang))
	counts := map[Verdict]int{}
	crossCounts := map[Verdict]int{}
	claims, crosses := 0, 0
	for _, r := range rep.Results {
		kind := kindWords(r.Kind, r.Target)
		if r.CrossCheck {
			kind = say("cross-check: %s", "đối chiếu chéo: %s", crossWords(r.Measure))
			crosses++
			crossCounts[r.Verdict]++
		} else {
			claims++
			counts[r.Verdict]++
		}
		stated, computed := statedWords(r).in(lang), "-"
		if r.Computed != nil {
			computed = shown(*r.Computed, 2).in(lang)
			if r.MeasureUnit == "rank" {
				computed = ordinal(int(*r.Computed)).in(lang)
			}
		}
		reason := r.Reason
		if lang == locale.VI && r.ReasonVI != "" {
			reason = r.ReasonVI
		}
		ind := r.Indicator
		if r.Dims != "" {
			ind += "[" + r.Dims + "]"
		}
		if ind == "" {
			ind = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", verdictWords(r.Verdict).in(lang), trimWords(r.Claim, 48), kind.in(lang), ind, r.Period,
			stated, computed, reason)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	sum := say("%d claims: %d confirmed, %d differ, %d unverifiable; %d cross-checks: %d agree, %d disagree\n",
		"%d con số: %d khớp, %d sai lệch, %d chưa kiểm chứng được; %d đối chiếu chéo: %d khớp, %d không khớp\n",
		claims, counts[Confirmed], counts[Differs], counts[Unverifiable], crosses, crossCounts[Confirmed], crossCounts[Differs])
	_, err := io.WriteString(w, sum.in(lang))
	return err
}

func crossWords(measure string) text {
	switch measure {
	case "formula":
		return text{"total and parts", "tổng và thành phần"}
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
	default:
		u := unitWords(r.MeasureUnit)
		if u.en != "" {
			n = text{n.en + " " + u.en, n.vi + " " + u.vi}
		}
	}
	if r.Kind == KindAvgGrowth {
		n = text{n.en + "/year", n.vi + "/năm"}
	}
	prefix := map[Bound]string{MoreThan: "> ", LessThan: "< ", AtLeast: "≥ ", AtMost: "≤ ", Nearly: "≈ ", About: "≈ ", DoubleDigit: "≥ "}[r.Bound]
	return text{prefix + n.en, prefix + n.vi}
}
