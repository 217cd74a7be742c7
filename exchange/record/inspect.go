package record

import (
	"slices"
	"strings"
	"time"
)

// MaxShown is how many distinct values of a dimension a report lists.
const MaxShown = 20

// Report is what `planwatch inspect` says about a file. Its JSON is the
// shape the README documents.
type Report struct {
	Format       string `json:"format"`
	Observations int    `json:"observations"` // points with a value
	Missing      int    `json:"missing"`      // points marked missing
	Series       int    `json:"series"`       // distinct dimension keys of those points
	Periods      struct {
		First *string `json:"first"`
		Last  *string `json:"last"`
	} `json:"periods"`
	Dimensions map[string]Distinct `json:"dimensions"`
	// Notes are what the reader says about the file: an encoding it
	// repaired or could not, text it read as numbers.
	Notes []string `json:"notes,omitempty"`
	// Order lists the dimensions in the order the file first gives them.
	Order []string `json:"-"`
}

// Distinct is how many distinct values a dimension has, and the first
// MaxShown of them in sorted order.
type Distinct struct {
	Count  int      `json:"count"`
	Values []string `json:"values"`
}

// Inspector accumulates a Report from points.
type Inspector struct {
	format     string
	obs, miss  int
	series     map[string]struct{}
	key        []byte
	values     map[string]map[string]struct{}
	order      []string
	first      string
	firstStart time.Time
	firstEnd   time.Time
	last       string
	lastStart  time.Time
	lastEnd    time.Time
	periods    map[string]struct{}
	notes      []string
}

// NewInspector starts a report on a file of the given format.
func NewInspector(format string) *Inspector {
	return &Inspector{format: format, series: map[string]struct{}{}, values: map[string]map[string]struct{}{}, periods: map[string]struct{}{}}
}

// Add counts one point. A point that has neither a value nor a missing mark
// (an SDMX row that only sets attributes, or deletes) adds its dimension
// values but no observation, series or period.
func (in *Inspector) Add(p *Point) {
	if p.Note != "" {
		in.notes = append(in.notes, p.Note)
		return
	}
	for _, f := range p.Dims {
		in.value(f.Name, f.Value)
	}
	if p.Period != "" && p.PeriodField != "" {
		in.value(p.PeriodField, p.Period)
	}
	for _, f := range p.Attrs {
		in.value(f.Name, f.Value)
	}
	switch {
	case p.HasValue():
		in.obs++
	case p.Missing:
		in.miss++
	default:
		return
	}
	in.key = in.key[:0]
	for _, f := range p.Dims {
		in.key = append(in.key, f.Name...)
		in.key = append(in.key, 0)
		in.key = append(in.key, f.Value...)
		in.key = append(in.key, 0)
	}
	if _, ok := in.series[string(in.key)]; !ok {
		in.series[string(in.key)] = struct{}{}
	}
	if p.Period != "" {
		in.period(p)
	}
}

func (in *Inspector) value(name, v string) {
	if v == "" {
		return
	}
	set, ok := in.values[name]
	if !ok {
		set = map[string]struct{}{}
		in.values[name] = set
		in.order = append(in.order, name)
	}
	if _, ok := set[v]; !ok {
		set[v] = struct{}{}
	}
}

// period keeps the earliest and latest period: by the days they cover
// when the reader could read them (earlier start first, then the longer),
// otherwise as text.
func (in *Inspector) period(p *Point) {
	if _, seen := in.periods[p.Period]; seen {
		return
	}
	in.periods[p.Period] = struct{}{}
	if in.first == "" {
		in.first, in.firstStart, in.firstEnd = p.Period, p.Start, p.End
		in.last, in.lastStart, in.lastEnd = p.Period, p.Start, p.End
		return
	}
	if comparePeriods(p.Period, p.Start, p.End, in.first, in.firstStart, in.firstEnd) < 0 {
		in.first, in.firstStart, in.firstEnd = p.Period, p.Start, p.End
	}
	if comparePeriods(p.Period, p.Start, p.End, in.last, in.lastStart, in.lastEnd) > 0 {
		in.last, in.lastStart, in.lastEnd = p.Period, p.Start, p.End
	}
}

func comparePeriods(a string, as, ae time.Time, b string, bs, be time.Time) int {
	if !as.IsZero() && !bs.IsZero() {
		if c := as.Compare(bs); c != 0 {
			return c
		}
		if c := be.Compare(ae); c != 0 {
			return c
		}
	}
	return strings.Compare(a, b)
}

// Report returns what was counted so far.
func (in *Inspector) Report() Report {
	r := Report{Format: in.format, Observations: in.obs, Missing: in.miss, Series: len(in.series), Dimensions: map[string]Distinct{}}
	if in.first != "" {
		first, last := in.first, in.last
		r.Periods.First, r.Periods.Last = &first, &last
	}
	for _, name := range in.order {
		set := in.values[name]
		vals := make([]string, 0, len(set))
		for v := range set {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		if len(vals) > MaxShown {
			vals = vals[:MaxShown]
		}
		r.Dimensions[name] = Distinct{Count: len(set), Values: vals}
	}
	r.Order = slices.Clone(in.order)
	r.Notes = slices.Clone(in.notes)
	return r
}
