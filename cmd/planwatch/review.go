package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"planwatch"
	"planwatch/exchange"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// openReview opens the database and a review of it that reads the figures
// it needs as it goes: a command on a store of millions of figures reads
// those of the units and periods it shows. Figures recorded after known,
// when it is set, are left out. done closes the database.
func openReview(ctx context.Context, e *env, known time.Time) (rv *review.Review, done func(), err error) {
	// A command that reads a review and exits keeps most of what it
	// allocates until it prints: collecting garbage less often spends a
	// sixth less time, for a third more memory (facts of every province:
	// 140 MB). $GOGC, when set, decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return nil, nil, err
	}
	if rv, err = review.Open(ctx, db, review.LoadOptions{KnownOn: known, Approved: e.approvedOnly, CacheLimit: -1, MemoLimit: -1}); err != nil {
		db.Close()
		return nil, nil, err
	}
	return rv, func() { db.Close() }, nil
}

func checkFormat(e *env, format string) error {
	switch format {
	case "table", "json", "csv":
		return nil
	}
	fmt.Fprintf(e.stderr, "--format %q: use table, json or csv\n", format)
	return errUsage
}

func runFacts(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "facts", "facts [--db FILE] (--unit U | --level L) --period P [--format table|json|csv] [--lang vi|en]",
		"Every indicator of a unit at a period, with growth, share of the parent, ratio to it,\nranks among peers and % of plan. A measure that cannot be computed is empty,\nand the notes say why. --level gives those of every unit of the level valid at the\nend of the period, one after another (every province's in one command).")
	unit := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD")
	level := fs.String("level", "", "instead of --unit, every unit of this level: "+strings.Join(levelNames(), " | "))
	per := fs.String("period", "", "the period: 2025, 2025-Q3, 2025-01/2025-09 ...")
	format := fs.String("format", "table", "table, json or csv")
	lang := langFlag(fs, "language of the table")
	base := fs.String("base", "", "also give each figure as a multiple of its figure at this period")
	knownOn := knownOnFlag(fs)
	approvedOnlyFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*unit == "") == (*level == "") || *per == "" {
		fmt.Fprintln(e.stderr, "facts needs --unit or --level, and --period")
		return errUsage
	}
	if *level != "" && !slices.Contains(planwatch.Levels, planwatch.Level(*level)) {
		fmt.Fprintf(e.stderr, "--level %q: use one of %s\n", *level, strings.Join(levelNames(), ", "))
		return errUsage
	}
	if err := checkFormat(e, *format); err != nil {
		return err
	}
	p, err := period.Parse(*per)
	if err != nil {
		return fmt.Errorf("--period: %v", err)
	}
	var opt review.Options
	if *base != "" {
		if opt.Base, err = period.Parse(*base); err != nil {
			return fmt.Errorf("--base: %v", err)
		}
	}
	known, err := parseKnownOn(*knownOn)
	if err != nil {
		return err
	}
	rv, done, err := openReview(ctx, e, known)
	if err != nil {
		return err
	}
	defer done()
	refs := []string{*unit}
	if *level != "" {
		// The units of the level on the period's last day, each named on
		// that day, so that a code two units had in the period is not
		// ambiguous.
		day := string(planwatch.PeriodSpan(p).LastDay())
		refs = nil
		for _, u := range rv.Peers(planwatch.Level(*level), "", p) {
			refs = append(refs, u.Code+"@"+day)
		}
	}
	var w *csv.Writer
	if *format == "csv" {
		w = csv.NewWriter(e.stdout)
		w.Write([]string{"unit", "indicator", "dims", "period", "value", "measure_unit", "status", "growth_pct", "share_of_parent_pct", "ratio_to_parent", "rank", "pct_of_plan", "notes"})
	}
	var all []review.Fact
	var drafts []string
	for i, ref := range refs {
		facts, err := rv.Facts(ref, p, opt)
		if err != nil {
			return err
		}
		for _, f := range facts {
			drafts = append(drafts, f.Drafts...)
		}
		switch *format {
		case "json":
			all = append(all, facts...)
		case "csv":
			for _, f := range facts {
				w.Write(exchange.SafeRecord([]string{f.Unit, f.Indicator, f.Dims, f.Period, csvNum(f.Value), f.MeasureUnit, f.Status, csvNum(f.GrowthPct),
					csvNum(f.ShareOfParentPct), csvNum(f.RatioToParent), rankText(f.Rank, 0, locale.EN), planText(f.PctOfPlan, locale.EN), strings.Join(f.Notes, "; ")}))
			}
		default:
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			if err := factsTable(e.stdout, rv, ref, p, facts, locale.Parse(*lang)); err != nil {
				return err
			}
		}
	}
	switch {
	case *format == "json":
		if all == nil && *level != "" {
			all = []review.Fact{}
		}
		return writeJSON(e.stdout, all)
	case w != nil:
		w.Flush()
		return w.Error()
	}
	printDrafts(e.stdout, drafts, locale.Parse(*lang))
	return nil
}

func runAssess(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "assess", "assess [--db FILE] [--plan P] [--unit U] [--as-of P] [--format table|json|csv] [--lang vi|en]",
		"Judge each target: achieved, on_track, acceleration_needed, off_track, regressing,\nor not_assessable with the reason; with the latest figure, the projection to the\ndeadline and the growth still required.")
	plan := fs.String("plan", "", "only this plan's targets")
	unit := fs.String("unit", "", "only this unit's targets (a code: every unit that had it; or code@YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "ignore figures of periods after this one")
	format := fs.String("format", "table", "table, json or csv")
	lang := langFlag(fs, "language of the table")
	knownOn := knownOnFlag(fs)
	approvedOnlyFlag(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(e, *format); err != nil {
		return err
	}
	known, err := parseKnownOn(*knownOn)
	if err != nil {
		return err
	}
	f := review.Filter{Plan: *plan, Unit: *unit}
	if *asOf != "" {
		p, err := period.Parse(*asOf)
		if err != nil {
			return fmt.Errorf("--as-of: %v", err)
		}
		f.AsOf = p
	}
	rv, done, err := openReview(ctx, e, known)
	if err != nil {
		return err
	}
	defer done()
	as, err := rv.Assess(f)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeJSON(e.stdout, as)
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write([]string{"plan", "unit", "indicator", "dims", "kind", "deadline", "status", "reason", "latest_value", "latest_period", "projected_value", "required_growth_pct"})
		for _, a := range as {
			lp := ""
			if a.LatestPeriod != nil {
				lp = *a.LatestPeriod
			}
			w.Write(exchange.SafeRecord([]string{a.Plan, a.Unit, a.Indicator, a.Dims, a.Kind, a.Deadline, a.Status, a.Reason, csvNum(a.LatestValue), lp, csvNum(a.ProjectedValue), csvNum(a.RequiredGrowthPct)}))
		}
		w.Flush()
		return w.Error()
	}
	if err := assessTable(e.stdout, rv, as, f.AsOf, locale.Parse(*lang)); err != nil {
		return err
	}
	var drafts []string
	for _, a := range as {
		for _, d := range a.Drafts {
			drafts = append(drafts, a.Unit+" "+d)
		}
	}
	printDrafts(e.stdout, drafts, locale.Parse(*lang))
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func csvNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func fixed(v *float64, decimals int, l locale.Lang) string {
	if v == nil {
		return "-"
	}
	return locale.Fixed(*v, decimals, l)
}

// rankText writes the ranks among at least minPeers peers with data.
func rankText(rs []review.Rank, minPeers int, l locale.Lang) string {
	var parts []string
	for _, r := range rs {
		if r.Rank != nil && r.WithData >= minPeers {
			if l == locale.VI {
				scope := r.Scope
				if scope == "national" {
					scope = "cả nước"
				}
				parts = append(parts, fmt.Sprintf("%s %d/%d (%d có số liệu)", scope, *r.Rank, r.Of, r.WithData))
			} else {
				parts = append(parts, fmt.Sprintf("%s %d/%d (%d with data)", r.Scope, *r.Rank, r.Of, r.WithData))
			}
		}
	}
	return strings.Join(parts, "; ")
}

func planText(m map[string]float64, l locale.Lang) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %s", k, locale.Fixed(m[k], 1, l)))
	}
	return strings.Join(parts, "; ")
}
