package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"planwatch"
	"planwatch/exchange"
	"planwatch/lineage"
	"planwatch/locale"
)

// unitJSON is a unit as units --format json gives it.
type unitJSON struct {
	Code      string   `json:"code"`
	Ref       string   `json:"ref"`
	NameVI    string   `json:"name_vi"`
	NameEN    string   `json:"name_en"`
	Level     string   `json:"level"`
	Parent    string   `json:"parent"`
	ValidFrom string   `json:"valid_from"`
	ValidTo   string   `json:"valid_to"`
	History   []string `json:"history"`
}

func runUnits(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "units", "units [--db FILE] [--level L] [--date YYYY-MM-DD] [--search TEXT] [--format table|csv|json] [--lang vi|en]",
		"List units: by level and date, or by name in Vietnamese (with or without diacritics)\nor English; each with its history of boundary changes.")
	level := fs.String("level", "", "only this level: "+strings.Join(levelNames(), " | "))
	date := fs.String("date", "", "only units valid on this day")
	search := fs.String("search", "", "only units whose name contains this (\"bac ninh\" finds \"Bắc Ninh\")")
	format := fs.String("format", "table", "table, csv or json")
	lang := fs.String("lang", "en", "language of the history: vi or en")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(e, *format); err != nil {
		return err
	}
	if *level != "" && !slices.Contains(planwatch.Levels, planwatch.Level(*level)) {
		fmt.Fprintf(e.stderr, "--level %q: use one of %s\n", *level, strings.Join(levelNames(), ", "))
		return errUsage
	}
	d, err := planwatch.ParseDate(*date)
	if err != nil {
		return fmt.Errorf("--date: %v", err)
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
	events, err := db.Lineage(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	g := lineage.New(x, events)
	q := locale.Fold(*search)
	l := locale.Parse(*lang)
	var out []unitJSON
	for _, u := range x.All() {
		if *level != "" && string(u.Level) != *level || d != "" && !u.Validity().Contains(d) {
			continue
		}
		if q != "" && !strings.Contains(locale.Fold(u.NameVI), q) && !strings.Contains(locale.Fold(u.NameEN), q) {
			continue
		}
		out = append(out, unitJSON{Code: u.Code, Ref: u.Ref(), NameVI: u.NameVI, NameEN: u.NameEN, Level: string(u.Level), Parent: u.ParentCode,
			ValidFrom: string(u.ValidFrom), ValidTo: string(u.ValidTo), History: history(g, u, l)})
	}
	switch *format {
	case "json":
		if out == nil {
			out = []unitJSON{}
		}
		return writeJSON(e.stdout, out)
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write([]string{"code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to", "history"})
		for _, u := range out {
			w.Write(exchange.SafeRecord([]string{u.Code, u.NameVI, u.NameEN, u.Level, u.Parent, u.ValidFrom, u.ValidTo, strings.Join(u.History, "; ")}))
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tLEVEL\tPARENT\tVALID FROM\tVALID TO\tHISTORY")
	for _, u := range out {
		name := u.NameVI
		if l == locale.EN && u.NameEN != "" {
			name = u.NameEN
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Code, name, u.Level, orDash(u.Parent), orDash(u.ValidFrom), orDash(u.ValidTo), strings.Join(u.History, "; "))
	}
	fmt.Fprintf(tw, "%d units\n", len(out))
	return tw.Flush()
}

func levelNames() []string {
	var out []string
	for _, l := range planwatch.Levels {
		out = append(out, string(l))
	}
	return out
}

// history says how a unit was formed and what became of it:
// "formed 2025-07-01 from Bắc Ninh (27) and Bắc Giang (24)".
func history(g *lineage.Graph, u planwatch.Unit, l locale.Lang) []string {
	var out []string
	preds := g.Predecessors(u.ID)
	if len(preds) > 0 {
		byDate := map[planwatch.Date][]string{}
		var dates []planwatch.Date
		for _, p := range preds {
			if byDate[p.Date] == nil {
				dates = append(dates, p.Date)
			}
			byDate[p.Date] = append(byDate[p.Date], partName(p, l))
		}
		slices.Sort(dates)
		for _, d := range dates {
			names := byDate[d]
			// The predecessor whose name the unit keeps comes first.
			slices.SortStableFunc(names, func(a, b string) int {
				ka, kb := !strings.HasPrefix(a, u.NameVI+" ("), !strings.HasPrefix(b, u.NameVI+" (")
				switch {
				case ka == kb:
					return strings.Compare(a, b)
				case !ka:
					return -1
				}
				return 1
			})
			if l == locale.VI {
				out = append(out, fmt.Sprintf("%s hình thành ngày %s từ %s", u, d, list(names, "và")))
			} else {
				out = append(out, fmt.Sprintf("%s formed %s from %s", u, d, list(names, "and")))
			}
		}
	}
	succ := g.Successors(u.ID)
	for i := 0; i < len(succ); {
		d := succ[i].Date
		var names []string
		for ; i < len(succ) && succ[i].Date == d; i++ {
			names = append(names, partName(succ[i], l))
		}
		if l == locale.VI {
			out = append(out, fmt.Sprintf("%s nhập vào %s ngày %s", u, list(names, "và"), d))
		} else {
			out = append(out, fmt.Sprintf("%s went into %s on %s", u, list(names, "and"), d))
		}
	}
	return out
}

// partName names the unit of a lineage part, saying when only part of a
// unit moved: "Bắc Giang (24) (part, share unknown)".
func partName(p lineage.Part, l locale.Lang) string {
	if e := p.Extent(l); e != "" {
		return p.Unit.String() + " (" + e + ")"
	}
	return p.Unit.String()
}

// list joins names as a sentence does: "A, B and C".
func list(names []string, and string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
