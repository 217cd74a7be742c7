package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"planwatch/locale"
	"planwatch/period"
	"planwatch/report/factcheck"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "check", "check FILE --unit U --period P [--db FILE] [--lang vi|en] [--format table|json] [--synonyms FILE]",
		"Check the numbers of a draft (plain text, Markdown or DOCX, Vietnamese or English; - reads\nstandard input) against the database: each claim confirmed within the rounding the text\nuses, differs (with the computed figure and how it was computed) or unverifiable (with\nthe reason); then the draft's figures against each other.")
	unit := fs.String("unit", "", "the unit the draft is about, unless a sentence names another: a code or code@YYYY-MM-DD")
	per := fs.String("period", "", "the period of its figures, unless a sentence names another: 2025, 2025-01/2025-09 ...")
	format := fs.String("format", "table", "table or json")
	lang := langFlag(fs, "language of the table")
	synonyms := fs.String("synonyms", "", "a CSV `file` of more phrases for indicators (phrase,language,indicator[,dims])")
	// The file may come before the flags or after them.
	var files []string
	for {
		if err := parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 || *unit == "" || *per == "" {
		fmt.Fprintln(e.stderr, "check needs one FILE, --unit and --period")
		return errUsage
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(e.stderr, "--format %q: use table or json\n", *format)
		return errUsage
	}
	p, err := period.Parse(*per)
	if err != nil {
		return fmt.Errorf("--period: %v", err)
	}
	var data []byte
	if files[0] == "-" {
		data, err = io.ReadAll(io.LimitReader(os.Stdin, 64<<20))
	} else {
		data, err = os.ReadFile(files[0])
	}
	if err != nil {
		return err
	}
	draft, err := factcheck.ReadDraft(files[0], data)
	if err != nil {
		return err
	}
	rv, done, err := openReview(ctx, e, time.Time{})
	if err != nil {
		return err
	}
	defer done()
	var extra []factcheck.Synonyms
	if *synonyms != "" {
		f, err := os.Open(*synonyms)
		if err != nil {
			return err
		}
		defer f.Close()
		extra = append(extra, factcheck.Synonyms{Name: *synonyms, R: f})
	}
	lx, err := factcheck.NewLexicon(rv, extra...)
	if err != nil {
		return err
	}
	rep, err := factcheck.Run(rv, draft.Text, factcheck.Options{Unit: *unit, Period: p, Lexicon: lx})
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, rep.Results)
	}
	return checkTable(e.stdout, rep, locale.Parse(*lang))
}

// checkTable writes each claim's verdict, words, indicator, period, what
// the draft states and what the data give, with the reason under it.
func checkTable(w io.Writer, rep *factcheck.Report, l locale.Lang) error {
	h := factcheck.Headings(l)
	cols := []column{{head: h.Verdict, max: 12}, {head: h.Claim, flex: true}, {head: h.Indicator, max: 20}, {head: h.Period, max: 15},
		{head: h.Stated, max: 14, right: true}, {head: h.Computed, max: 14, right: true}}
	var rows []row
	for _, ln := range factcheck.Lines(rep, l) {
		rows = append(rows, row{cells: []string{ln.Verdict, ln.Claim, ln.Indicator, ln.Period, ln.Stated, ln.Computed},
			notes: []string{capitalise(ln.Kind) + ". " + h.Reason + ": " + ln.Reason}})
	}
	if err := renderTable(w, cols, rows); err != nil {
		return err
	}
	return paragraph(w, factcheck.Summary(rep, l)+".")
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
