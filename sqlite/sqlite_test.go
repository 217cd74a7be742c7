package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/storetest"
)

func open(t *testing.T) planwatch.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "planwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, open)
}

func TestMigrateTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v != sqlite.LatestSchema() {
			t.Errorf("schema version %d, %v", v, err)
		}
		db.Close()
	}
}

// TestMigrateKeepsObservations upgrades a database written by the first
// schema, whose observation table had foreign keys, and reads every figure
// back; the figures written afterwards still name a series, a source and
// a revision that exist, which the store now ensures itself.
func TestMigrateKeepsObservations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	first, err := os.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		string(first),
		`INSERT INTO schema_migration VALUES (1, '2026-01-01T00:00:00Z')`,
		`INSERT INTO unit (id, code, name_en, level) VALUES (1, 'VN', 'Viet Nam', 'nation')`,
		`INSERT INTO indicator (code, name_en, type, aggregation, direction) VALUES ('POP', 'Population', 'stock', 'sum', 'none')`,
		`INSERT INTO series (id, unit_id, indicator) VALUES (7, 1, 'POP')`,
		`INSERT INTO source (id, text) VALUES (3, 'census')`,
		`INSERT INTO revision (id, recorded_at, recorded_by) VALUES (5, '2026-01-02T00:00:00Z', 'old')`,
		`INSERT INTO observation VALUES (7, '2019', 1, 96208.984, 'A', 3, '', 5), (7, '2019', 2, 96208.985, 'A', 3, 'revised', 5), (7, '2024', 1, 101300, 'E', 3, '', 5)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	raw.Close()

	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != sqlite.LatestSchema() {
		t.Fatalf("schema version %d, %v", v, err)
	}
	got, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil || len(got) != 2 {
		t.Fatalf("observations after migration: %v %v", got, err)
	}
	if o := got[0]; o.Period.String() != "2019" || o.Value != 96208.985 || o.Version != 2 || o.Note != "revised" || o.Source != "census" || o.RecordedBy != "old" {
		t.Errorf("2019 after migration = %+v", o)
	}
	if o := got[1]; o.Period.String() != "2024" || o.Value != 101300 || o.Status != "E" {
		t.Errorf("2024 after migration = %+v", o)
	}
	b := &planwatch.Batch{Observations: []planwatch.ObservationRecord{
		{Unit: "VN", Observation: planwatch.Observation{Indicator: "POP", Period: period.Year(2024), Value: 101343, Source: "GSO 2025"}},
		{Unit: "VN", Observation: planwatch.Observation{Indicator: "POP", Period: period.Year(2025), Value: 102000, Status: "P", Source: "GSO 2025"}},
	}}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{RecordedBy: "new"}); err != nil {
		t.Fatal(err)
	}
	check, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	var rows, orphans int
	err = check.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(s.id IS NULL OR src.id IS NULL OR r.id IS NULL), 0) FROM observation o
		LEFT JOIN series s ON s.id = o.series_id LEFT JOIN source src ON src.id = o.source_id LEFT JOIN revision r ON r.id = o.revision_id`).Scan(&rows, &orphans)
	if err != nil || rows != 5 || orphans != 0 {
		t.Errorf("%d figures, %d naming a missing series, source or revision (%v); want 5 and 0", rows, orphans, err)
	}
	if _, err := check.ExecContext(ctx, `DELETE FROM observation`); err == nil || !strings.Contains(err.Error(), "never deleted") {
		t.Errorf("delete after migration: %v, want the trigger to refuse it", err)
	}
}

// TestMigrateKeepsPlanTexts upgrades a database of the first schema, whose
// plans had one issuer and one vision and whose targets one wording: they
// read back as the Vietnamese issuer and vision, and as a wording in
// Vietnamese without a translation.
func TestMigrateKeepsPlanTexts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	first, err := os.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
		string(first),
		`INSERT INTO schema_migration VALUES (1, '2026-01-01T00:00:00Z')`,
		`INSERT INTO unit (id, code, name_vi, level) VALUES (1, '27', 'Bắc Ninh', 'province')`,
		`INSERT INTO indicator (code, name_en, type, aggregation, direction) VALUES ('GRDP', 'GRDP', 'flow', 'sum', 'up')`,
		`INSERT INTO plan (code, kind, title_vi, issuer, unit_id, horizon, vision) VALUES ('NQ', 'resolution', 'Nghị quyết', 'Tỉnh ủy', 1, '2021/2025', 'Đến năm 2030')`,
		`INSERT INTO target (plan, unit_id, indicator, period, kind, value, wording) VALUES ('NQ', 1, 'GRDP', '2025', 'at_least', 100, 'GRDP đạt 100'), ('NQ', 1, 'GRDP', '2024', 'at_least', 90, '')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	raw.Close()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans after migration: %v %v", plans, err)
	}
	if p := plans[0]; p.IssuerVI != "Tỉnh ủy" || p.IssuerEN != "" || p.VisionVI != "Đến năm 2030" || p.VisionEN != "" || p.Issuer("en") != "Tỉnh ủy" {
		t.Errorf("plan after migration = %+v", p)
	}
	ts, err := db.Targets(ctx, planwatch.TargetFilter{})
	if err != nil || len(ts) != 2 {
		t.Fatalf("targets after migration: %v %v", ts, err)
	}
	if tg := ts[1]; tg.Wording != "GRDP đạt 100" || tg.WordingLang != "vi" || tg.WordingTranslation != "" {
		t.Errorf("target with a wording after migration = %+v", tg)
	}
	if tg := ts[0]; tg.Wording != "" || tg.WordingLang != "" {
		t.Errorf("target without a wording after migration = %+v", tg)
	}
}

// TestManyStatementShapes writes 18 runs of 500 figures, each run with
// its own source, so that each INSERT is written with another literal and
// the store prepares more statements than it keeps (16): every figure
// still reads back with its source.
func TestManyStatementShapes(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	defer db.Close()
	b := &planwatch.Batch{
		Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Viet Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}}},
	}
	// Six series of 1,500 months.
	for k := range 6 {
		b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: fmt.Sprint("CPI", k), NameEN: "CPI", MeasureUnit: "%",
			Type: planwatch.TypeRate, Aggregation: planwatch.Aggregation{Rule: "none"}, Direction: planwatch.DirNone}})
	}
	const n = 18 * 500
	month := func(i int) period.Period {
		i %= 1500
		return period.MustParse(fmt.Sprintf("%d-%02d", 1800+i/12, i%12+1))
	}
	for i := range n {
		p := month(i)
		b.Observations = append(b.Observations, planwatch.ObservationRecord{Unit: "VN",
			Observation: planwatch.Observation{Indicator: fmt.Sprint("CPI", i/1500), Period: p, Value: float64(i), Source: fmt.Sprintf("table %d", i/500)}})
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil || len(got) != n {
		t.Fatalf("%d figures read back (%v), want %d", len(got), err, n)
	}
	for _, o := range got {
		i := int(o.Value)
		if want := fmt.Sprint("CPI", i/1500); o.Indicator != want {
			t.Fatalf("figure %d is of %s, want %s", i, o.Indicator, want)
		}
		if want := fmt.Sprintf("table %d", i/500); o.Source != want || o.Period != month(i) {
			t.Fatalf("figure %d: %s from %q, want %s from %q", i, o.Period, o.Source, month(i), want)
		}
	}
}
