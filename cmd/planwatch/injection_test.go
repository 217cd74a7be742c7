package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange"
	"planwatch/period"
	"planwatch/sqlite"
)

// Values a spreadsheet would run as formulas, and one that really starts
// with an apostrophe.
const (
	injCmd   = `=cmd|' /C calc'!A0`
	injLink  = `=HYPERLINK("http://x","y")`
	injSum   = `@SUM(A1)`
	injTab   = "\tstarts with a tab"
	injQuote = "'s-Hertogenbosch"
)

// injectionBatch is a store's worth of records carrying those values in
// every kind, written straight through Apply so that the store holds them
// exactly, whatever the canonical reader does.
func injectionBatch(t *testing.T) *planwatch.Batch {
	t.Helper()
	p := func(s string) period.Period {
		v, err := period.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	f := func(v float64) *float64 { return &v }
	pos := planwatch.Pos{File: "test"}
	b := &planwatch.Batch{
		Units: []planwatch.UnitRecord{
			{Pos: pos, Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}},
			{Pos: pos, Unit: planwatch.Unit{Code: "EV1", NameVI: injCmd, NameEN: injLink, Level: planwatch.LevelProvince, ValidFrom: "2020-01-01"}, Parent: "VN"},
			{Pos: pos, Unit: planwatch.Unit{Code: "-OLD", NameVI: injQuote, NameEN: "-old one", Level: planwatch.LevelProvince, ValidTo: "2020-01-01"}, Parent: "VN"},
			{Pos: pos, Unit: planwatch.Unit{Code: "+EV2", NameVI: "+ hai", NameEN: injSum, Level: planwatch.LevelProvince}, Parent: "VN"},
		},
		Lineage: []planwatch.LineageRecord{{Pos: pos, Event: planwatch.LineageEvent{Date: "2020-01-01", Event: planwatch.EventMerge}, From: "-OLD", To: "EV1"}},
		Groups:  []planwatch.GroupRecord{{Pos: pos, Member: planwatch.GroupMember{Group: "-G", NameVI: injCmd, NameEN: injQuote}, Unit: "+EV2"}},
		Indicators: []planwatch.IndicatorRecord{
			{Pos: pos, Indicator: planwatch.Indicator{Code: "EVIL", NameVI: injCmd, NameEN: injLink, MeasureUnit: injSum, Type: planwatch.TypeFlow,
				Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}, Direction: planwatch.DirUp}},
			{Pos: pos, Indicator: planwatch.Indicator{Code: "+EVIL2", NameVI: injQuote, NameEN: "-3 apples", MeasureUnit: "=%", Type: planwatch.TypeRate,
				Aggregation: planwatch.Aggregation{Rule: planwatch.AggNone}, Direction: planwatch.DirDown}},
		},
		Plans: []planwatch.PlanRecord{{Pos: pos, Plan: planwatch.Plan{Code: "+PLAN", Kind: planwatch.PlanKind("resolution"), TitleVI: injLink, TitleEN: injQuote,
			IssuerVI: injSum, IssuerEN: injCmd, Issued: "2020-10-01", Horizon: p("2021/2025"), VisionVI: "-vision 2045", VisionEN: injLink}, Unit: "EV1"}},
		Codes: []planwatch.CodeRecord{{Pos: pos, Code: planwatch.DimensionCode{Dimension: "price", Value: "-current", NameVI: injCmd, NameEN: injQuote}}},
		Sources: []planwatch.SourceRecord{{Pos: pos, Source: planwatch.Source{Code: "+SRC", TitleVI: injLink, TitleEN: injSum, PublisherVI: injQuote, PublisherEN: "-3 apples",
			Issued: "2020-01-01", URL: "https://example.org/=x"}}},
		Targets: []planwatch.TargetRecord{{Pos: pos, Target: planwatch.Target{Plan: "+PLAN", Indicator: "EVIL", Period: p("2025"), Kind: planwatch.TargetKind("at_least"),
			Value: f(200), BaselinePeriod: p("2020"), BaselineValue: f(100), Wording: "=1+1 " + injCmd, WordingLang: "en", WordingTranslation: injSum}, Unit: "EV1"}},
	}
	for i, v := range []float64{100, 110, 125, 140, 150, 170} {
		o := planwatch.Observation{Indicator: "EVIL", Period: p(fmt.Sprint(2020 + i)), Value: v, Status: "A", Source: injSum, Note: injTab}
		if i == 5 {
			o.Source, o.Note = injLink, injQuote
		}
		b.Observations = append(b.Observations, planwatch.ObservationRecord{Pos: pos, Observation: o, Unit: "EV1"})
	}
	b.Observations = append(b.Observations, planwatch.ObservationRecord{Pos: pos, Unit: "+EV2",
		Observation: planwatch.Observation{Indicator: "+EVIL2", Period: p("2025"), Value: -3.5, Status: "E", Source: "-", Note: "+1"}})
	return b
}

// storeValues lists every value a store holds, IDs left out (two stores
// number their units as they were written), for comparing two stores.
func storeValues(t *testing.T, path string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	add := func(kind string, fields ...any) {
		var b strings.Builder
		b.WriteString(kind)
		for _, f := range fields {
			fmt.Fprintf(&b, " %q", fmt.Sprint(f))
		}
		out = append(out, b.String())
	}
	num := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprint(*v)
	}
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		add("unit", u.Code, u.NameVI, u.NameEN, u.Level, u.ParentCode, u.ValidFrom, u.ValidTo)
	}
	events, err := db.Lineage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		add("lineage", e.Date, e.Event, e.FromCode, e.ToCode, num(e.Share))
	}
	members, err := db.GroupMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		add("group", m.Group, m.NameVI, m.NameEN, m.UnitCode, m.ValidFrom, m.ValidTo)
	}
	inds, err := db.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inds {
		add("indicator", in.Code, in.NameVI, in.NameEN, in.MeasureUnit, in.Type, in.Aggregation.String(), in.Direction, in.Formula, planwatch.FormatDimensions(in.Dimensions))
	}
	codes, err := db.Codes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		add("code", c.Dimension, c.Value, c.NameVI, c.NameEN)
	}
	sources, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sources {
		add("source", s.Code, s.TitleVI, s.TitleEN, s.PublisherVI, s.PublisherEN, s.Issued, s.URL)
	}
	plans, err := db.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		add("plan", p.Code, p.Kind, p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, p.Issued, p.UnitCode, p.Horizon, p.Parent, p.VisionVI, p.VisionEN, p.Assessment)
	}
	targets, err := db.Targets(ctx, planwatch.TargetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range targets {
		add("target", g.Plan, g.UnitCode, g.Indicator, g.Dims, g.Period, g.Kind, num(g.Value), num(g.Low), num(g.High), g.BaselinePeriod, num(g.BaselineValue), g.Wording, g.WordingLang, g.WordingTranslation, planwatch.FormatMilestones(g.Milestones))
	}
	obs, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		add("observation", o.UnitCode, o.Indicator, o.Dims, o.Period, o.Value, o.Status, o.Source, o.Note)
	}
	slices.Sort(out)
	return out
}

// assertNoFormula fails for any cell of a CSV that a spreadsheet would
// run as a formula: one starting with = + - @, a tab or a carriage return
// that is not a number.
func assertNoFormula(t *testing.T, what, data string) {
	t.Helper()
	cr := csv.NewReader(strings.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if len(recs) < 2 {
		t.Errorf("%s has no rows:\n%s", what, data)
	}
	for i, rec := range recs {
		for _, c := range rec {
			if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				continue
			}
			if _, err := planwatch.ParseNumber(c); err == nil {
				continue
			}
			t.Errorf("%s row %d: cell %q starts a formula", what, i+1, c)
		}
	}
}

// No CSV the command line writes for people, nor a canonical export,
// carries a cell a spreadsheet runs; the canonical export still gives back
// every value exactly.
func TestCSVFormulaInjection(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	mustPW(t, "init", "--db", a)
	mustPW(t, "init", "--db", b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, injectionBatch(t), planwatch.ApplyOptions{RecordedBy: "test"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, args := range [][]string{
		{"facts", "--unit", "EV1", "--period", "2025"},
		{"facts", "--unit", "+EV2", "--period", "2025"},
		{"assess"},
		{"units"},
		{"units", "--search", "hai"},
	} {
		args = append(args, "--db", a, "--format", "csv")
		out := mustPW(t, args...)
		assertNoFormula(t, strings.Join(args[:len(args)-4], " "), out)
	}
	// The people's CSVs carry the values behind the apostrophe.
	units := mustPW(t, "units", "--db", a, "--format", "csv")
	for _, want := range []string{`"'=HYPERLINK(""http://x"",""y"")"`, "'@SUM(A1)", "'+EV2", "'-OLD", injQuote} {
		if !strings.Contains(units, want) {
			t.Errorf("units --format csv lacks %s:\n%s", want, units)
		}
	}

	var files []string
	exported := map[string]string{}
	for _, l := range exchange.Layouts {
		f := filepath.Join(dir, l.Kind+".csv")
		mustPW(t, "export", "--db", a, "--kind", l.Kind, "--out", f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		assertNoFormula(t, "export --kind "+l.Kind, string(data))
		exported[l.Kind] = string(data)
		files = append(files, f)
	}
	if obs := exported["observations"]; !strings.Contains(obs, ",'\tstarts with a tab") || !strings.Contains(obs, "''s-Hertogenbosch") || !strings.Contains(obs, ",-3.5,") {
		t.Errorf("observations export:\n%s", obs)
	}
	mustPW(t, append([]string{"import", "--db", b}, files...)...)
	for _, l := range exchange.Layouts {
		again := mustPW(t, "export", "--db", b, "--kind", l.Kind)
		if again != exported[l.Kind] {
			t.Errorf("%s: the export of the import differs:\n%s\nfrom the first export:\n%s", l.Kind, again, exported[l.Kind])
		}
	}
	va, vb := storeValues(t, a), storeValues(t, b)
	if !slices.Equal(va, vb) {
		t.Errorf("the imported store holds other values:\n%s\nthan the first:\n%s", strings.Join(vb, "\n"), strings.Join(va, "\n"))
	}
	for _, want := range []string{injCmd, injLink, injSum, injTab, injQuote} {
		if !bytes.Contains([]byte(strings.Join(vb, "\n")), []byte(fmt.Sprintf("%q", want))) {
			t.Errorf("the imported store lacks %q", want)
		}
	}
}
