package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// factsTable writes a unit's facts at a period as a table in the language,
// with a legend for what its columns abbreviate.
func factsTable(w io.Writer, rv *review.Review, unitRef string, p period.Period, facts []review.Fact, l locale.Lang) error {
	if len(facts) == 0 {
		_, err := fmt.Fprintln(w, say(l, "không có số liệu", "no figures"))
		return err
	}
	if u, err := rv.Unit(unitRef, p); err == nil {
		fmt.Fprintf(w, "%s (%s), %s\n", u.Name(string(l)), u.Code, p)
	}
	cols := []column{{head: say(l, "CHỈ TIÊU", "INDICATOR"), flex: true}, {head: say(l, "GIÁ TRỊ", "VALUE"), right: true},
		{head: say(l, "ĐƠN VỊ", "UNIT")}, {head: say(l, "TT", "ST")}, {head: say(l, "TĂNG %", "GROWTH %"), right: true},
		{head: say(l, "CẤP TRÊN", "PARENT"), right: true}, {head: say(l, "XẾP HẠNG", "RANK"), max: 12}, {head: say(l, "% KH", "% PLAN"), right: true}}
	var rows []row
	statuses := map[string]bool{}
	groups, plans := map[string]bool{}, map[string]bool{}
	breaks := false
	for _, f := range facts {
		in, _ := rv.Indicator(f.Indicator)
		value, status := fixed(f.Value, 2, l), f.Status
		if f.Rebuilt {
			status = "R" // rebuilt from the predecessors' figures
		}
		if f.Value != nil && f.Status != "=" {
			value = locale.Number(*f.Value, l) // stored or summed, with the digits it was given
		}
		if status != "" {
			statuses[status] = true
		}
		growth := fixed(f.GrowthPct, 1, l)
		if slices.ContainsFunc(f.Notes, func(n string) bool { return strings.Contains(n, "a break in the series") }) {
			growth += "*"
			breaks = true
		}
		parent := "-"
		switch {
		case f.ShareOfParentPct != nil:
			parent = locale.Fixed(*f.ShareOfParentPct, 2, l) + "%"
		case f.RatioToParent != nil:
			parent = locale.Fixed(*f.RatioToParent, 2, l) + say(l, " lần", "×")
		}
		var ranks []string
		for _, r := range f.Rank {
			if r.Rank == nil || r.WithData < 2 {
				continue
			}
			rk := fmt.Sprintf("%d/%d (%d)", *r.Rank, r.Of, r.WithData)
			if r.Scope != "national" {
				rk = r.Scope + " " + rk
				groups[r.Scope] = true
			}
			ranks = append(ranks, rk)
		}
		var pcts []string
		for _, code := range slices.Sorted(maps.Keys(f.PctOfPlan)) {
			pcts = append(pcts, locale.Fixed(f.PctOfPlan[code], 1, l))
			plans[code] = true
		}
		name := review.IndicatorText(in, planwatch.Dims(f.Dims), l)
		if !strings.Contains(name, "("+f.Indicator+")") {
			name += " (" + f.Indicator + ")"
		}
		rows = append(rows, row{cells: []string{name, value,
			locale.Unit(f.MeasureUnit, l), status, growth, parent, orDash(strings.Join(ranks, "\n")), orDash(strings.Join(pcts, "\n"))}})
	}
	if err := renderTable(w, cols, rows); err != nil {
		return err
	}
	if err := statusLegend(w, statuses, l); err != nil {
		return err
	}
	if breaks {
		paragraph(w, say(l, "*: chuỗi số liệu bị gãy (khác nguồn): tốc độ tăng theo số công bố, hoặc không tính (lý do ở --format json)",
			"*: a break in the series (another source): growth is the published rate, or not computed (why in --format json)"))
	}
	legend := say(l, "Cấp trên: tỷ trọng trong tổng của cấp trên, hoặc số lần so với cấp trên. Xếp hạng: hạng/số đơn vị cùng cấp (số đơn vị có số liệu)",
		"Parent: share of the parent's total, or times the parent's figure. Rank: place/units of the level (units with a figure)")
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		legend += "; " + g + ": " + groupName(rv, g, l)
	}
	paragraph(w, legend+".")
	if len(plans) > 0 {
		var ps []string
		for _, code := range slices.Sorted(maps.Keys(plans)) {
			t := code
			if pl, ok := rv.Plan(code); ok {
				t += " (" + pl.Title(string(l)) + ")"
			}
			ps = append(ps, t)
		}
		paragraph(w, say(l, "% KH: so với chỉ tiêu kế hoạch của ", "% plan: against the plan figure of ")+strings.Join(ps, ", ")+".")
	}
	return nil
}

// groupName is a group's name in the language, or its code.
func groupName(rv *review.Review, code string, l locale.Lang) string {
	for _, m := range rv.Members() {
		if m.Group == code {
			if l == locale.EN && m.NameEN != "" {
				return m.NameEN
			}
			if m.NameVI != "" {
				return m.NameVI
			}
		}
	}
	return code
}
