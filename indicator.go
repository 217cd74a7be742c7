package planwatch

import (
	"fmt"
	"slices"
	"strings"

	"planwatch/excerpt"
	"planwatch/formula"
)

// IndicatorType says how an indicator behaves over time.
type IndicatorType string

const (
	TypeFlow  IndicatorType = "flow"  // sums over time: exports
	TypeStock IndicatorType = "stock" // a level at the period's end: industrial parks
	TypeRate  IndicatorType = "rate"  // neither: a growth rate, a share
)

var IndicatorTypes = []IndicatorType{TypeFlow, TypeStock, TypeRate}

// Direction says which way is better.
type Direction string

const (
	DirUp   Direction = "up"
	DirDown Direction = "down"
	DirNone Direction = "none"
)

var Directions = []Direction{DirUp, DirDown, DirNone}

// Sign is +1 for higher-is-better, -1 for lower-is-better, 0 for none.
func (d Direction) Sign() int {
	switch d {
	case DirUp:
		return 1
	case DirDown:
		return -1
	}
	return 0
}

// Aggregation rules: how members' values make a parent's or group's value.
const (
	AggSum     = "sum"
	AggMean    = "mean" // written mean:WEIGHT_INDICATOR
	AggFormula = "formula"
	AggNone    = "none"
)

// Aggregation is a rule and, for a weighted mean, the weight indicator.
type Aggregation struct {
	Rule   string
	Weight string
}

func (a Aggregation) String() string {
	if a.Rule == AggMean {
		return AggMean + ":" + a.Weight
	}
	return a.Rule
}

// ParseAggregation reads sum | mean:WEIGHT | formula | none.
func ParseAggregation(s string) (Aggregation, error) {
	rule, weight, hasWeight := strings.Cut(strings.TrimSpace(s), ":")
	switch {
	case rule == AggMean && hasWeight && ValidCode(weight) == nil:
		return Aggregation{AggMean, weight}, nil
	case !hasWeight && (rule == AggSum || rule == AggFormula || rule == AggNone):
		return Aggregation{Rule: rule}, nil
	}
	return Aggregation{}, fmt.Errorf("%s is not one of sum | mean:WEIGHT_INDICATOR | formula | none", excerpt.Quote(s))
}

// Dimension is a declared breakdown of an indicator and its values.
type Dimension struct {
	Name   string
	Values []string
}

// Indicator is what is measured.
type Indicator struct {
	Code        string
	NameVI      string
	NameEN      string
	MeasureUnit string
	Type        IndicatorType
	Aggregation Aggregation
	Direction   Direction
	Formula     string // over other indicators' codes; "" for a base indicator
	Dimensions  []Dimension
}

// Name returns the name in the language, falling back to the other.
func (in Indicator) Name(lang string) string {
	if lang == "en" && in.NameEN != "" || in.NameVI == "" {
		return in.NameEN
	}
	return in.NameVI
}

// Allows reports whether the indicator declares the dimension value.
func (in Indicator) Allows(dim, value string) bool {
	for _, d := range in.Dimensions {
		if d.Name == dim {
			return slices.Contains(d.Values, value)
		}
	}
	return false
}

// Restrict keeps the dimension values of dims that the indicator declares:
// a formula's components take only the breakdowns they have.
func (in Indicator) Restrict(dims Dims) Dims {
	var parts []string
	for _, kv := range dims.Pairs() {
		if in.Allows(kv[0], kv[1]) {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return Dims(strings.Join(parts, ";"))
}

// CheckDims returns an error naming the first dimension or value of dims
// that the indicator does not declare.
func (in Indicator) CheckDims(dims Dims) error {
	for _, kv := range dims.Pairs() {
		if !in.Allows(kv[0], kv[1]) {
			var declared []string
			for _, d := range in.Dimensions {
				if d.Name == kv[0] {
					return fmt.Errorf("%s=%s: indicator %s declares %s only as %s", kv[0], kv[1], in.Code, kv[0], strings.Join(d.Values, " | "))
				}
				declared = append(declared, d.Name)
			}
			if len(declared) == 0 {
				return fmt.Errorf("%s=%s: indicator %s declares no dimensions", kv[0], kv[1], in.Code)
			}
			return fmt.Errorf("%s=%s: indicator %s has no dimension %s (it has %s)", kv[0], kv[1], in.Code, excerpt.Quote(kv[0]), strings.Join(declared, ", "))
		}
	}
	return nil
}

// Validate checks the indicator's own fields; that formula and weight name
// known indicators is checked where all indicators are known.
func (in Indicator) Validate() error {
	var errs []string
	if err := ValidCode(in.Code); err != nil {
		errs = append(errs, "code: "+err.Error())
	}
	if strings.TrimSpace(in.NameVI) == "" && strings.TrimSpace(in.NameEN) == "" {
		errs = append(errs, "name_vi: an indicator needs a name")
	}
	errs = addText(errs, []string{"name_vi", in.NameVI, "name_en", in.NameEN, "measure_unit", in.MeasureUnit}, nil)
	if !slices.Contains(IndicatorTypes, in.Type) {
		errs = append(errs, fmt.Sprintf("type: %s is not one of %s", excerpt.Quote(string(in.Type)), joinVocab(IndicatorTypes)))
	}
	if !slices.Contains(Directions, in.Direction) {
		errs = append(errs, fmt.Sprintf("direction: %s is not one of %s", excerpt.Quote(string(in.Direction)), joinVocab(Directions)))
	}
	// As the store keeps it: written, then read back.
	if _, err := ParseAggregation(in.Aggregation.String()); err != nil {
		errs = append(errs, "aggregation: "+err.Error())
	}
	if in.Formula != "" {
		if _, err := formula.Parse(in.Formula); err != nil {
			errs = append(errs, "formula: "+err.Error())
		}
	}
	if in.Aggregation.Rule == AggFormula && in.Formula == "" {
		errs = append(errs, "aggregation: formula aggregation needs a formula")
	}
	seen := map[string]bool{}
	for _, d := range in.Dimensions {
		if seen[d.Name] {
			errs = append(errs, fmt.Sprintf("dimensions: %s is declared twice", excerpt.Quote(d.Name)))
		}
		seen[d.Name] = true
		for _, v := range append([]string{d.Name}, d.Values...) {
			if err := ValidCode(v); err != nil {
				errs = append(errs, "dimensions: "+err.Error())
				break
			}
		}
	}
	return Problems(errs).Err()
}

// FormatDimensions writes declared dimensions as price=current|constant2010;sector=a|b.
func FormatDimensions(ds []Dimension) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Name + "=" + strings.Join(d.Values, "|")
	}
	return strings.Join(parts, ";")
}

// ParseDimensions reads what FormatDimensions writes.
func ParseDimensions(s string) ([]Dimension, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []Dimension
	for _, part := range strings.Split(s, ";") {
		name, vals, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok || ValidCode(name) != nil {
			return nil, fmt.Errorf("%s: write each dimension as name=value1|value2, separated by ;", excerpt.Quote(part))
		}
		d := Dimension{Name: name}
		for _, v := range strings.Split(vals, "|") {
			v = strings.TrimSpace(v)
			if ValidCode(v) != nil {
				return nil, fmt.Errorf("%s: dimension %s has an empty or malformed value", excerpt.Quote(part), name)
			}
			if slices.Contains(d.Values, v) {
				return nil, fmt.Errorf("%s: value %s is listed twice", excerpt.Quote(part), v)
			}
			d.Values = append(d.Values, v)
		}
		out = append(out, d)
	}
	return out, nil
}

// Dims is a set of dimension values in canonical form: name=value pairs
// sorted by name, joined by ";" (price=current;sector=industry). "" is no
// dimension.
type Dims string

// ParseDims reads and canonicalises dims written name=value;name=value.
func ParseDims(s string) (Dims, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	var pairs [][2]string
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || ValidCode(k) != nil || ValidCode(v) != nil {
			return "", fmt.Errorf("%s: write dimensions as name=value;name=value", excerpt.Quote(s))
		}
		for _, p := range pairs {
			if p[0] == k {
				return "", fmt.Errorf("%s: dimension %s is given twice", excerpt.Quote(s), k)
			}
		}
		pairs = append(pairs, [2]string{k, v})
	}
	slices.SortFunc(pairs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p[0] + "=" + p[1]
	}
	return Dims(strings.Join(parts, ";")), nil
}

// Pairs returns the name=value pairs of d.
func (d Dims) Pairs() [][2]string {
	if d == "" {
		return nil
	}
	var out [][2]string
	for _, part := range strings.Split(string(d), ";") {
		k, v, _ := strings.Cut(part, "=")
		out = append(out, [2]string{k, v})
	}
	return out
}

// Get returns the value of one dimension, or "".
func (d Dims) Get(name string) string {
	for _, p := range d.Pairs() {
		if p[0] == name {
			return p[1]
		}
	}
	return ""
}
