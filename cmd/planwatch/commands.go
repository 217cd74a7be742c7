package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"planwatch"
	"planwatch/demo"
	"planwatch/exchange"
	"planwatch/formula"
	"planwatch/locale"
	"planwatch/period"
)

func runInit(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "init", "init [--db FILE] [--demo]", "Create the database, or bring an existing one's schema up to date.\nWith --demo, load the embedded demo: Bac Ninh's plans, targets and figures.")
	withDemo := fs.Bool("demo", false, "load the embedded demo data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "init takes no arguments, got %q\n", fs.Args())
		return errUsage
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: schema version %d\n", e.db, v)
	if !*withDemo {
		return nil
	}
	sum, err := loadDemo(ctx, db)
	if err != nil {
		return err
	}
	printSummary(e.stdout, sum, false)
	return nil
}

// loadDemo writes the embedded demo into the store.
func loadDemo(ctx context.Context, s planwatch.Store) (planwatch.Summary, error) {
	b, err := demo.Batch()
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{RecordedBy: "planwatch demo"})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return sum, nil
}

func runImport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "import", "import [--db FILE] [--dry-run] FILE...", "Read canonical CSV files (units, lineage, groups, indicators, plans, targets,\nobservations; the kind is recognised from the header) in any order.\nEither everything is written or, on any error, nothing.")
	dry := fs.Bool("dry-run", false, "check and count, write nothing")
	by := fs.String("by", recorder(), "who the new figures are recorded by")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "import needs at least one FILE")
		return errUsage
	}
	// An import holds every record in memory until it is checked whole;
	// collecting garbage less often makes a million rows a third faster.
	debug.SetGCPercent(400)
	all := &planwatch.Batch{}
	var errs planwatch.ErrorList
	for _, name := range fs.Args() {
		f, err := os.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// Observation files stream while they are applied: they stay open
		// until then.
		defer f.Close()
		b, kind, err := exchange.Open(filepath.Base(name), f)
		if err != nil {
			var l planwatch.ErrorList
			if le, ok := err.(planwatch.ErrorList); ok {
				l = le
			} else {
				l = planwatch.ErrorList{err}
			}
			errs = append(errs, l...)
			continue
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", name, kind)
		for _, w := range b.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", w)
		}
		all.Append(b)
	}
	if len(errs) > 0 {
		return fmt.Errorf("nothing imported:\n%w", errs)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := planwatch.Apply(ctx, db, all, planwatch.ApplyOptions{DryRun: *dry, RecordedBy: *by})
	if err != nil {
		return fmt.Errorf("nothing imported:\n%w", err)
	}
	printSummary(e.stdout, sum, *dry)
	return nil
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "export", "export [--db FILE] --kind KIND [--unit U] [--indicator I] [--period P] [--out FILE]",
		"Write one kind of record as canonical CSV: "+exchange.KindNames()+".")
	kind := fs.String("kind", "", "what to export: "+exchange.KindNames())
	unit := fs.String("unit", "", "only this unit (a code: every unit that had it; or code@YYYY-MM-DD)")
	ind := fs.String("indicator", "", "only this indicator")
	per := fs.String("period", "", "only periods within this one (2025, 2021/2025 ...)")
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *kind == "" {
		fmt.Fprintln(e.stderr, "export needs --kind:", exchange.KindNames())
		return errUsage
	}
	f := exchange.Filter{Unit: *unit, Indicator: *ind}
	if *per != "" {
		p, err := period.Parse(*per)
		if err != nil {
			return fmt.Errorf("--period: %v", err)
		}
		f.Period = p
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	w := bufio.NewWriter(e.stdout)
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		w = bufio.NewWriter(file)
	}
	err = exchange.Export(ctx, db, *kind, f, w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*out)
		}
	}
	return err
}

func runShow(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "show", "show [--db FILE] --unit U [--period P] [--lang vi|en]", "Print a unit's figures, with their status and source.")
	unit := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD")
	per := fs.String("period", "", "only periods within this one (2025, 2021/2025 ...)")
	lang := fs.String("lang", "en", "language of names and numbers: vi or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *unit == "" {
		fmt.Fprintln(e.stderr, "show needs --unit")
		return errUsage
	}
	l := locale.Parse(*lang)
	var p period.Period
	within := planwatch.Span{}
	if *per != "" {
		var err error
		if p, err = period.Parse(*per); err != nil {
			return fmt.Errorf("--period: %v", err)
		}
		within = planwatch.PeriodSpan(p)
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	u, err := planwatch.NewUnitIndex(units).Resolve(*unit, within)
	if err != nil {
		return err
	}
	inds, err := db.Indicators(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]planwatch.Indicator{}
	for _, in := range inds {
		byCode[in.Code] = in
	}
	obs, err := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: p})
	if err != nil {
		return err
	}
	valid := "valid from " + orDash(string(u.ValidFrom)) + " to " + orDash(string(u.ValidTo))
	if l == locale.VI {
		valid = "hiệu lực từ " + orDash(string(u.ValidFrom)) + " đến " + orDash(string(u.ValidTo))
	}
	fmt.Fprintf(e.stdout, "%s (%s), %s, %s\n", u.Name(string(l)), u.Code, u.Level, valid)
	if len(obs) == 0 {
		fmt.Fprintln(e.stdout, "no figures")
		return nil
	}
	heads := map[locale.Lang][]string{
		locale.EN: {"INDICATOR", "NAME", "DIMS", "PERIOD", "VALUE", "UNIT", "STATUS", "SOURCE"},
		locale.VI: {"MÃ", "CHỈ TIÊU", "PHÂN TỔ", "KỲ", "GIÁ TRỊ", "ĐƠN VỊ", "TT", "NGUỒN"},
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(heads[l], "\t"))
	for _, o := range obs {
		in := byCode[o.Indicator]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.Indicator, clip(in.Name(string(l)), 40), orDash(string(o.Dims)), o.Period,
			locale.Number(o.Value, l), in.MeasureUnit, o.Status, clip(o.Source, 60))
	}
	for _, d := range derived(inds, obs) {
		in := byCode[d.indicator]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.indicator, clip(in.Name(string(l)), 40), "-", d.period,
			locale.Fixed(d.value, 2, l), in.MeasureUnit, "=", clip("= "+in.Formula, 60))
	}
	return tw.Flush()
}

type figure struct {
	indicator string
	period    period.Period
	value     float64
}

// derived computes the indicators defined by a formula from the unit's own
// figures of the same period, where every operand is there and nothing is
// stored for the indicator itself. Status "=" marks them.
func derived(inds []planwatch.Indicator, obs []planwatch.Observation) []figure {
	values := map[period.Period]map[string]float64{}
	var periods []period.Period
	for _, o := range obs {
		if o.Dims != "" {
			continue
		}
		if values[o.Period] == nil {
			values[o.Period] = map[string]float64{}
			periods = append(periods, o.Period)
		}
		values[o.Period][o.Indicator] = o.Value
	}
	var out []figure
	for _, in := range inds {
		if in.Formula == "" {
			continue
		}
		e, err := formula.Parse(in.Formula)
		if err != nil {
			continue
		}
		for _, p := range periods {
			if _, stored := values[p][in.Code]; stored {
				continue
			}
			v, err := e.Eval(func(name string) (float64, bool) { v, ok := values[p][name]; return v, ok })
			if err == nil {
				out = append(out, figure{in.Code, p, v})
			}
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to n characters for a table.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
