// National writes a national data set for the benchmarks, reproducibly
// from a seed: Viet Nam's units and their lineage as the official files in
// ../shared/reference/vn_admin give them (63 provinces, 696 districts and
// 10,035 communes before 2025-07-01; 34 provinces and 3,321 communes from
// then on), 200 indicators, yearly figures of the provinces for 30 years,
// monthly figures of the communes for 5 years, and targets for every
// province. The full size holds 10,325,505 observations.
//
// The figures are made up (a seeded random walk per series); they cite one
// source per level, so that no series has a break. Years up to 2024 belong
// to the 63 provinces of the time (the 11 that did not change have all 30
// years), 2025 to the 34 of today; the communes' months are those of the
// 3,321 communes of today, from July 2025 on.
//
//	go run ./bench/national -out DIR [-size 10m|1m|test] [-seed N]
//	planwatch import --db F ../shared/reference/vn_admin/... DIR/*.csv
//
// or, straight into a store through planwatch.Apply (SQLite file or
// postgres:// URL), the official files included:
//
//	go run ./bench/national -db F [-size ...]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/exchange"
	"planwatch/period"
)

func main() {
	size := flag.String("size", "10m", "10m (10,325,505 observations), 1m (1,026,705) or test (a small set for tests)")
	seed := flag.Uint64("seed", 1, "seed of the figures")
	out := flag.String("out", "", "write canonical CSV files into this folder")
	db := flag.String("db", "", "write straight into this store (a SQLite file, made if need be, or a postgres:// URL), the official files included")
	ref := flag.String("ref", filepath.Join("..", "shared", "reference", "vn_admin"), "the folder of the official files")
	flag.Parse()
	cfg, ok := Sizes[*size]
	if !ok {
		log.Fatalf("-size %q: use 10m, 1m or test", *size)
	}
	cfg.Seed = *seed
	if (*out == "") == (*db == "") {
		log.Fatal("give -out DIR or -db STORE")
	}
	structure, err := ReadStructure(*ref)
	if err != nil {
		log.Fatal(err)
	}
	set := New(cfg, structure)
	if *out != "" {
		if err := set.WriteFiles(*out); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d observations, %d targets; import with the official files %s\n", *out, set.Observations(), len(set.Targets()), strings.Join(StructureFiles, ", "))
		return
	}
	ctx := context.Background()
	s, err := openStore(ctx, *db)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	sum, err := planwatch.Apply(ctx, s, set.Batch(), planwatch.ApplyOptions{RecordedBy: "bench/national"})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range sum {
		fmt.Printf("%-12s %9d added %9d changed %9d unchanged\n", c.Kind, c.Added, c.Changed, c.Unchanged)
	}
}

// Config sizes the data set.
type Config struct {
	Seed uint64
	// Indicators of the provinces (at most 200), each with yearly figures
	// for Years years up to 2025.
	Indicators, Years int
	// CommuneIndicators of those, for every commune (or every
	// CommuneEvery-th), with monthly figures for Months months from
	// 2025-07.
	CommuneIndicators, Months, CommuneEvery int
}

// Sizes are the data sets the benchmarks and tests use.
var Sizes = map[string]Config{
	"10m":  {Indicators: 200, Years: 30, CommuneIndicators: 50, Months: 60, CommuneEvery: 1},
	"1m":   {Indicators: 200, Years: 30, CommuneIndicators: 10, Months: 20, CommuneEvery: 1},
	"test": {Indicators: 14, Years: 12, CommuneIndicators: 5, Months: 3, CommuneEvery: 97},
}

// StructureFiles are the official files whose units and lineage the set
// uses, in the order an import reads them.
var StructureFiles = []string{"vn63_provinces_2025-03.csv", "vn63_districts_2025-03.csv", "vn63_wards_2025-03.csv",
	"vn34_nested-divisions_2026-02.json", "vn_ward_conversion_old_to_new_2025-07.csv"}

// ReadStructure reads the official files as planwatch import does.
func ReadStructure(dir string) (*planwatch.Batch, error) {
	all := &planwatch.Batch{}
	for _, n := range StructureFiles {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return nil, err
		}
		b, _, err := exchange.Open(n, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		all.Append(b)
	}
	return all, nil
}

// Set is a generated data set over the official structure.
type Set struct {
	cfg       Config
	structure *planwatch.Batch
	// old and now are the provinces' codes before and after 2025-07-01
	// (the 11 unchanged in both); communes the codes of today's communes.
	old, now, communes []string
	unchanged          map[string]bool
	// preds are the old provinces each new one was formed from.
	preds map[string][]string
	inds  []indicator
}

// indicator is a generated indicator: what kind of figure it is and how it
// moves.
type indicator struct {
	planwatch.Indicator
	commune bool
	base    float64 // order of magnitude of a province's yearly figure
}

// New lays out a set over the official structure.
func New(cfg Config, structure *planwatch.Batch) *Set {
	s := &Set{cfg: cfg, structure: structure, unchanged: map[string]bool{}, preds: map[string][]string{}}
	for _, l := range structure.Lineage {
		from, _, _ := strings.Cut(l.From, "@")
		to, _, _ := strings.Cut(l.To, "@")
		if len(from) == 2 && len(to) == 2 {
			s.preds[to] = append(s.preds[to], from)
		}
	}
	for _, c := range exchange.UnchangedProvinces {
		s.unchanged[c] = true
	}
	n := 0
	for _, r := range structure.Units {
		u := r.Unit
		switch {
		case u.Level == planwatch.LevelProvince && u.ValidTo == exchange.Merger:
			s.old = append(s.old, u.Code)
		case u.Level == planwatch.LevelProvince && u.ValidFrom == exchange.Merger:
			s.now = append(s.now, u.Code)
		case u.Level == planwatch.LevelProvince:
			s.old, s.now = append(s.old, u.Code), append(s.now, u.Code)
		case u.Level == planwatch.LevelCommune && u.ValidFrom == exchange.Merger:
			if n%cfg.CommuneEvery == 0 {
				s.communes = append(s.communes, u.Code)
			}
			n++
		}
	}
	slices.Sort(s.old)
	slices.Sort(s.now)
	// The unchanged provinces are in the files before and after.
	s.old, s.now = slices.Compact(s.old), slices.Compact(s.now)
	s.inds = indicators(cfg)
	return s
}

// indicators are mostly flows that add up; then stocks, rates weighted by
// the population (the first indicator) and per-head figures defined by a
// formula. The communes have the first CommuneIndicators-1 of the flows and
// stocks and one rate.
func indicators(cfg Config) []indicator {
	var out []indicator
	nRates, nFormulas := max(1, cfg.Indicators/8), max(1, cfg.Indicators/40)
	nStocks := cfg.Indicators / 7
	nFlows := cfg.Indicators - nRates - nFormulas - nStocks
	for i := 1; i <= cfg.Indicators; i++ {
		code := fmt.Sprintf("N%03d", i)
		in := planwatch.Indicator{Code: code, Direction: planwatch.DirUp, Aggregation: planwatch.Aggregation{Rule: planwatch.AggSum}}
		base := 1000 * math.Pow(1.07, float64(i%40))
		switch {
		case i == 1:
			in.NameVI, in.NameEN, in.MeasureUnit, in.Type = "Dân số trung bình", "Average population", "nghìn người", planwatch.TypeStock
			base = 1500
		case i <= nFlows:
			in.NameVI, in.NameEN, in.MeasureUnit, in.Type = fmt.Sprintf("Giá trị sản xuất nhóm %d", i), fmt.Sprintf("Output of group %d", i), "tỷ đồng", planwatch.TypeFlow
		case i <= nFlows+nStocks:
			in.NameVI, in.NameEN, in.MeasureUnit, in.Type = fmt.Sprintf("Số cơ sở loại %d", i), fmt.Sprintf("Establishments of kind %d", i), "cơ sở", planwatch.TypeStock
			if i%2 == 0 {
				in.Direction = planwatch.DirDown
			}
		case i <= nFlows+nStocks+nRates:
			in.NameVI, in.NameEN, in.MeasureUnit, in.Type = fmt.Sprintf("Tỷ lệ %d", i), fmt.Sprintf("Rate %d", i), "%", planwatch.TypeRate
			in.Aggregation = planwatch.Aggregation{Rule: planwatch.AggMean, Weight: "N001"}
			if i%2 == 1 {
				in.Direction = planwatch.DirDown
			}
			base = 50
		default:
			num := fmt.Sprintf("N%03d", 2+i%(nFlows-1))
			in.NameVI, in.NameEN, in.MeasureUnit, in.Type = fmt.Sprintf("%s bình quân đầu người", num), fmt.Sprintf("%s per head", num), "triệu đồng/người", planwatch.TypeRate
			in.Formula, in.Aggregation = num+" / N001", planwatch.Aggregation{Rule: planwatch.AggFormula}
		}
		out = append(out, indicator{Indicator: in, base: base})
	}
	// The communes' indicators: the population, flows and stocks, and the
	// first rate.
	n := 0
	for i := range out {
		if n < cfg.CommuneIndicators-1 && out[i].Formula == "" && out[i].MeasureUnit != "%" {
			out[i].commune = true
			n++
		}
	}
	for i := range out {
		if out[i].MeasureUnit == "%" {
			out[i].commune = true
			break
		}
	}
	return out
}

// Observations counts the figures the set holds.
func (s *Set) Observations() int {
	stored, communal := 0, 0
	for _, in := range s.inds {
		if in.Formula == "" {
			stored++
		}
		if in.commune {
			communal++
		}
	}
	n := 0
	for y := 2026 - s.cfg.Years; y <= 2025; y++ {
		n += len(s.provincesOf(y)) * stored
	}
	return n + len(s.communes)*communal*s.cfg.Months
}

// provincesOf lists the provinces with figures for a year: the 63 until
// 2024 (Bac Giang and Bac Ninh from 1997, when Ha Bac split), the 34 in
// 2025.
func (s *Set) provincesOf(y int) []string {
	if y == 2025 {
		return s.now
	}
	if y >= 1997 {
		return s.old
	}
	return slices.DeleteFunc(slices.Clone(s.old), func(c string) bool { return c == "24" || c == "27" })
}

// series is the seeded random walk of one series: the same figures
// whatever else the set holds.
func (s *Set) series(unit string, in indicator, salt uint64) *rand.Rand {
	h := uint64(14695981039346656037)
	for _, b := range []byte(unit + "|" + in.Code) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	return rand.New(rand.NewPCG(s.cfg.Seed, h^salt))
}

// walk gives a province's yearly figures of an indicator, from the first
// year to 2025, rounded as statistics offices publish them.
func (s *Set) walk(unit string, in indicator) []float64 {
	r := s.series(unit, in, 1)
	v := in.base * (0.3 + 1.4*r.Float64())
	out := make([]float64, s.cfg.Years)
	for i := range out {
		switch {
		case in.MeasureUnit == "%":
			v = math.Min(99, math.Max(1, v+r.NormFloat64()*2))
			out[i] = math.Round(v*10) / 10
		default:
			v *= 1 + 0.065 + 0.04*r.NormFloat64()
			out[i] = math.Round(v*100) / 100
		}
	}
	return out
}

// yearly is a province code's figures, from the first year to 2025: a
// new province's 2025 is about what its predecessors' would have been
// together.
func (s *Set) yearly(code string, in indicator) []float64 {
	vs := s.walk(code, in)
	if ps := s.preds[code]; len(ps) > 0 && !s.unchanged[code] {
		sum := 0.0
		for _, p := range ps {
			sum += s.walk(p, in)[len(vs)-1]
		}
		if in.MeasureUnit == "%" {
			vs[len(vs)-1] = math.Round(sum/float64(len(ps))*10) / 10
		} else {
			vs[len(vs)-1] = math.Round(sum*100) / 100
		}
	}
	return vs
}

const (
	provinceSource = "Số liệu thử nghiệm cấp tỉnh"
	communeSource  = "Số liệu thử nghiệm cấp xã"
)

// Emit calls emit for every observation, provinces first, stopping when it
// returns false.
func (s *Set) Emit(emit func(unit, indicator, per string, value float64, source string) bool) {
	first := 2026 - s.cfg.Years
	// A province of today that did not exist before has only 2025; the old
	// ones stop at 2024; the unchanged ones have every year.
	units := map[string]bool{}
	for _, c := range s.old {
		units[c] = true
	}
	for _, c := range s.now {
		units[c] = true
	}
	codes := make([]string, 0, len(units))
	for c := range units {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	years := make([]string, s.cfg.Years)
	for i := range years {
		years[i] = strconv.Itoa(first + i)
	}
	for _, in := range s.inds {
		if in.Formula != "" {
			continue
		}
		for _, c := range codes {
			vs := s.yearly(c, in)
			for i, v := range vs {
				y := first + i
				if !slices.Contains(s.provincesOf(y), c) {
					continue
				}
				if !emit(c, in.Code, years[i], v, provinceSource) {
					return
				}
			}
		}
	}
	months := make([]string, s.cfg.Months)
	for i := range months {
		months[i] = fmt.Sprintf("%04d-%02d", 2025+(6+i)/12, (6+i)%12+1)
	}
	for _, in := range s.inds {
		if !in.commune {
			continue
		}
		for _, c := range s.communes {
			r := s.series(c, in, 2)
			v := in.base / 300 * (0.3 + 1.4*r.Float64())
			for _, m := range months {
				var x float64
				if in.MeasureUnit == "%" {
					v = math.Min(99, math.Max(1, v*100/in.base+r.NormFloat64())) * in.base / 100
					x = math.Round(v*10) / 10
				} else {
					v *= 1 + 0.005 + 0.02*r.NormFloat64()
					x = math.Round(v*100) / 100
				}
				if !emit(c, in.Code, m, x, communeSource) {
					return
				}
			}
		}
	}
}

// Plans and targets: each of the 63 provinces has a five-year plan for
// 2021-2025 with level targets for 2025 and an annual plan for 2024 with
// plan figures; each of the 34 a five-year plan for 2026-2030 with level
// targets for 2030.
type planOf struct {
	planwatch.Plan
	unit string
}

func (s *Set) plans() []planOf {
	var out []planOf
	add := func(code, kind, unit, horizon, vi, en string) {
		out = append(out, planOf{planwatch.Plan{Code: code, Kind: planwatch.PlanKind(kind), TitleVI: vi, TitleEN: en, Horizon: period.MustParse(horizon)}, unit})
	}
	for _, c := range s.old {
		u := c + "@2021-01-01"
		add("KH5-2021-"+c, "five_year_plan", u, "2021/2025", "Kế hoạch phát triển kinh tế - xã hội 5 năm 2021-2025 ("+c+")", "Socio-economic development plan 2021-2025 ("+c+")")
		add("KH-2024-"+c, "annual_plan", u, "2024", "Kế hoạch phát triển kinh tế - xã hội năm 2024 ("+c+")", "Socio-economic development plan for 2024 ("+c+")")
	}
	for _, c := range s.now {
		add("KH5-2026-"+c, "five_year_plan", c+"@2025-07-01", "2026/2030", "Kế hoạch phát triển kinh tế - xã hội 5 năm 2026-2030 ("+c+")", "Socio-economic development plan 2026-2030 ("+c+")")
	}
	return out
}

// targetOf is a generated target with the unit reference it is written
// with.
type targetOf struct {
	planwatch.Target
	unit string
}

// Targets lists the targets: on the first flows and stocks, a level a
// little above or below where the walk goes (so that verdicts differ), and
// for 2024 plan figures near the figure itself.
func (s *Set) Targets() []targetOf {
	var out []targetOf
	first := 2026 - s.cfg.Years
	var levels []indicator
	for _, in := range s.inds {
		if in.Formula == "" && in.MeasureUnit != "%" && len(levels) < 8 {
			levels = append(levels, in)
		}
	}
	for _, p := range s.plans() {
		code := p.unit[:strings.IndexByte(p.unit, '@')]
		for _, in := range levels {
			vs := s.yearly(code, in)
			r := s.series(code, in, 3)
			switch p.Horizon.String() {
			case "2021/2025":
				// Where 2020 stood, grown at a rate some provinces keep and
				// others do not.
				base := vs[2020-first]
				v := math.Round(base*math.Pow(1.04+0.06*r.Float64(), 5)*10) / 10
				if in.Direction == planwatch.DirDown {
					v = math.Round(base*math.Pow(0.97+0.04*r.Float64(), 5)*10) / 10
					out = append(out, targetOf{planwatch.Target{Plan: p.Code, Indicator: in.Code, Period: period.MustParse("2025"), Kind: planwatch.AtMost, Value: &v,
						Wording: fmt.Sprintf("%s không quá %s %s", in.NameVI, strconv.FormatFloat(v, 'f', -1, 64), in.MeasureUnit)}, p.unit})
					continue
				}
				out = append(out, targetOf{planwatch.Target{Plan: p.Code, Indicator: in.Code, Period: period.MustParse("2025"), Kind: planwatch.AtLeast, Value: &v,
					Wording: fmt.Sprintf("%s đạt tối thiểu %s %s", in.NameVI, strconv.FormatFloat(v, 'f', -1, 64), in.MeasureUnit)}, p.unit})
			case "2024":
				v := math.Round(vs[2024-first]*(0.92+0.16*r.Float64())*10) / 10
				out = append(out, targetOf{planwatch.Target{Plan: p.Code, Indicator: in.Code, Period: period.MustParse("2024"), Kind: planwatch.PlanFig, Value: &v,
					Wording: fmt.Sprintf("Kế hoạch %s năm 2024: %s %s", in.NameVI, strconv.FormatFloat(v, 'f', -1, 64), in.MeasureUnit)}, p.unit})
			default:
				v := math.Round(vs[len(vs)-1]*math.Pow(1.05+0.05*r.Float64(), 5)*10) / 10
				out = append(out, targetOf{planwatch.Target{Plan: p.Code, Indicator: in.Code, Period: period.MustParse("2030"), Kind: planwatch.AtLeast, Value: &v,
					Wording: fmt.Sprintf("%s đạt tối thiểu %s %s vào năm 2030", in.NameVI, strconv.FormatFloat(v, 'f', -1, 64), in.MeasureUnit)}, p.unit})
			}
		}
	}
	return out
}

// Batch is the whole set, the official structure included, with the
// observations as a stream.
func (s *Set) Batch() *planwatch.Batch {
	b := &planwatch.Batch{}
	b.Append(s.structure)
	for _, in := range s.inds {
		b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: in.Indicator})
	}
	for _, p := range s.plans() {
		b.Plans = append(b.Plans, planwatch.PlanRecord{Plan: p.Plan, Unit: p.unit})
	}
	for _, t := range s.Targets() {
		b.Targets = append(b.Targets, planwatch.TargetRecord{Target: t.Target, Unit: t.unit})
	}
	periods := map[string]period.Period{}
	b.Streams = append(b.Streams, func(emit func(planwatch.ObservationRecord) bool) error {
		s.Emit(func(unit, ind, per string, v float64, src string) bool {
			p, ok := periods[per]
			if !ok {
				p = period.MustParse(per)
				periods[per] = p
			}
			return emit(planwatch.ObservationRecord{Unit: unit, Observation: planwatch.Observation{Indicator: ind, Period: p, Value: v, Status: "A", Source: src}})
		})
		return nil
	})
	return b
}

// WriteFiles writes the set as canonical CSV files: indicators, plans,
// targets and observations (the official files hold the units and their
// lineage).
func (s *Set) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, fill func(w *bufio.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := fill(w); err != nil {
			f.Close()
			return err
		}
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	err := write("indicators.csv", func(w *bufio.Writer) error {
		fmt.Fprintln(w, "code,name_vi,name_en,measure_unit,type,aggregation,direction,formula")
		for _, in := range s.inds {
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s\n", in.Code, csvQuote(in.NameVI), csvQuote(in.NameEN), csvQuote(in.MeasureUnit), in.Type, in.Aggregation.String(), in.Direction, in.Formula)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = write("plans.csv", func(w *bufio.Writer) error {
		fmt.Fprintln(w, "plan,kind,title_vi,title_en,unit,horizon")
		for _, p := range s.plans() {
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s\n", p.Code, p.Kind, csvQuote(p.TitleVI), csvQuote(p.TitleEN), p.unit, p.Horizon)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = write("targets.csv", func(w *bufio.Writer) error {
		fmt.Fprintln(w, "plan,unit,indicator,period,kind,value,wording")
		for _, t := range s.Targets() {
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s\n", t.Plan, t.unit, t.Indicator, t.Period, t.Kind, strconv.FormatFloat(*t.Value, 'f', -1, 64), csvQuote(t.Wording))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return write("observations.csv", func(w *bufio.Writer) error {
		return s.WriteObservations(w)
	})
}

// WriteObservations writes the observations as one canonical CSV file.
func (s *Set) WriteObservations(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, "unit,indicator,period,value,source")
	var buf []byte
	var err error
	s.Emit(func(unit, ind, per string, v float64, src string) bool {
		buf = append(buf[:0], unit...)
		buf = append(buf, ',')
		buf = append(buf, ind...)
		buf = append(buf, ',')
		buf = append(buf, per...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
		buf = append(buf, ',')
		buf = append(buf, src...)
		buf = append(buf, '\n')
		_, err = bw.Write(buf)
		return err == nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

func csvQuote(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// openStore opens a SQLite file (made if need be) or a PostgreSQL
// database.
func openStore(ctx context.Context, db string) (planwatch.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return openPostgres(ctx, db)
	}
	return openSQLite(ctx, db)
}
