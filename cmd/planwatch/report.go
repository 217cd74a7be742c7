package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"planwatch/locale"
	"planwatch/period"
	"planwatch/report"
	"planwatch/report/docx"
	"planwatch/report/html"
	"planwatch/report/md"
	"planwatch/review"
)

// knownOnFlag adds --known-on to a command that reads figures.
func knownOnFlag(fs *flag.FlagSet) *string {
	return fs.String("known-on", "", "use only the figures recorded by the end of this `date` (YYYY-MM-DD, Viet Nam time), as they were then")
}

// parseKnownOn reads --known-on: a day, whose end in Viet Nam's time is
// the bound, or an RFC 3339 time; zero for none.
func parseKnownOn(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := report.EndOfDay(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--known-on: %v", err)
	}
	return t, nil
}

// loadReviewKnown loads a review of the figures as recorded by a time
// (all of them for the zero time).
func loadReviewKnown(ctx context.Context, e *env, known time.Time) (*review.Review, error) {
	db, err := e.openExisting(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return review.Load(ctx, db, review.LoadOptions{KnownOn: known, Approved: e.approvedOnly})
}

func runReport(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "report", "report [--db FILE] --unit U --period P [--plan PLAN] [--kind year-end|term-review] [--lang vi|en] [--format md|html|docx] [--out FILE] [--known-on DATE [--compare DATE]]",
		"Write the year-end report of a unit (its key results with growth, % of plan, ranks and\nratios; the plan targets of the year with their verdicts; the next year's objectives) or the\nreview of a term's plan (average growth, scale, share and rank, multiples of a base year,\neach target with its verdict and reason), in Vietnamese or English, as Markdown, HTML\n(printable on A4) or DOCX. Every figure is traced to the document and version it comes from.\nWith --known-on the report uses the figures recorded by that date only, so that it can be\nmade again exactly; with --compare as well it lists what changed by the second date.")
	unit := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD; a term review defaults to the plan's")
	per := fs.String("period", "", "the year of a year-end report (2025), or the term of a review (2021/2025; default: the plan's horizon)")
	plan := fs.String("plan", "", "the plan a term review reviews; for a year-end report, only this plan's targets")
	kind := fs.String("kind", "", "year-end or term-review (default: term-review with --plan and no year, else year-end)")
	lang := langFlag(fs, "language of the report")
	format := fs.String("format", "", "md, html or docx (default: from --out's extension, else md)")
	out := fs.String("out", "", "write to this `file` (needed for docx) instead of standard output")
	knownOn := knownOnFlag(fs)
	approvedOnlyFlag(fs, e)
	compare := fs.String("compare", "", "with --known-on: list the figures and verdicts that differ by the end of this `date`")
	if err := parse(fs, args); err != nil {
		return err
	}
	o := report.Options{Unit: *unit, Plan: *plan, Kind: report.Kind(*kind), Lang: locale.Parse(*lang), KnownOn: *knownOn}
	if *per != "" {
		p, err := period.Parse(*per)
		if err != nil {
			return fmt.Errorf("--period: %v", err)
		}
		o.Period = p
	}
	if o.Kind == "" {
		o.Kind = report.YearEnd
		if *plan != "" && (o.Period.IsZero() || o.Period.IsInterval()) {
			o.Kind = report.TermReview
		}
	}
	switch o.Kind {
	case report.YearEnd:
		if *unit == "" || *per == "" {
			fmt.Fprintln(e.stderr, "a year-end report needs --unit and --period")
			return errUsage
		}
	case report.TermReview:
		if *plan == "" {
			fmt.Fprintln(e.stderr, "a term review needs --plan")
			return errUsage
		}
	default:
		fmt.Fprintf(e.stderr, "--kind %q: use year-end or term-review\n", *kind)
		return errUsage
	}
	f := *format
	if f == "" {
		f = strings.TrimPrefix(filepath.Ext(*out), ".")
		if f != "html" && f != "docx" {
			f = "md"
		}
	}
	switch f {
	case "md", "html":
	case "docx":
		if *out == "" {
			fmt.Fprintln(e.stderr, "--format docx writes a file: give --out FILE.docx")
			return errUsage
		}
	default:
		fmt.Fprintf(e.stderr, "--format %q: use md, html or docx\n", f)
		return errUsage
	}
	if *compare != "" && *knownOn == "" {
		fmt.Fprintln(e.stderr, "--compare needs --known-on: the report compares the figures as known on the two dates")
		return errUsage
	}
	k1, err := parseKnownOn(*knownOn)
	if err != nil {
		return err
	}
	rv, err := loadReviewKnown(ctx, e, k1)
	if err != nil {
		return err
	}
	var r *report.Report
	if *compare != "" {
		k2, err := parseKnownOn(*compare)
		if err != nil {
			return fmt.Errorf("--compare: %v", strings.TrimPrefix(err.Error(), "--known-on: "))
		}
		after, err := loadReviewKnown(ctx, e, k2)
		if err != nil {
			return err
		}
		r, err = report.Compare(rv, after, o, *knownOn, *compare)
		if err != nil {
			return err
		}
	} else if r, err = report.Build(rv, o); err != nil {
		return err
	}
	if !e.approvedOnly {
		printDrafts(e.stderr, reportDrafts(rv, o), o.Lang)
	}
	var b bytes.Buffer
	switch f {
	case "md":
		err = md.Write(&b, r)
	case "html":
		err = html.Write(&b, r, html.Options{})
	case "docx":
		var data []byte
		data, err = docx.Write(r)
		b.Write(data)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(b.Bytes())
		return err
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d bytes)\n", *out, b.Len())
	return nil
}

// reportDrafts lists the figures not yet approved that a report's facts
// and verdicts use.
func reportDrafts(rv *review.Review, o report.Options) []string {
	var out []string
	if o.Kind == report.YearEnd {
		if facts, err := rv.Facts(o.Unit, o.Period); err == nil {
			for _, f := range facts {
				out = append(out, f.Drafts...)
			}
		}
	}
	if as, err := rv.Assess(review.Filter{Plan: o.Plan, Unit: o.Unit}); err == nil {
		for _, a := range as {
			for _, d := range a.Drafts {
				out = append(out, a.Unit+" "+d)
			}
		}
	}
	return out
}
