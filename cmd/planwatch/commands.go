package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/demo"
	"planwatch/excerpt"
	"planwatch/exchange"
	"planwatch/period"
)

func runInit(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "init", "init [--db FILE] [--demo]", "Create the database, or bring an existing one's schema up to date.\nWith --demo, load the embedded demo: Bac Ninh's plans, targets and figures.")
	withDemo := fs.Bool("demo", false, "load the embedded demo data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "init takes no arguments, got %s\n", excerpt.Quote(strings.Join(fs.Args(), " ")))
		return errUsage
	}
	db, err := e.create(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: schema version %d\n", displayName(e.db), v)
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
	sum, err := demo.Load(ctx, s, planwatch.ApplyOptions{RecordedBy: "planwatch demo", Approved: true})
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return sum, nil
}

// importMemoryLimit is the heap an import tries to stay within; with
// SQLite's page cache (64 MB) beside it, a million rows peak under 250 MB.
const importMemoryLimit = 160 << 20

func runImport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "import", "import [--db FILE] [--dry-run] [--format F] [--map FILE] FILE...", "Read canonical CSV files (units, lineage, groups, indicators, codes, sources,\nplans, targets, observations; the kind is recognised from the header) in any\norder, and data in the formats of other systems ("+strings.Join(exchange.FormatNames()[1:], ", ")+"),\nrecognised from the content. Their codes are mapped to planwatch's by --map; a file\nwhose codes need a mapping writes a template of one (FILE.map.csv) to complete.\nEither everything is written or, on any error, nothing.")
	dry := fs.Bool("dry-run", false, "check and count, write nothing, and list what would be added or changed")
	by := fs.String("by", recorder(), "who the new figures are recorded by (with --approved, an administrator's username)")
	approved := fs.Bool("approved", false, "the figures were approved elsewhere: write them approved (an administrator only, named by --by); without it, new figures are drafts until approved")
	format := fs.String("format", "", "the files' format, when it is not to be recognised from the content")
	mapFile := fs.String("map", "", "a mapping `file` (CSV: field,value,unit,indicator,dims,scale) from the files' codes to planwatch's")
	tmpl := fs.String("map-template", "", "where to write the mapping template when codes need one (default: beside each file, FILE.map.csv)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "import needs at least one FILE")
		return errUsage
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *approved {
		grants, err := actorUser(ctx, db, *by)
		if err != nil {
			return err
		}
		if !account.NewScope(nil, nil).Allowed(grants, account.Admin, 0, "") {
			return planwatch.Errorf(planwatch.EFORBIDDEN, "--approved: %s is not an administrator of every unit (planwatch user grant %s admin@*)", *by, *by)
		}
	}
	ctx = planwatch.WithActor(ctx, planwatch.Actor{User: *by, Via: "cli: planwatch import " + strings.Join(args, " ")})
	opt, err := importOptions(ctx, db, *format, *mapFile)
	if err != nil {
		return err
	}
	opt.Notes = func(file, note string) { fmt.Fprintf(e.stderr, "%s: %s\n", file, note) }
	paths := map[string]string{}
	// Collecting garbage less often makes a million rows a third faster;
	// the soft limit collects sooner once the heap nears it (a million
	// rows keep some 50 MB live). Go lets the heap pass the limit rather
	// than spend more than half its time collecting, so a far larger
	// import is slower, never stuck.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(importMemoryLimit)
	files := fs.Args()
	var size int64
	for _, name := range files {
		if st, err := os.Stat(name); err == nil {
			size += st.Size()
		}
	}
	prog := newProgress(e.stderr, size)
	all := &planwatch.Batch{}
	var errs planwatch.ErrorList
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// Observation files stream while they are applied: they stay open
		// until then.
		defer f.Close()
		paths[filepath.Base(name)] = name
		b, kind, err := exchange.OpenWith(filepath.Base(name), prog.reader(f), opt)
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
		return failure(errs, files)
	}
	plan := &planList{}
	aopt := planwatch.ApplyOptions{DryRun: *dry, RecordedBy: *by, Approved: *approved}
	if *dry {
		aopt.Plan, aopt.PlanLimit = plan.add, shownPerKind
	}
	prog.start()
	sum, err := planwatch.Apply(ctx, db, all, aopt)
	prog.finish()
	if err != nil {
		for _, t := range writeMappingTemplates(err, paths, *tmpl, opt) {
			fmt.Fprintf(e.stderr, "đã ghi %s: điền đơn vị, chỉ tiêu, phân tổ (unit, indicator, dims), kiểm tra từng dự đoán rồi xoá ô guess, sau đó nhập lại với --map %s\n", t, t)
			fmt.Fprintf(e.stderr, "wrote %s: complete it (unit, indicator, dims; check each guess, then empty its guess column) and import again with --map %s\n", t, t)
		}
		return failure(err, files)
	}
	printSummary(e.stdout, sum, *dry)
	if *dry {
		printPlan(e.stdout, plan, sum)
	}
	return nil
}

func runExport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "export", "export [--db FILE] [--format F] [--kind KIND] [--unit U] [--indicator I] [--period P] [--out FILE] [--structure FILE]",
		"Write one kind of record as canonical CSV: "+exchange.KindNames()+";\nthe whole store as one workbook (--format xlsx: a sheet per kind and a README);\nor the observations as SDMX-CSV 2.0, SDMX-JSON 2.0 or DHIS2 dataValueSets JSON,\nin planwatch's codes (import reads them back without a mapping); --structure\nwrites planwatch's SDMX data structure definition (SDMX-ML 3.0).")
	format := fs.String("format", exchange.Canonical, "what to write: "+strings.Join(exchange.ExportFormats, ", "))
	structure := fs.String("structure", "", "write planwatch's SDMX data structure definition (SDMX-ML 3.0) to this `file`")
	kind := fs.String("kind", "", "what to export: "+exchange.KindNames())
	unit := fs.String("unit", "", "only this unit (a code: every unit that had it; or code@YYYY-MM-DD)")
	ind := fs.String("indicator", "", "only this indicator")
	per := fs.String("period", "", "only periods within this one (2025, 2021/2025 ...)")
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !slices.Contains(exchange.ExportFormats, *format) {
		fmt.Fprintf(e.stderr, "--format is one of %s, not %q\n", strings.Join(exchange.ExportFormats, ", "), *format)
		return errUsage
	}
	if *format != exchange.Canonical && *format != exchange.XLSX && *kind != "" && *kind != "observations" {
		fmt.Fprintf(e.stderr, "--format %s writes observations, not %s\n", *format, *kind)
		return errUsage
	}
	if *format == exchange.XLSX && *kind != "" {
		fmt.Fprintln(e.stderr, "--format xlsx writes every kind, a sheet each: drop --kind")
		return errUsage
	}
	if *format == exchange.XLSX && *out == "" && isTerminal(e.stdout) {
		fmt.Fprintln(e.stderr, "--format xlsx writes a workbook: give --out FILE.xlsx")
		return errUsage
	}
	if *kind == "" && *format == exchange.Canonical && *structure == "" {
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
	if *structure != "" {
		if err := writeFile(*structure, func(w io.Writer) error { return exchange.ExportStructure(ctx, db, w, time.Now()) }); err != nil {
			return err
		}
		if *kind == "" && *format == exchange.Canonical {
			return nil
		}
	}
	w := bufio.NewWriter(e.stdout)
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return err
		}
		w = bufio.NewWriter(file)
	}
	switch *format {
	case exchange.Canonical:
		err = exchange.Export(ctx, db, *kind, f, w)
	case exchange.XLSX:
		err = exchange.ExportWorkbook(ctx, db, f, w)
	default:
		err = exchange.ExportAs(ctx, db, *format, f, w, time.Now())
	}
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

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
