package planwatch_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/storetest"
)

// The import fuzzed as a whole: the fuzzer writes units, lineage,
// indicators (with formulas and weights) and observations, one record a
// line and fields split by commas, and Apply writes them into a new store.
// It must never panic; when it succeeds, the store holds what its summary
// says, each figure as given, and applying the batch again changes nothing.
// Fuzzing runs it on the memory store; the corpus, run as tests, on SQLite
// too, which must come to the same.

// fields splits a line into n fields, the last keeping any commas.
func fields(line string, n int) []string {
	f := strings.SplitN(line, ",", n)
	for len(f) < n {
		f = append(f, "")
	}
	return f
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func optNumber(s string) *float64 {
	if s == "" {
		return nil
	}
	v, err := planwatch.ParseNumber(s)
	if err != nil {
		v = math.NaN()
	}
	return &v
}

// fuzzBatch decodes the fuzzer's texts into a batch, keeping what the
// fields say even where it is wrong: checking it is Apply's work.
func fuzzBatch(units, lineage, indicators, observations string) *planwatch.Batch {
	b := &planwatch.Batch{}
	pos := func(file string, i int) planwatch.Pos { return planwatch.Pos{File: file, Line: i + 2} }
	for i, l := range lines(units) {
		f := fields(l, 7) // code,name_vi,name_en,level,parent,valid_from,valid_to
		b.Units = append(b.Units, planwatch.UnitRecord{Pos: pos("units", i), Parent: f[4], Unit: planwatch.Unit{
			Code: f[0], NameVI: f[1], NameEN: f[2], Level: planwatch.Level(f[3]), ValidFrom: planwatch.Date(f[5]), ValidTo: planwatch.Date(f[6])}})
	}
	for i, l := range lines(lineage) {
		f := fields(l, 5) // date,event,from,to,share
		b.Lineage = append(b.Lineage, planwatch.LineageRecord{Pos: pos("lineage", i), From: f[2], To: f[3],
			Event: planwatch.LineageEvent{Date: planwatch.Date(f[0]), Event: planwatch.Event(f[1]), Share: optNumber(f[4])}})
	}
	for i, l := range lines(indicators) {
		f := fields(l, 7) // code,name,type,aggregation,direction,dimensions,formula
		agg, err := planwatch.ParseAggregation(f[3])
		if err != nil {
			agg = planwatch.Aggregation{Rule: f[3]}
		}
		dims, _ := planwatch.ParseDimensions(f[5])
		b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Pos: pos("indicators", i), Indicator: planwatch.Indicator{
			Code: f[0], NameVI: f[1], MeasureUnit: "x", Type: planwatch.IndicatorType(f[2]), Aggregation: agg, Direction: planwatch.Direction(f[4]), Dimensions: dims, Formula: f[6]}})
	}
	for i, l := range lines(observations) {
		f := fields(l, 8) // unit,indicator,period,value,dims,status,source,note
		p, _ := period.Parse(f[2])
		v := math.NaN()
		if n := optNumber(f[3]); n != nil {
			v = *n
		}
		dims, err := planwatch.ParseDims(f[4])
		if err != nil {
			dims = planwatch.Dims(f[4])
		}
		b.Observations = append(b.Observations, planwatch.ObservationRecord{Pos: pos("observations", i), Unit: f[0], Observation: planwatch.Observation{
			Indicator: f[1], Period: p, Value: v, Dims: dims, Status: f[5], Source: f[6], Note: f[7]}})
	}
	return b
}

func FuzzApply(f *testing.F) {
	units := "VN,Việt Nam,Viet Nam,nation,,,\n27,Bắc Ninh,Bac Ninh,province,VN,1997-01-01,2025-07-01\n24,Bắc Giang,Bac Giang,province,VN,1997-01-01,2025-07-01\n24,Bắc Ninh,Bac Ninh,province,VN,2025-07-01,"
	lineage := "2025-07-01,merge,27,24,\n2025-07-01,merge,24@1997-01-01,24,"
	indicators := "POP,Dân số,stock,sum,none,,\nGRDP,GRDP,flow,sum,up,price=current|constant2010,\nPC,Bình quân,rate,formula,up,price=current,GRDP / POP\nPOOR,Hộ nghèo,rate,mean:POP,down,,"
	obs := "27,POP,2024,1500,,A,census,\n24,POP,2024,1900,,E,,\n27,GRDP,2024,250000,price=current,,Niên giám,\n24,GRDP,2025,72497.5,price=current,E,Báo cáo,ước tính\n27,POOR,2024-Q3,1.2,,P,,"
	f.Add(units, lineage, indicators, obs)
	// The cases of issue 9: cycles of formulas, control characters, years
	// out of range, a unit with no Vietnamese name, through weights too.
	f.Add(units, "", "CYA,A,flow,formula,up,,CYB * 2\nCYB,B,flow,formula,up,,CYA / 2", "27,CYA,2024,1,,,,")
	f.Add(units, "", "CYA,A,flow,sum,up,,CYB + 1\nCYB,B,flow,mean:CYC,up,,CYC\nCYC,C,flow,formula,up,,CYA - 1", "")
	f.Add(units, "", "W,A,rate,mean:W,up,,\nV,B,rate,mean:W,up,,W * 2", "27,W,2024,1,,,,\n24,V,2025,2,,,,")
	f.Add("VN,Việt\x00Nam,,nation,,,\n01,,Ha Noi,province,VN,,", "", indicators, "VN,POP,9999-12,1,,,,\nVN,POP,2025,1,,A,so\x07urce,note\twith tab\nline")
	f.Add(units, "2025-07-01,split,27,24,0.6\n2025-07-01,transfer,27,24,0.6", indicators, "")
	f.Add(units+"\nX,X,,region,27,,\n27,Bắc Ninh,,province,X,,", "", "", "")
	f.Add(units, lineage, indicators, "24,PC,2025,1,price=current,,,\n24,PC,2025,2,price=current,,,")

	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	f.Fuzz(func(t *testing.T, units, lineage, indicators, observations string) {
		batch := func() *planwatch.Batch { return fuzzBatch(units, lineage, indicators, observations) }
		got := checkApply(t, storetest.NewMemory(), batch)
		got += checkOneByOne(t, storetest.NewMemory(), batch(), -1)
		if fuzzing || raceEnabled && !strings.HasPrefix(t.Name(), "FuzzApply/seed#") {
			// SQLite, instrumented for fuzzing or for the race detector,
			// would take seconds a run: the corpus runs on it in go test
			// without -race, the seeds with it too.
			return
		}
		// The corpus, run as tests, holds SQLite to what the memory store
		// does.
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		want := checkApply(t, db, batch)
		other, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		// Record by record, a few: a transaction each costs SQLite more.
		const few = 12
		want += checkOneByOne(t, other, batch(), few)
		if mem := checkApply(t, storetest.NewMemory(), batch) + checkOneByOne(t, storetest.NewMemory(), batch(), few); mem != want {
			t.Fatalf("the memory store and SQLite differ:\n%s\n---\n%s", mem, want)
		}
		_ = got
	})
}

// checkApply applies the batch to an empty store and checks what it did;
// it returns what came of it, to compare stores.
func checkApply(t *testing.T, s planwatch.Store, batch func() *planwatch.Batch) string {
	ctx := context.Background()
	b := batch()
	sum, err := planwatch.Apply(ctx, s, b, planwatch.ApplyOptions{RecordedBy: "fuzz"})
	if err != nil {
		if planwatch.ErrorCode(err) != planwatch.EINVALID {
			t.Fatalf("Apply failed with %q, not a problem of the input: %v", planwatch.ErrorCode(err), err)
		}
		if us, _ := s.Units(ctx); len(us) != 0 {
			t.Fatalf("a refused batch wrote %d units: %v", len(us), err)
		}
		return "refused: " + err.Error()
	}
	us, _ := s.Units(ctx)
	ls, _ := s.Lineage(ctx)
	is, _ := s.Indicators(ctx)
	os, _ := s.Observations(ctx, planwatch.ObservationFilter{})
	for kind, n := range map[string]int{"units": len(us), "lineage": len(ls), "indicators": len(is), "observations": len(os)} {
		if c := sum.Get(kind); c.Added != n || c.Changed != 0 {
			t.Fatalf("%s: summary %+v, store holds %d", kind, c, n)
		}
	}
	// What is stored is what the batch gave, and valid.
	given := map[string]bool{}
	for _, r := range b.Observations {
		given[fmt.Sprintf("%s|%s|%s|%v", r.Observation.Indicator, r.Observation.Dims, r.Observation.Period, r.Observation.Value)] = true
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%+v\n", sum)
	for _, o := range os {
		if !given[fmt.Sprintf("%s|%s|%s|%v", o.Indicator, o.Dims, o.Period, o.Value)] {
			t.Fatalf("stored %+v, which the batch did not give", o)
		}
		if err := o.Validate(); err != nil {
			t.Fatalf("stored an invalid figure %+v: %v", o, err)
		}
		fmt.Fprintf(&out, "%s %s %s %s %v %s %q %q\n", o.UnitCode, o.Indicator, o.Dims, o.Period, o.Value, o.Status, o.Source, o.Note)
	}
	for _, u := range us {
		if err := u.Validate(); err != nil {
			t.Fatalf("stored an invalid unit %+v: %v", u, err)
		}
		fmt.Fprintf(&out, "%s %s %q %q %s %s %s %s\n", u.Code, u.Level, u.NameVI, u.NameEN, u.ParentCode, u.ValidFrom, u.ValidTo, "")
	}
	for _, e := range ls {
		if err := e.Validate(); err != nil {
			t.Fatalf("stored an invalid lineage event %+v: %v", e, err)
		}
		fmt.Fprintf(&out, "%s %s %s %s %v\n", e.Date, e.Event, e.FromCode, e.ToCode, e.Share)
	}
	deps := planwatch.FormulaDeps(indicatorMap(is))
	for _, in := range is {
		if err := in.Validate(); err != nil {
			t.Fatalf("stored an invalid indicator %+v: %v", in, err)
		}
		if c := planwatch.FormulaCycle(deps, in.Code); c != nil {
			t.Fatalf("stored a cycle of formulas: %s", planwatch.ChainString(c))
		}
		fmt.Fprintf(&out, "%+v\n", in)
	}
	// The same batch again changes nothing.
	again, err := planwatch.Apply(ctx, s, batch(), planwatch.ApplyOptions{RecordedBy: "fuzz"})
	if err != nil {
		t.Fatalf("the batch applied once is refused the second time: %v", err)
	}
	for _, c := range again {
		if c.Added != 0 || c.Changed != 0 {
			t.Fatalf("applying the batch again changed %+v", c)
		}
	}
	return out.String()
}

// digest is everything a store holds, as text: with every figure's
// version and the change log when full, else what is current only.
func digest(t *testing.T, s planwatch.Reader, full bool) string {
	ctx := context.Background()
	var b strings.Builder
	us, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		fmt.Fprintf(&b, "unit %s %s %q %q %s %s %s\n", u.Code, u.Level, u.NameVI, u.NameEN, u.ParentCode, u.ValidFrom, u.ValidTo)
	}
	ls, _ := s.Lineage(ctx)
	for _, e := range ls {
		share := "-"
		if e.Share != nil {
			share = fmt.Sprint(*e.Share)
		}
		fmt.Fprintf(&b, "lineage %s %s %s %s %s\n", e.Date, e.Event, e.FromCode, e.ToCode, share)
	}
	is, _ := s.Indicators(ctx)
	for _, in := range is {
		fmt.Fprintf(&b, "indicator %+v\n", in)
	}
	os, _ := s.Observations(ctx, planwatch.ObservationFilter{})
	for _, o := range os {
		fmt.Fprintf(&b, "figure %s %s %s %s %v %s %q %q", o.UnitCode, o.Indicator, o.Dims, o.Period, o.Value, o.Status, o.Source, o.Note)
		if full {
			fmt.Fprintf(&b, " v%d", o.Version)
		}
		b.WriteByte('\n')
	}
	if !full {
		return b.String()
	}
	log, _ := s.ChangeLog(ctx)
	for _, c := range log {
		fmt.Fprintf(&b, "changed %s %s %s\n", c.Kind, c.Key, c.Old)
	}
	return b.String()
}

// checkOneByOne applies each record of b as a batch of its own, the first
// n of them (all when n < 0), kind after kind: so that the records that are
// right go in beside those that are not, and later ones meet what earlier
// ones stored. A refused record changes nothing; an accepted one changes
// the store exactly when its count says so; the accepted ones, applied
// again in order, are accepted and leave what is current as it was (two
// records of one figure make versions, as they would).
func checkOneByOne(t *testing.T, s planwatch.Store, b *planwatch.Batch, n int) string {
	ctx := context.Background()
	var singles []*planwatch.Batch
	for _, r := range b.Units {
		singles = append(singles, &planwatch.Batch{Units: []planwatch.UnitRecord{r}})
	}
	for _, r := range b.Lineage {
		singles = append(singles, &planwatch.Batch{Lineage: []planwatch.LineageRecord{r}})
	}
	for _, r := range b.Indicators {
		singles = append(singles, &planwatch.Batch{Indicators: []planwatch.IndicatorRecord{r}})
	}
	for _, r := range b.Observations {
		singles = append(singles, &planwatch.Batch{Observations: []planwatch.ObservationRecord{r}})
	}
	if n >= 0 && len(singles) > n {
		singles = singles[:n]
	}
	var out strings.Builder
	var accepted []*planwatch.Batch
	for _, single := range singles {
		before := digest(t, s, true)
		sum, err := planwatch.Apply(ctx, s, single, planwatch.ApplyOptions{RecordedBy: "fuzz"})
		after := digest(t, s, true)
		if err != nil {
			if planwatch.ErrorCode(err) != planwatch.EINVALID {
				t.Fatalf("Apply failed with %q, not a problem of the input: %v", planwatch.ErrorCode(err), err)
			}
			if after != before {
				t.Fatalf("a refused record changed the store: %v\n%s\n---\n%s", err, before, after)
			}
			fmt.Fprintf(&out, "refused: %v\n", err)
			continue
		}
		changes := 0
		for _, c := range sum {
			changes += c.Added + c.Changed
		}
		if (changes == 0) != (after == before) {
			t.Fatalf("summary %+v, but the store went from\n%s\n---\n%s", sum, before, after)
		}
		fmt.Fprintf(&out, "%+v\n", sum)
		accepted = append(accepted, single)
	}
	final := digest(t, s, false)
	for _, single := range accepted {
		if _, err := planwatch.Apply(ctx, s, single, planwatch.ApplyOptions{RecordedBy: "fuzz"}); err != nil {
			t.Fatalf("a record accepted once is refused later: %v", err)
		}
	}
	if again := digest(t, s, false); again != final {
		t.Fatalf("applying the accepted records again changed the store:\n%s\n---\n%s", final, again)
	}
	return out.String() + final
}

func indicatorMap(list []planwatch.Indicator) map[string]planwatch.Indicator {
	m := map[string]planwatch.Indicator{}
	for _, in := range list {
		m[in.Code] = in
	}
	return m
}
