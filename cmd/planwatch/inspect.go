package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"planwatch"
	"planwatch/exchange"
	"planwatch/exchange/record"
	"planwatch/locale"
)

func runInspect(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "inspect", "inspect FILE [--format table|json] [--input FORMAT]",
		"Report what a file holds, without a database or a mapping: its format, how many\nobservations and missing points, how many series, the first and last period, and\neach dimension or column with its distinct values (up to 20 shown, and the count).\nFormats: "+strings.Join(exchange.FormatNames(), ", ")+".")
	out := fs.String("format", "table", "how to write the report: table or json")
	input := fs.String("input", "", "the file's format, when it is not to be recognised from the content")
	lang := langFlag(fs, "language of the table")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fmt.Fprintln(e.stderr, "inspect needs one FILE")
		return errUsage
	}
	if *out != "table" && *out != "json" {
		fmt.Fprintf(e.stderr, "--format is table or json, not %q\n", *out)
		return errUsage
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := exchange.Inspect(filepath.Base(files[0]), f, *input)
	if err != nil {
		return err
	}
	if *out == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	return inspectTable(e.stdout, filepath.Base(files[0]), rep, locale.Parse(*lang))
}

// inspectTable writes the report for people: a paragraph of counts, then
// each dimension with its values.
func inspectTable(w io.Writer, name string, r record.Report, l locale.Lang) error {
	first, last := "-", "-"
	if r.Periods.First != nil {
		first, last = *r.Periods.First, *r.Periods.Last
	}
	head := say(l, fmt.Sprintf("%s: định dạng %s; %d quan sát có giá trị, %d thiếu, %d chuỗi; kỳ từ %s đến %s.",
		name, r.Format, r.Observations, r.Missing, r.Series, first, last),
		fmt.Sprintf("%s: format %s; %d observations with a value, %d missing, %d series; periods %s to %s.",
			name, r.Format, r.Observations, r.Missing, r.Series, first, last))
	if err := paragraph(w, head); err != nil {
		return err
	}
	for _, n := range r.Notes {
		if err := paragraph(w, say(l, "Ghi chú: ", "Note: ")+noteIn(n, l)); err != nil {
			return err
		}
	}
	cols := []column{{head: say(l, "CHIỀU / CỘT", "DIMENSION / COLUMN"), max: 30}, {head: say(l, "SỐ GIÁ TRỊ", "VALUES"), right: true}, {head: say(l, "GIÁ TRỊ (TỐI ĐA 20)", "VALUES (UP TO 20)"), flex: true}}
	var rows []row
	for _, d := range r.Order {
		v := r.Dimensions[d]
		shown := make([]string, len(v.Values))
		for i, s := range v.Values {
			shown[i] = clip(s, 40)
		}
		text := strings.Join(shown, " | ")
		if more := v.Count - len(v.Values); more > 0 {
			text += say(l, fmt.Sprintf(" … (thêm %d)", more), fmt.Sprintf(" … (%d more)", more))
		}
		rows = append(rows, row{cells: []string{d, fmt.Sprint(v.Count), text}})
	}
	return renderTable(w, cols, rows)
}

// noteIn is a reader's note in one language: notes are written
// "Vietnamese / English".
func noteIn(n string, l locale.Lang) string {
	vi, en, ok := strings.Cut(n, " / ")
	if !ok {
		return n
	}
	// The English half may hold " / " too; the Vietnamese never does.
	if l == locale.EN {
		return en
	}
	return vi
}

// parseInterspersed parses flags that may come after the arguments
// (inspect FILE --format json), returning the arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// importOptions are how import reads outside formats: the format the
// user forces, the mapping file, and the store's units and indicators,
// against which a file's own codes are checked.
func importOptions(ctx context.Context, db planwatch.Reader, format, mapFile string) (exchange.Options, error) {
	opt := exchange.Options{Format: format}
	if format != "" && format != exchange.Canonical {
		known := false
		for _, n := range exchange.FormatNames() {
			known = known || n == format
		}
		if !known {
			return opt, fmt.Errorf("--format: %q is not one of %s", format, strings.Join(exchange.FormatNames(), ", "))
		}
	}
	if mapFile != "" {
		f, err := os.Open(mapFile)
		if err != nil {
			return opt, err
		}
		defer f.Close()
		if opt.Mapping, err = record.ReadMapping(filepath.Base(mapFile), f); err != nil {
			return opt, fmt.Errorf("nothing imported:\n%w", err)
		}
	}
	var err error
	if opt.Units, err = db.Units(ctx); err != nil {
		return opt, err
	}
	if opt.Indicators, err = db.Indicators(ctx); err != nil {
		return opt, err
	}
	return opt, nil
}

// writeMappingTemplates writes, for each file whose codes need a mapping,
// a template listing them with guesses: to the --map-template file when
// given, else beside the file (FILE.map.csv). It returns what it wrote,
// for the message.
func writeMappingTemplates(err error, paths map[string]string, to string, opt exchange.Options) []string {
	var needs []*exchange.NeedMapping
	var list planwatch.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			var nm *exchange.NeedMapping
			if errors.As(e, &nm) {
				needs = append(needs, nm)
			}
		}
	}
	var written []string
	merged := &exchange.NeedMapping{Values: map[string][]record.Field{}}
	for _, nm := range needs {
		if to != "" {
			merged.Needs = append(merged.Needs, nm.Needs...)
			for _, f := range nm.Fields {
				if _, ok := merged.Values[f]; !ok {
					merged.Fields = append(merged.Fields, f)
				}
				merged.Values[f] = append(merged.Values[f], nm.Values[f]...)
			}
			continue
		}
		path := paths[nm.File] + ".map.csv"
		if writeTemplate(path, nm, opt) == nil {
			written = append(written, path)
		}
	}
	if to != "" && len(merged.Needs) > 0 && writeTemplate(to, merged, opt) == nil {
		written = append(written, to)
	}
	return written
}

func writeTemplate(path string, nm *exchange.NeedMapping, opt exchange.Options) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = exchange.WriteMappingTemplate(f, nm, opt.Units, opt.Indicators)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// writeFile writes a file through fn, removing it when fn fails.
func writeFile(path string, fn func(w io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = fn(bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
