package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/exchange"
	"planwatch/formula"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

func runTemplate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "template", "template [--db FILE] --plan P --unit U --period P [--out FILE] [--lang vi|en]",
		"Write the entry workbook (XLSX) an officer fills in: a row for each figure the\nplan's targets need for the unit and period (and for the components of an\nindicator defined by a formula), with the measure unit, last period's figure and\nthe target for reference, a list of statuses and locked reference cells.\nFilled in, it imports with planwatch import FILE.xlsx.")
	plan := fs.String("plan", "", "the plan whose targets the figures serve")
	unit := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD")
	per := fs.String("period", "", "the period of the figures: 2024, 2025-Q3 ...")
	out := fs.String("out", "", "the workbook to write (default: PLAN_UNIT_PERIOD.xlsx)")
	lang := langFlag(fs, "language of the workbook")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *plan == "" || *unit == "" || *per == "" {
		fmt.Fprintln(e.stderr, "template needs --plan, --unit and --period")
		return errUsage
	}
	p, err := period.Parse(*per)
	if err != nil {
		return fmt.Errorf("--period: %v", err)
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := buildTemplate(ctx, db, *plan, *unit, p, locale.Parse(*lang))
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = strings.NewReplacer("/", "-", "@", "-").Replace(fmt.Sprintf("%s_%s_%s.xlsx", t.Plan.Code, t.Unit.Code, p))
	}
	if err := writeFile(path, func(w io.Writer) error { return exchange.WriteTemplate(w, t) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d %s\n", path, len(t.Rows), say(locale.Parse(*lang), "dòng số liệu cần điền", "figures to fill in"))
	return nil
}

// buildTemplate gathers what an entry template shows: for each target of
// the plan set for the unit, the figure it needs at the period (the
// indicator with the target's breakdown), the components of an indicator
// defined by a formula, the figure of the period before and the targets
// as people read them.
func buildTemplate(ctx context.Context, s planwatch.Reader, planCode, unitRef string, p period.Period, l locale.Lang) (exchange.Template, error) {
	// The reference figures are last year's: the year before, the same
	// quarter or month a year before, the interval before.
	t := exchange.Template{Lang: l, Period: p, Previous: p.Shift(-int(p.Freq()))}
	if p.IsInterval() {
		t.Previous = p.Previous()
	}
	plans, err := s.Plans(ctx)
	if err != nil {
		return t, err
	}
	i := slices.IndexFunc(plans, func(x planwatch.Plan) bool { return x.Code == planCode })
	if i < 0 {
		return t, planwatch.Errorf(planwatch.ENOTFOUND, "no plan %s", planCode)
	}
	t.Plan = plans[i]
	units, err := s.Units(ctx)
	if err != nil {
		return t, err
	}
	x := planwatch.NewUnitIndex(units)
	span := planwatch.PeriodSpan(p)
	u, err := x.Resolve(unitRef, span)
	if err != nil {
		return t, err
	}
	t.Unit = u
	targets, err := s.Targets(ctx, planwatch.TargetFilter{Plan: planCode, Units: []int64{u.ID}})
	if err != nil {
		return t, err
	}
	if len(targets) == 0 {
		return t, planwatch.Errorf(planwatch.ENOTFOUND, "plan %s has no targets for %s", planCode, u)
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return t, err
	}
	byCode := map[string]planwatch.Indicator{}
	for _, in := range inds {
		byCode[in.Code] = in
	}
	ref := x.RefWithin(u, span)
	type key struct {
		ind  string
		dims planwatch.Dims
	}
	index := map[key]int{}
	// add puts a row for an indicator with dims, and rows for the
	// components of its formula, each with the dims it declares.
	var add func(in planwatch.Indicator, dims planwatch.Dims, target string, depth int)
	add = func(in planwatch.Indicator, dims planwatch.Dims, target string, depth int) {
		k := key{in.Code, dims}
		if j, ok := index[k]; ok {
			if target != "" && !strings.Contains(t.Rows[j].Target, target) {
				t.Rows[j].Target = strings.TrimPrefix(t.Rows[j].Target+"; "+target, "; ")
			}
			return
		}
		index[k] = len(t.Rows)
		row := exchange.TemplateRow{Indicator: in, Dims: dims, Unit: ref, Target: target}
		var parts []planwatch.Indicator
		if in.Formula != "" && depth < 5 {
			if e, err := formula.Parse(in.Formula); err == nil {
				for _, v := range e.Vars() {
					if c, ok := byCode[v]; ok {
						parts = append(parts, c)
					}
				}
			}
			row.Derived = say(l, "tính từ: ", "computed from: ") + in.Formula
		}
		t.Rows = append(t.Rows, row)
		for _, c := range parts {
			// The component keeps the breakdowns it declares.
			var pairs []string
			for _, kv := range dims.Pairs() {
				if c.CheckDims(planwatch.Dims(kv[0]+"="+kv[1])) == nil {
					pairs = append(pairs, kv[0]+"="+kv[1])
				}
			}
			d, _ := planwatch.ParseDims(strings.Join(pairs, ";"))
			add(c, d, "", depth+1)
		}
	}
	for _, tg := range targets {
		in, ok := byCode[tg.Indicator]
		if !ok {
			continue
		}
		text := review.TargetText(tg, in, l) + " (" + tg.Period.String() + ")"
		add(in, tg.Dims, text, 0)
	}
	// The figures of the period before, for reference.
	prev := planwatch.ObservationFilter{Units: []int64{u.ID}, Period: t.Previous, Exact: true}
	if pu, err := x.Resolve(unitRef, planwatch.PeriodSpan(t.Previous)); err == nil && pu.ID != u.ID {
		prev.Units = append(prev.Units, pu.ID)
	}
	obs, err := s.Observations(ctx, prev)
	if err != nil {
		return t, err
	}
	for j := range t.Rows {
		r := &t.Rows[j]
		for _, o := range obs {
			if o.Unit == u.ID && o.Indicator == r.Indicator.Code && o.Dims == r.Dims {
				v := o.Value
				r.Previous = &v
			}
		}
	}
	return t, nil
}
