package demo_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"planwatch"
	"planwatch/demo"
	"planwatch/exchange"
	"planwatch/period"
	"planwatch/sqlite"
)

// Every figure of the demo cites a document of sources.csv, every document
// there is cited (by a figure, or by a plan of its code), and every value
// of a dimension the indicators declare has a name in both languages.
func TestDemoSourcesAndCodes(t *testing.T) {
	db := load(t)
	ctx := context.Background()
	sources, err := db.Sources(ctx)
	if err != nil || len(sources) == 0 {
		t.Fatal(sources, err)
	}
	known := map[string]planwatch.Source{}
	for _, s := range sources {
		known[s.Code] = s
		if s.TitleVI == "" || s.TitleEN == "" || s.PublisherVI == "" || s.PublisherEN == "" {
			t.Errorf("source %s lacks a title or publisher in a language: %+v", s.Code, s)
		}
	}
	cited := map[string]bool{}
	obs, _ := db.Observations(ctx, planwatch.ObservationFilter{})
	for _, o := range obs {
		code, _ := planwatch.CitedSource(o.Source)
		if _, ok := known[code]; !ok {
			t.Errorf("%s %s %s %s cites no known document: %q", o.UnitCode, o.Indicator, o.Dims, o.Period, o.Source)
		}
		cited[code] = true
	}
	plans, _ := db.Plans(ctx)
	for _, p := range plans {
		cited[p.Code] = true
	}
	// First versions of figures published again later are current in no
	// store, and cite their documents too.
	for _, name := range demo.Files() {
		f, err := demo.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := exchange.Read(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range b.Observations {
			code, _ := planwatch.CitedSource(r.Observation.Source)
			cited[code] = true
		}
	}
	for code := range known {
		if !cited[code] {
			t.Errorf("source %s is cited by nothing", code)
		}
	}
	codes, _ := db.Codes(ctx)
	named := map[[2]string]planwatch.DimensionCode{}
	for _, c := range codes {
		named[[2]string{c.Dimension, c.Value}] = c
	}
	inds, _ := db.Indicators(ctx)
	n := 0
	for _, in := range inds {
		for _, d := range in.Dimensions {
			for _, v := range d.Values {
				n++
				if c, ok := named[[2]string{d.Name, v}]; !ok || c.NameVI == "" || c.NameEN == "" {
					t.Errorf("%s=%s of %s has no name in both languages: %+v", d.Name, v, in.Code, c)
				}
			}
		}
	}
	if n == 0 || len(codes) != 9 {
		t.Errorf("%d declared values, %d codes", n, len(codes))
	}
}

// Every target's wording comes in both languages, the original marked: the
// congress resolution's eight as the review of Resolution 54 quotes them in
// English, with Vietnamese translations; every plan's issuer and vision in
// both languages.
func TestDemoWordingsInBothLanguages(t *testing.T) {
	db := load(t)
	ctx := context.Background()
	ts, _ := db.Targets(ctx, planwatch.TargetFilter{})
	congress := 0
	for _, tg := range ts {
		if tg.Wording == "" || tg.WordingTranslation == "" {
			t.Errorf("%s %s %s: wording %q, translation %q", tg.Plan, tg.Indicator, tg.Period, tg.Wording, tg.WordingTranslation)
		}
		if tg.Plan != "NQ-DH20-BN" {
			continue
		}
		congress++
		vi, en := tg.WordingIn("vi"), tg.WordingIn("en")
		if tg.WordingLang != "en" || !vi.Translated || vi.Lang != "vi" || en.Translated || en.Text != tg.Wording {
			t.Errorf("%s %s: %+v in Vietnamese, %+v in English", tg.Indicator, tg.Dims, vi, en)
		}
	}
	if congress != 8 {
		t.Errorf("%d targets of the congress resolution", congress)
	}
	want := map[string]string{
		"GRDP":        "Phấn đấu tốc độ tăng trưởng kinh tế (GRDP) bình quân giai đoạn 2021 - 2025 đạt 7 - 8%/năm",
		"BUDGET_REV":  "thu ngân sách nhà nước trên địa bàn đạt 37.400 tỷ đồng",
		"GRDP_PC":     "GRDP bình quân đầu người đạt 8.900 USD (theo giá hiện hành)",
		"LABOUR_PROD": "năng suất lao động xã hội tăng bình quân 8,5 - 9%/năm",
	}
	for _, tg := range ts {
		if w, ok := want[tg.Indicator]; ok && tg.Plan == "NQ-DH20-BN" && tg.WordingTranslation != w {
			t.Errorf("%s in Vietnamese: %q, want %q", tg.Indicator, tg.WordingTranslation, w)
		}
	}
	plans, _ := db.Plans(ctx)
	for _, p := range plans {
		if p.IssuerVI == "" || p.IssuerEN == "" || (p.VisionVI == "") != (p.VisionEN == "") {
			t.Errorf("plan %s: issuer %q / %q, vision %q / %q", p.Code, p.IssuerVI, p.IssuerEN, p.VisionVI, p.VisionEN)
		}
	}
}

// The figures that make the term review of the congress resolution
// judgeable, read back with their status and the document they cite.
func TestDemoTermFigures(t *testing.T) {
	db := load(t)
	ctx := context.Background()
	units, _ := db.Units(ctx)
	x := planwatch.NewUnitIndex(units)
	old, _ := x.Resolve("27", planwatch.Day("2020-01-01"))
	for _, f := range []struct {
		indicator, dims, period string
		value                   float64
		status, doc             string
	}{
		{"GRDP_GROWTH", "", "2017", 19.12, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2018", 10.6, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2019", 1.1, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2020", 1.36, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2021", 6.9, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2022", 7.39, "A", "UBND-BN-2023"},
		{"GRDP_GROWTH", "", "2023", -9.28, "A", "CAFEF-2024-01-05"},
		{"GRDP_GROWTH", "", "2024", 6.03, "E", "CAFEF-2025-02-22"},
		{"GRDP", "price=constant2010", "2019", 119832, "A", "BN-PORTAL-KHAIQUAT"},
		{"GRDP", "price=constant2010", "2023", 126483, "A", "VKHTK-BN-2023"},
		{"GRDP", "price=current", "2023", 220223, "A", "VKHTK-BN-2023"},
		{"GRDP_PC_VND", "price=current", "2023", 145.1, "A", "VKHTK-BN-2023"},
		{"GRDP_PC", "", "2019", 6163, "A", "BN-PORTAL-KHAIQUAT"},
		{"GRDP_PC", "", "2020", 5900, "E", "TIENPHONG-2020-09-24"},
		{"GRDP_PC", "", "2023", 5903, "A", "VKHTK-BN-2023"},
		{"LABOUR_PROD", "", "2023", 281.4, "A", "VKHTK-BN-2023"},
		{"GRDP_SECTOR_SHARE", "sector=industry_construction", "2020", 74.7, "E", "TIENPHONG-2020-09-24"},
		{"GRDP_SECTOR_SHARE", "sector=services", "2020", 22.1, "E", "TIENPHONG-2020-09-24"},
		{"GRDP_SECTOR_SHARE", "sector=agriculture", "2020", 3.2, "E", "TIENPHONG-2020-09-24"},
		{"BUDGET_REV", "", "2019", 29912, "E", "BN-PORTAL-NS2019"},
		{"BUDGET_REV", "", "2020", 27000, "E", "QDND-2020-DH20"},
	} {
		dims := planwatch.Dims(f.dims)
		obs, err := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{old.ID}, Indicators: []string{f.indicator}, Dims: &dims, Period: period.MustParse(f.period), Exact: true})
		if err != nil || len(obs) != 1 {
			t.Errorf("27 %s %s %s: %v %v", f.indicator, f.dims, f.period, obs, err)
			continue
		}
		code, _ := planwatch.CitedSource(obs[0].Source)
		if o := obs[0]; o.Value != f.value || o.Status != f.status || code != f.doc {
			t.Errorf("27 %s %s %s: %v %s from %q; want %v %s from %s", f.indicator, f.dims, f.period, o.Value, o.Status, o.Source, f.value, f.status, f.doc)
		}
	}
}

// Load writes a figure published twice as two versions, the first estimate
// and then the statistics office's figure; loading again changes nothing;
// the current figures are Batch's.
func TestLoadKeepsRevisions(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sum, err := demo.Load(ctx, db, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Get("observations"); c.Changed != 3 {
		t.Errorf("first load: %+v, want 3 figures revised", c)
	}
	units, _ := db.Units(ctx)
	old, _ := planwatch.NewUnitIndex(units).Resolve("27", planwatch.Day("2023-01-01"))
	for _, h := range []struct {
		indicator, dims string
		values          []float64
		statuses        string
	}{
		{"GRDP_GROWTH", "", []float64{-6.18, -9.28}, "EA"},
		{"GRDP", "price=constant2010", []float64{134810, 126483}, "EA"},
		{"GRDP", "price=current", []float64{220222, 220223}, "AA"},
	} {
		hist, err := db.History(ctx, planwatch.SeriesKey{Unit: old.ID, Indicator: h.indicator, Dims: planwatch.Dims(h.dims)}, "2023")
		if err != nil || len(hist) != 2 {
			t.Errorf("%s %s 2023: %d versions, %v", h.indicator, h.dims, len(hist), err)
			continue
		}
		if hist[0].Value != h.values[0] || hist[1].Value != h.values[1] || hist[0].Status+hist[1].Status != h.statuses {
			t.Errorf("%s %s 2023: %+v", h.indicator, h.dims, hist)
		}
	}
	again, err := demo.Load(ctx, db, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range again {
		if c.Added+c.Changed != 0 {
			t.Errorf("second load changed %s: %+v", c.Kind, c)
		}
	}
	if hist, _ := db.History(ctx, planwatch.SeriesKey{Unit: old.ID, Indicator: "GRDP_GROWTH"}, "2023"); len(hist) != 2 {
		t.Errorf("%d versions after a second load", len(hist))
	}
	current := func(s planwatch.Reader) []string {
		obs, err := s.Observations(ctx, planwatch.ObservationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range obs {
			out = append(out, o.UnitCode+" "+o.Indicator+" "+string(o.Dims)+" "+o.Period.String()+" "+planwatch.FormatNumber(o.Value)+" "+o.Status+" "+o.Source)
		}
		return out
	}
	if a, b := current(db), current(load(t)); !reflect.DeepEqual(a, b) {
		t.Errorf("Load and Batch differ: %d and %d current figures", len(a), len(b))
	}
}
