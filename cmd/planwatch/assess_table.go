package main

import (
	"fmt"
	"io"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// assessTable writes the verdicts plan by plan in the language: each plan
// with its kind, unit, horizon and method; each target with its value as
// people read it, the latest figure, the growth still required and the
// verdict, and under it the reason and the verdict as of the last year with
// figures; then a summary by status.
func assessTable(w io.Writer, rv *review.Review, as []review.Assessment, asOf period.Period, l locale.Lang) error {
	if len(as) == 0 {
		_, err := fmt.Fprintln(w, say(l, "không có mục tiêu", "no targets"))
		return err
	}
	for i := 0; i < len(as); {
		j := i
		for j < len(as) && as[j].Plan == as[i].Plan {
			j++
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := planTable(w, rv, as[i:j], asOf, l); err != nil {
			return err
		}
		i = j
	}
	return nil
}

func planTable(w io.Writer, rv *review.Review, as []review.Assessment, at period.Period, l locale.Lang) error {
	plan, _ := rv.Plan(as[0].Plan)
	planUnit, _ := rv.UnitByID(plan.Unit)
	paragraph(w, plan.Code+": "+plan.Title(string(l)))
	about := []string{locale.PlanKind(string(plan.Kind), l)}
	if planUnit.Code != "" {
		about = append(about, fmt.Sprintf("%s (%s)", planUnit.Name(string(l)), planUnit.Code))
	}
	if !plan.Horizon.IsZero() {
		about = append(about, review.DeadlineText(plan.Horizon))
	}
	about = append(about, locale.Method(as[0].Method, l))
	paragraph(w, strings.Join(about, "; "))
	cols := []column{{head: say(l, "CHỈ TIÊU", "INDICATOR"), flex: true}, {head: say(l, "MỤC TIÊU", "TARGET"), max: 18},
		{head: say(l, "THỜI HẠN", "DEADLINE")}, {head: say(l, "MỚI NHẤT", "LATEST"), max: 14},
		{head: say(l, "CẦN %/NĂM", "NEEDS %/YR"), right: true}, {head: say(l, "ĐÁNH GIÁ", "VERDICT"), max: 19}}
	var rows []row
	final, asOf := map[string]int{}, map[string]int{}
	asOfPeriod := ""
	for _, a := range as {
		in, _ := rv.Indicator(a.Indicator)
		name := review.IndicatorText(in, planwatch.Dims(a.Dims), l)
		if a.Unit != planUnit.Code {
			name += " — " + a.UnitName + " (" + a.Unit + ")"
		}
		deadline, _ := period.Parse(a.Deadline)
		// The figures of the verdict as of the last year with data, where
		// the final one has none.
		shown := a.Verdict
		verdict := locale.Status(a.Status, l)
		if a.AsOf != nil {
			shown = a.AsOf.Verdict
			verdict += "\n" + say(l, "tính đến ", "as of ") + a.AsOf.Period + ": " + locale.Status(a.AsOf.Status, l)
		}
		need := "-"
		if shown.RequiredGrowthPct != nil {
			need = locale.Fixed(*shown.RequiredGrowthPct, 2, l)
		}
		why := say(l, "Lý do: ", "Reason: ")
		if !at.IsZero() {
			why = say(l, "Lý do (tính đến ", "Reason (as of ") + at.String() + "): "
		}
		notes := []string{why + review.ReasonText(a.Verdict, l)}
		if a.AsOf != nil {
			notes = append(notes, say(l, "Tính đến ", "As of ")+a.AsOf.Period+": "+review.ReasonText(a.AsOf.Verdict, l))
			asOf[a.AsOf.Status]++
			asOfPeriod = a.AsOf.Period
		} else {
			asOf[a.Status]++
		}
		final[a.Status]++
		if !strings.Contains(name, "("+a.Indicator+")") {
			name += " (" + a.Indicator + ")"
		}
		rows = append(rows, row{cells: []string{name, review.TargetText(a.Target(), in, l), review.DeadlineText(deadline),
			review.LatestText(a, shown, in, l), need, verdict}, notes: notes})
	}
	if err := renderTable(w, cols, rows); err != nil {
		return err
	}
	sum := fmt.Sprintf(say(l, "Tóm tắt: %d mục tiêu: %s", "Summary: %d targets: %s"), len(as), counts(final, l))
	if len(as) == 1 && l == locale.EN {
		sum = "Summary: 1 target: " + counts(final, l)
	}
	if asOfPeriod != "" {
		sum += say(l, "; tính đến ", "; as of ") + asOfPeriod + ": " + counts(asOf, l)
	}
	return paragraph(w, sum+".")
}

// counts lists how many targets have each status, in the order of the
// statuses from best to worst.
func counts(by map[string]int, l locale.Lang) string {
	var parts []string
	for _, s := range []string{"achieved", "on_track", "acceleration_needed", "off_track", "regressing", "not_assessable"} {
		if by[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", by[s], locale.Status(s, l)))
		}
	}
	return strings.Join(parts, ", ")
}
