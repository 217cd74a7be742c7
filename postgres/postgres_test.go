package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"planwatch"
	"planwatch/demo"
	"planwatch/period"
	"planwatch/postgres"
	"planwatch/postgres/pgtest"
	"planwatch/sqlite"
	"planwatch/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var ctx = context.Background()

func openURL(t *testing.T, u string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// connect opens a plain connection to look at the tables themselves.
func connect(t *testing.T, u string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return c
}

func count(t *testing.T, c *pgx.Conn, q string) int {
	t.Helper()
	var n int
	if err := c.QueryRow(ctx, q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) planwatch.Store {
		db, err := postgres.Open(ctx, pgtest.Database(t))
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// world is a few units and indicators for 100 x 100 series.
func world(units, indicators int) *planwatch.Batch {
	b := &planwatch.Batch{}
	for u := range units {
		b.Units = append(b.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: fmt.Sprintf("U%03d", u), NameVI: "u", NameEN: "u", Level: planwatch.LevelProvince}})
	}
	for i := range indicators {
		b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: fmt.Sprintf("I%03d", i), NameEN: "i", MeasureUnit: "x",
			Type: planwatch.TypeFlow, Direction: planwatch.DirUp, Aggregation: planwatch.Aggregation{Rule: "sum"}}})
	}
	return b
}

func rec(u, i, year int, v float64) planwatch.ObservationRecord {
	return planwatch.ObservationRecord{Unit: fmt.Sprintf("U%03d", u),
		Observation: planwatch.Observation{Indicator: fmt.Sprintf("I%03d", i), Period: period.Year(year), Value: v, Status: "A", Source: fmt.Sprintf("table %d", i%7)}}
}

func apply(t *testing.T, s planwatch.Store, b *planwatch.Batch) planwatch.Summary {
	t.Helper()
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestCopyManyRows writes 100,000 figures into new series (copied straight
// into the observation table), then the same again with a third of them
// revised and a year more for every series (through the staging table):
// the counts, the versions and every figure read back are right, and no
// figure names a missing series, source or revision.
func TestCopyManyRows(t *testing.T) {
	u := pgtest.Database(t)
	db := openURL(t, u)
	apply(t, db, world(100, 100))
	value := func(u, i, y int) float64 { return float64(u*1000+i) + float64(y-2000)/100 }
	first := &planwatch.Batch{}
	for u := range 100 {
		for i := range 100 {
			for y := 2016; y < 2026; y++ {
				first.Observations = append(first.Observations, rec(u, i, y, value(u, i, y)))
			}
		}
	}
	if c := apply(t, db, first).Get("observations"); c.Added != 100000 || c.Changed+c.Unchanged != 0 {
		t.Fatalf("first import: %+v", c)
	}
	second := &planwatch.Batch{}
	revised := 0
	for n, r := range first.Observations {
		if n%3 == 0 {
			r.Observation.Value += 0.5
			revised++
		}
		second.Observations = append(second.Observations, r)
	}
	for u := range 100 {
		for i := range 100 {
			second.Observations = append(second.Observations, rec(u, i, 2026, value(u, i, 2026)))
		}
	}
	if c := apply(t, db, second).Get("observations"); c.Added != 10000 || c.Changed != revised || c.Unchanged != 100000-revised {
		t.Fatalf("second import: %+v, want 10000 added, %d changed, %d unchanged", c, revised, 100000-revised)
	}
	got, err := db.Observations(ctx, planwatch.ObservationFilter{})
	if err != nil || len(got) != 110000 {
		t.Fatalf("%d current figures (%v), want 110000", len(got), err)
	}
	// In order: unit, indicator, period.
	n := 0
	for _, o := range got {
		var u, i int
		fmt.Sscanf(o.UnitCode, "U%d", &u)
		fmt.Sscanf(o.Indicator, "I%d", &i)
		y := o.Period.StartYear()
		want, version := value(u, i, y), 1
		if y < 2026 {
			if (u*1000+i*10+y-2016)%3 == 0 {
				want, version = want+0.5, 2
			}
		}
		if o.Value != want || o.Version != version || o.Source != fmt.Sprintf("table %d", i%7) || o.RecordedBy != "test" {
			t.Fatalf("figure %d: %s %s %s = %v version %d from %q, want %v version %d", n, o.UnitCode, o.Indicator, o.Period, o.Value, o.Version, o.Source, want, version)
		}
		n++
	}
	c := connect(t, u)
	if rows := count(t, c, `SELECT count(*) FROM observation`); rows != 110000+revised {
		t.Errorf("%d rows, want %d", rows, 110000+revised)
	}
	if orphans := count(t, c, `SELECT count(*) FROM observation o LEFT JOIN series s ON s.id = o.series_id LEFT JOIN source src ON src.id = o.source_id
		LEFT JOIN revision r ON r.id = o.revision_id WHERE s.id IS NULL OR src.id IS NULL OR r.id IS NULL`); orphans != 0 {
		t.Errorf("%d figures name a missing series, source or revision", orphans)
	}
	if n := count(t, c, `SELECT count(*) FROM source`); n != 7 {
		t.Errorf("%d sources, want 7", n)
	}
	if n := count(t, c, `SELECT count(*) FROM revision`); n != 2 {
		t.Errorf("%d revisions after two imports, want 2", n)
	}
}

// comparable reads everything a store holds through the Reader.
func everything(t *testing.T, s planwatch.Store) map[string]any {
	t.Helper()
	out := map[string]any{}
	var err error
	must := func(name string, v any, e error) {
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %w", name, e)
		}
		out[name] = v
	}
	units, e := s.Units(ctx)
	must("units", units, e)
	l, e := s.Lineage(ctx)
	must("lineage", l, e)
	g, e := s.GroupMembers(ctx)
	must("groups", g, e)
	in, e := s.Indicators(ctx)
	must("indicators", in, e)
	codes, e := s.Codes(ctx)
	must("codes", codes, e)
	sources, e := s.Sources(ctx)
	must("sources", sources, e)
	p, e := s.Plans(ctx)
	must("plans", p, e)
	tg, e := s.Targets(ctx, planwatch.TargetFilter{})
	must("targets", tg, e)
	obs, e := s.Observations(ctx, planwatch.ObservationFilter{})
	must("observations", obs, e)
	var hist []planwatch.Observation
	for _, o := range obs {
		if o.Version > 1 {
			h, e := s.History(ctx, o.Key(), o.Period.String())
			must("history", nil, e)
			hist = append(hist, h...)
		}
	}
	out["history"] = hist
	cl, e := s.ChangeLog(ctx)
	must("changelog", cl, e)
	if len(units) > 10 {
		ids := []int64{units[3].ID, units[7].ID}
		tg, e := s.Targets(ctx, planwatch.TargetFilter{Units: ids})
		must("targets of two units", tg, e)
		o, e := s.Observations(ctx, planwatch.ObservationFilter{Units: ids, Indicators: []string{"POP", "GRDP"}})
		must("observations of two units", o, e)
		o, e = s.Observations(ctx, planwatch.ObservationFilter{Period: period.Year(2020), Exact: true})
		must("observations of 2020", o, e)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSameAsSQLite loads the demo into both stores, then codes whose order
// differs between a byte-by-byte comparison and Vietnamese collation, and
// corrections; every Reader method gives the same rows in the same order on
// both. The PostgreSQL database collates Vietnamese (ICU), so that an order
// taken from the database's locale rather than the schema would show.
func TestSameAsSQLite(t *testing.T) {
	u := pgtest.DatabaseWith(t, "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN' LOCALE 'C.UTF-8'")
	pg := openURL(t, u)
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	clock := func() time.Time { return time.Date(2026, 3, 1, 8, 30, 15, 0, time.UTC) }
	pg.SetClock(clock)
	lite.SetClock(clock)

	d, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	extra := &planwatch.Batch{
		Units: []planwatch.UnitRecord{
			{Unit: planwatch.Unit{Code: "AB", NameVI: "ab", Level: planwatch.LevelOther}},
			{Unit: planwatch.Unit{Code: "A_B", NameVI: "a_b", Level: planwatch.LevelOther}},
			{Unit: planwatch.Unit{Code: "đ", NameVI: "đ", Level: planwatch.LevelOther}},
			{Unit: planwatch.Unit{Code: "e", NameVI: "e", Level: planwatch.LevelOther}},
			{Unit: planwatch.Unit{Code: "D", NameVI: "D", Level: planwatch.LevelOther}},
		},
		Indicators: []planwatch.IndicatorRecord{{Indicator: planwatch.Indicator{Code: "EX_TAX", NameEN: "Export tax", MeasureUnit: "VND bn",
			Type: planwatch.TypeFlow, Direction: planwatch.DirNone, Aggregation: planwatch.Aggregation{Rule: "sum"}}}},
	}
	for _, code := range []string{"AB", "A_B", "đ", "e", "D"} {
		for _, p := range []string{"2024", "2024-Q1", "2023/2024", "2024-01"} {
			extra.Observations = append(extra.Observations, planwatch.ObservationRecord{Unit: code,
				Observation: planwatch.Observation{Indicator: "EX_TAX", Period: period.MustParse(p), Value: float64(len(code)) + 0.1, Source: "Đ " + code}})
		}
	}
	for _, s := range []planwatch.Store{pg, lite} {
		apply(t, s, d)
		apply(t, s, extra)
	}
	// Corrections: a name, a target, revised figures.
	d, _ = demo.Batch()
	d.Units[5].Unit.NameEN += " (corrected)"
	for i := range d.Targets {
		if d.Targets[i].Target.Value != nil {
			v := *d.Targets[i].Target.Value + 1
			d.Targets[i].Target.Value = &v
			break
		}
	}
	for i := 0; i < len(d.Observations); i += 10 {
		d.Observations[i].Observation.Value *= 1.01
	}
	var sums []planwatch.Summary
	for _, s := range []planwatch.Store{pg, lite} {
		sums = append(sums, apply(t, s, d))
	}
	if !reflect.DeepEqual(sums[0], sums[1]) {
		t.Errorf("corrections: PostgreSQL %+v, SQLite %+v", sums[0], sums[1])
	}
	a, b := everything(t, pg), everything(t, lite)
	for name := range b {
		if !reflect.DeepEqual(a[name], b[name]) {
			t.Errorf("%s differ:\nPostgreSQL %+v\nSQLite     %+v", name, a[name], b[name])
		}
	}
	if n := len(b["changelog"].([]planwatch.LoggedChange)); n < 2 {
		t.Errorf("%d changes logged: the corrections did not happen", n)
	}
	if n := len(b["history"].([]planwatch.Observation)); n < 20 {
		t.Errorf("%d versions in the histories: the revisions did not happen", n)
	}
	units := b["units"].([]planwatch.Unit)
	var codes []string
	for _, u := range units {
		if u.Level == planwatch.LevelOther {
			codes = append(codes, u.Code)
		}
	}
	if want := []string{"AB", "A_B", "D", "e", "đ"}; !reflect.DeepEqual(codes, want) {
		t.Errorf("codes in order %q, want %q", codes, want)
	}
}

func TestErrorCodes(t *testing.T) {
	db := openURL(t, pgtest.Database(t))
	apply(t, db, world(1, 1))
	units, _ := db.Units(ctx)
	cases := []struct {
		name string
		code string
		fn   func(tx planwatch.Tx) error
	}{
		{"parent not stored", planwatch.EINVALID, func(tx planwatch.Tx) error {
			_, err := tx.PutUnit(ctx, &planwatch.Unit{Code: "X", Level: planwatch.LevelProvince, Parent: 987654})
			return err
		}},
		{"unit not stored", planwatch.EINVALID, func(tx planwatch.Tx) error {
			_, err := tx.PutObservations(ctx, []planwatch.Observation{{Unit: 987654, Indicator: "I000", Period: period.Year(2020), Status: "A"}})
			return err
		}},
		{"figure given twice", planwatch.ECONFLICT, func(tx planwatch.Tx) error {
			o := planwatch.Observation{Unit: units[0].ID, Indicator: "I000", Period: period.Year(2020), Status: "A"}
			_, err := tx.PutObservations(ctx, []planwatch.Observation{o, o})
			return err
		}},
		{"text PostgreSQL cannot hold", planwatch.EINVALID, func(tx planwatch.Tx) error {
			_, err := tx.PutUnit(ctx, &planwatch.Unit{Code: "Y", NameVI: "a\x00b", Level: planwatch.LevelProvince})
			return err
		}},
	}
	for _, tc := range cases {
		err := db.Update(ctx, tc.fn)
		if got := planwatch.ErrorCode(err); got != tc.code {
			t.Errorf("%s: code %q (%v), want %q", tc.name, got, err, tc.code)
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Errorf("%s: the driver's error is not inside %v", tc.name, err)
		}
	}
	if got, _ := db.Units(ctx); len(got) != 1 {
		t.Errorf("%d units after failed writes, want 1", len(got))
	}
	if _, err := postgres.Open(ctx, "postgres://x@/db?pool_max_conns=zero"); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("a bad URL: %v, want an invalid error", err)
	}
}

// TestNeverOverwritten checks that the database itself refuses to update,
// delete or truncate figures and the change log.
func TestNeverOverwritten(t *testing.T) {
	u := pgtest.Database(t)
	db := openURL(t, u)
	b := world(1, 1)
	b.Observations = []planwatch.ObservationRecord{rec(0, 0, 2020, 1)}
	apply(t, db, b)
	b.Units[0].Unit.NameEN = "corrected"
	apply(t, db, b)
	c := connect(t, u)
	for _, q := range []string{
		`UPDATE observation SET value = 2`, `DELETE FROM observation`, `TRUNCATE observation`,
		`UPDATE change_log SET old = ''`, `DELETE FROM change_log`, `TRUNCATE change_log`,
	} {
		_, err := c.Exec(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "never") {
			t.Errorf("%s: %v, want it refused", q, err)
		}
	}
	if n := count(t, c, `SELECT count(*) FROM observation WHERE value = 1`) + count(t, c, `SELECT count(*) FROM change_log`); n != 2 {
		t.Errorf("%d rows left of 2", n)
	}
}

// TestConcurrentOpens opens one new database from eight goroutines at once:
// every open succeeds and each migration is applied once.
func TestConcurrentOpens(t *testing.T) {
	u := pgtest.Database(t)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			db, err := postgres.Open(ctx, u)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
		}
	}
	c := connect(t, u)
	if n := count(t, c, `SELECT count(*) FROM schema_migration`); n != postgres.LatestSchema() {
		t.Errorf("%d migrations recorded, want %d", n, postgres.LatestSchema())
	}
	db := openURL(t, u)
	if v, err := db.SchemaVersion(ctx); v != postgres.LatestSchema() || err != nil {
		t.Errorf("schema version %d, %v", v, err)
	}
}

func TestDataVersion(t *testing.T) {
	db := openURL(t, pgtest.Database(t))
	version := func() int64 {
		t.Helper()
		v, err := db.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	b := world(2, 2)
	b.Observations = []planwatch.ObservationRecord{rec(0, 0, 2020, 1)}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Errorf("a dry run moved the version from %d to %d", v0, v)
	}
	apply(t, db, b)
	v1 := version()
	if v1 == v0 {
		t.Error("an import left the version alone")
	}
	b.Units[1].Unit.NameVI = "sửa"
	apply(t, db, b)
	if v := version(); v == v1 {
		t.Error("a corrected name left the version alone")
	}
}

// failNext makes the next n inserts of a revision fail with SQLSTATE code,
// as the server does when it aborts a transaction; it returns how many
// inserts were tried.
func failNext(t *testing.T, u string, code string, n int) func() int {
	c := connect(t, u)
	for _, q := range []string{
		`CREATE SEQUENCE tries`,
		fmt.Sprintf(`CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF nextval('tries') <= %d THEN RAISE EXCEPTION 'forced by the test' USING ERRCODE = '%s'; END IF;
			RETURN NEW;
		END $$`, n, code),
		`CREATE TRIGGER fail BEFORE INSERT ON revision FOR EACH ROW EXECUTE FUNCTION fail()`,
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return func() int {
		// Sequences are not rolled back: this counts every try.
		return count(t, c, `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM tries`)
	}
}

// TestApplyRetried makes the server abort an import once, after it has
// written its units, with a serialization failure, then a deadlock: the
// import runs again and writes everything once.
func TestApplyRetried(t *testing.T) {
	for _, code := range []string{"40001", "40P01"} {
		t.Run(code, func(t *testing.T) {
			u := pgtest.Database(t)
			db := openURL(t, u)
			tries := failNext(t, u, code, 1)
			b := world(3, 2)
			b.Observations = []planwatch.ObservationRecord{rec(0, 0, 2020, 1), rec(1, 1, 2021, 2)}
			sum := apply(t, db, b)
			if sum.Get("units").Added != 3 || sum.Get("observations").Added != 2 {
				t.Errorf("summary %+v", sum)
			}
			if n := tries(); n != 2 {
				t.Errorf("%d tries, want 2", n)
			}
			c := connect(t, u)
			if n := count(t, c, `SELECT count(*) FROM unit`) + count(t, c, `SELECT count(*) FROM observation`) + count(t, c, `SELECT count(*) FROM revision`); n != 6 {
				t.Errorf("%d rows of units, figures and revisions, want 3 + 2 + 1", n)
			}
		})
	}
}

// TestRetriesGiveUp makes every try fail: Update gives up after five and
// says to try again later.
func TestRetriesGiveUp(t *testing.T) {
	u := pgtest.Database(t)
	db := openURL(t, u)
	tries := failNext(t, u, "40001", 1000)
	b := world(1, 1)
	b.Observations = []planwatch.ObservationRecord{rec(0, 0, 2020, 1)}
	_, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{})
	if planwatch.ErrorCode(err) != planwatch.ECONFLICT || !strings.Contains(err.Error(), "try again") {
		t.Errorf("Apply: %v, want a conflict to try again", err)
	}
	if n := tries(); n != 5 {
		t.Errorf("%d tries, want 5", n)
	}
	if units, _ := db.Units(ctx); len(units) != 0 {
		t.Errorf("%d units written", len(units))
	}
}

// TestStreamNotRetried: a file streamed into an import cannot be read
// again, so an import that the server aborts fails whole rather than
// committing without its figures.
func TestStreamNotRetried(t *testing.T) {
	u := pgtest.Database(t)
	db := openURL(t, u)
	tries := failNext(t, u, "40001", 1)
	b := world(1, 1)
	b.Streams = []planwatch.ObservationStream{func(emit func(planwatch.ObservationRecord) bool) error {
		emit(rec(0, 0, 2020, 1))
		return nil
	}}
	_, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{})
	if planwatch.ErrorCode(err) != planwatch.ECONFLICT || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("Apply: %v, want a conflict saying nothing was imported", err)
	}
	if n := tries(); n != 1 {
		t.Errorf("%d tries, want 1", n)
	}
	if units, _ := db.Units(ctx); len(units) != 0 {
		t.Errorf("%d units written", len(units))
	}
}

// TestOpenReadOnly: a reader creates nothing in an empty database and says
// to run init; on a store it reads while a writer holds the write lock, and
// cannot write; a schema older or newer than the binary's is named.
func TestOpenReadOnly(t *testing.T) {
	u := pgtest.Database(t)
	c := connect(t, u)
	_, err := postgres.OpenReadOnly(ctx, u)
	if planwatch.ErrorCode(err) != planwatch.ENOTFOUND || !strings.Contains(err.Error(), "planwatch init") {
		t.Errorf("read-only open of an empty database: %v", err)
	}
	if n := count(t, c, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`); n != 0 {
		t.Errorf("a read-only open created %d tables", n)
	}

	db := openURL(t, u)
	b := world(2, 1)
	b.Observations = []planwatch.ObservationRecord{rec(0, 0, 2020, 1)}
	apply(t, db, b)
	// A writer in the middle of its transaction, which has written a unit.
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- db.Update(ctx, func(tx planwatch.Tx) error {
			if _, err := tx.PutUnit(ctx, &planwatch.Unit{Code: "NEW", NameVI: "mới", Level: planwatch.LevelProvince}); err != nil {
				return err
			}
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	ro, err := postgres.OpenReadOnly(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	units, err := ro.Units(rctx)
	if err != nil || len(units) != 2 {
		t.Errorf("reading while a write is open: %d units, %v; want the 2 committed", len(units), err)
	}
	if obs, err := ro.Observations(rctx, planwatch.ObservationFilter{}); err != nil || len(obs) != 1 {
		t.Errorf("reading figures while a write is open: %v %v", obs, err)
	}
	// A second writer waits for the first.
	second := make(chan error)
	go func() {
		second <- db.Update(ctx, func(tx planwatch.Tx) error {
			units, err := tx.Units(ctx)
			if err == nil && len(units) != 3 {
				err = fmt.Errorf("the second writer sees %d units, not the first writer's", len(units))
			}
			return err
		})
	}()
	select {
	case err := <-second:
		t.Errorf("a second writer went ahead of the first: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Error(err)
	}
	err = ro.Update(ctx, func(tx planwatch.Tx) error {
		_, err := tx.PutUnit(ctx, &planwatch.Unit{Code: "RO", NameVI: "x", Level: planwatch.LevelProvince})
		return err
	})
	if planwatch.ErrorCode(err) != planwatch.EINVALID || !strings.Contains(err.Error(), "reading only") {
		t.Errorf("a write through a read-only store: %v", err)
	}

	if _, err := c.Exec(ctx, `INSERT INTO schema_migration VALUES (99, now())`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.OpenReadOnly(ctx, u); err == nil || !strings.Contains(err.Error(), "schema version 99 is newer") {
		t.Errorf("a newer schema: %v", err)
	}
	if _, err := c.Exec(ctx, `DELETE FROM schema_migration`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.OpenReadOnly(ctx, u); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version 0 is older than this planwatch's %d: run planwatch init", postgres.LatestSchema())) {
		t.Errorf("an older schema: %v", err)
	}
}

// TestOpenExisting: an import's open makes no tables in an empty database
// and says to run init; a database missing from the server is not found;
// a schema newer than the binary's is refused by every open.
func TestOpenExisting(t *testing.T) {
	u := pgtest.Database(t)
	c := connect(t, u)
	_, err := postgres.OpenExisting(ctx, u)
	if planwatch.ErrorCode(err) != planwatch.ENOTFOUND || !strings.Contains(err.Error(), "planwatch init") {
		t.Errorf("open of an empty database: %v", err)
	}
	if n := count(t, c, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`); n != 0 {
		t.Errorf("OpenExisting made %d tables", n)
	}
	openURL(t, u)
	db, err := postgres.OpenExisting(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	missing := strings.Replace(u, c.Config().Database, "no_such_planwatch_db", 1)
	for name, open := range map[string]func(context.Context, string) (*postgres.DB, error){"Open": postgres.Open, "OpenExisting": postgres.OpenExisting, "OpenReadOnly": postgres.OpenReadOnly} {
		if _, err := open(ctx, missing); planwatch.ErrorCode(err) != planwatch.ENOTFOUND || !strings.Contains(err.Error(), "no such database") {
			t.Errorf("%s of a database the server lacks: %v", name, err)
		}
	}
	if _, err := c.Exec(ctx, `INSERT INTO schema_migration VALUES (99, now())`); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func(context.Context, string) (*postgres.DB, error){"Open": postgres.Open, "OpenExisting": postgres.OpenExisting, "OpenReadOnly": postgres.OpenReadOnly} {
		if _, err := open(ctx, u); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version 99 is newer than this planwatch's %d", postgres.LatestSchema())) {
			t.Errorf("%s of a newer schema: %v", name, err)
		}
	}
}

// TestMigratePlanTexts upgrades a database of the first schema, whose plans
// had one issuer and one vision and whose targets one wording: they read
// back as the Vietnamese issuer and vision, and as a wording in Vietnamese
// without a translation, as on SQLite.
func TestMigratePlanTexts(t *testing.T) {
	u := pgtest.Database(t)
	c := connect(t, u)
	first, err := os.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migration (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`,
		string(first),
		`INSERT INTO schema_migration VALUES (1, now())`,
		`INSERT INTO unit (id, code, name_vi, level) VALUES (1, '27', 'Bắc Ninh', 'province')`,
		`INSERT INTO indicator (code, name_en, type, aggregation, direction) VALUES ('GRDP', 'GRDP', 'flow', 'sum', 'up')`,
		`INSERT INTO plan (code, kind, title_vi, issuer, unit_id, horizon, vision) VALUES ('NQ', 'resolution', 'Nghị quyết', 'Tỉnh ủy', 1, '2021/2025', 'Đến năm 2030')`,
		`INSERT INTO target (plan, unit_id, indicator, period, kind, value, wording) VALUES ('NQ', 1, 'GRDP', '2025', 'at_least', 100, 'GRDP đạt 100'), ('NQ', 1, 'GRDP', '2024', 'at_least', 90, '')`,
	} {
		if _, err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db := openURL(t, u)
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans after migration: %v %v", plans, err)
	}
	if p := plans[0]; p.IssuerVI != "Tỉnh ủy" || p.IssuerEN != "" || p.VisionVI != "Đến năm 2030" || p.VisionEN != "" {
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

// Version reads a database's schema version without writing: 0 before
// Open makes the tables, the latest after; an unreachable server is an
// error that names it without its password.
func TestVersion(t *testing.T) {
	ctx := context.Background()
	u := pgtest.Database(t)
	if v, err := postgres.Version(ctx, u); err != nil || v != 0 {
		t.Errorf("empty database: version %d, %v", v, err)
	}
	db := openURL(t, u)
	db.Close()
	if v, err := postgres.Version(ctx, u); err != nil || v != postgres.LatestSchema() {
		t.Errorf("after Open: version %d, %v; want %d", v, err, postgres.LatestSchema())
	}
	if _, err := postgres.Version(ctx, "postgres://officer:s3cret@127.0.0.1:1/planwatch?connect_timeout=2"); err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "officer@127.0.0.1:1/planwatch") {
		t.Errorf("unreachable server: %v", err)
	}
}
