package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"planwatch"
	"planwatch/exchange"
	"planwatch/lineage"
	"planwatch/locale"
	"planwatch/review"
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
	lang := langFlag(fs, "language of names, levels and the history")
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
			ValidFrom: string(u.ValidFrom), ValidTo: string(u.ValidTo), History: review.History(g, u, l)})
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
	cols := []column{{head: say(l, "MÃ", "CODE")}, {head: say(l, "TÊN", "NAME"), max: 24}, {head: say(l, "CẤP", "LEVEL")},
		{head: say(l, "CẤP TRÊN", "PARENT")}, {head: say(l, "HIỆU LỰC", "VALID")}, {head: say(l, "LỊCH SỬ", "HISTORY"), flex: true}}
	var rows []row
	for _, u := range out {
		name := u.NameVI
		if l == locale.EN && u.NameEN != "" {
			name = u.NameEN
		}
		valid := "-"
		switch {
		case u.ValidFrom != "" && u.ValidTo != "":
			valid = u.ValidFrom + "–" + u.ValidTo
		case u.ValidFrom != "":
			valid = say(l, "từ ", "from ") + u.ValidFrom
		case u.ValidTo != "":
			valid = say(l, "đến ", "to ") + u.ValidTo
		}
		hist := strings.Join(u.History, "\n")
		if hist == "" {
			hist = "-"
		}
		rows = append(rows, row{cells: []string{u.Code, name, locale.Level(u.Level, l), orDash(u.Parent), valid, hist}})
	}
	if err := renderTable(e.stdout, cols, rows); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, say(l, "%d đơn vị\n", "%d units\n"), len(out))
	return err
}

func levelNames() []string {
	var out []string
	for _, l := range planwatch.Levels {
		out = append(out, string(l))
	}
	return out
}
