package planwatch

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"planwatch/excerpt"
	"planwatch/period"
)

// PlanKind is the kind of document that sets targets.
type PlanKind string

var PlanKinds = []PlanKind{"resolution", "conclusion", "strategy", "five_year_plan", "annual_plan", "budget_estimate", "programme", "other"}

// Plan is a document that sets targets.
type Plan struct {
	Code     string
	Kind     PlanKind
	TitleVI  string
	TitleEN  string
	IssuerVI string
	IssuerEN string
	Issued   Date
	Unit     int64
	UnitCode string
	Horizon  period.Period
	Parent   string // parent plan's code, "" for none
	// VisionVI and VisionEN are a vision beyond the horizon, in words.
	VisionVI string
	VisionEN string
	// Assessment is how its targets are judged: "" for the default
	// (statcan), "statcan:ONTRACK,ACCELERATION" or "unsd:ONTRACK,FAIR".
	Assessment string
}

// ParseAssessment reads a plan's assessment setting: a method (statcan or
// unsd) and optionally its two thresholds.
func ParseAssessment(s string) (method string, thresholds []float64, err error) {
	if s == "" {
		return "statcan", nil, nil
	}
	method, rest, hasT := strings.Cut(s, ":")
	if method != "statcan" && method != "unsd" {
		return "", nil, fmt.Errorf("%s: the method is statcan or unsd", excerpt.Quote(s))
	}
	if !hasT {
		return method, nil, nil
	}
	parts := strings.Split(rest, ",")
	if len(parts) != 2 {
		return "", nil, fmt.Errorf("%s: give two thresholds, as in %s:0.95,0.6", excerpt.Quote(s), method)
	}
	for _, p := range parts {
		v, err := ParseNumber(p)
		if err != nil {
			return "", nil, fmt.Errorf("%s: %v", excerpt.Quote(s), err)
		}
		thresholds = append(thresholds, v)
	}
	if thresholds[0] <= thresholds[1] || thresholds[1] < 0 {
		return "", nil, fmt.Errorf("%s: the on-track threshold comes first and is above the second, which is not negative", excerpt.Quote(s))
	}
	return method, thresholds, nil
}

// Title returns the title in the language, falling back to the other.
func (p Plan) Title(lang string) string { return pick(lang, p.TitleVI, p.TitleEN) }

// Issuer returns the issuer in the language, falling back to the other.
func (p Plan) Issuer(lang string) string { return pick(lang, p.IssuerVI, p.IssuerEN) }

// Vision returns the vision in the language, falling back to the other.
func (p Plan) Vision(lang string) string { return pick(lang, p.VisionVI, p.VisionEN) }

// Validate checks the plan's own fields.
func (p Plan) Validate() error {
	var errs []string
	if err := ValidCode(p.Code); err != nil {
		errs = append(errs, "plan: "+err.Error())
	}
	if !slices.Contains(PlanKinds, p.Kind) {
		errs = append(errs, fmt.Sprintf("kind: %s is not one of %s", excerpt.Quote(string(p.Kind)), joinVocab(PlanKinds)))
	}
	if strings.TrimSpace(p.TitleVI) == "" && strings.TrimSpace(p.TitleEN) == "" {
		errs = append(errs, "title_vi: a plan needs a title")
	}
	errs = addText(errs, []string{"title_vi", p.TitleVI, "title_en", p.TitleEN, "issuer_vi", p.IssuerVI, "issuer_en", p.IssuerEN},
		[]string{"vision_vi", p.VisionVI, "vision_en", p.VisionEN})
	if p.Parent != "" {
		if err := ValidCode(p.Parent); err != nil {
			errs = append(errs, "parent: "+err.Error())
		}
	}
	errs = addDates(errs, "issued", p.Issued)
	if p.Horizon.IsZero() {
		errs = append(errs, "horizon: a plan needs a horizon (a period such as 2021/2025 or 2025)")
	}
	if p.Parent == p.Code && p.Code != "" {
		errs = append(errs, "parent: a plan cannot be its own parent")
	}
	if _, _, err := ParseAssessment(p.Assessment); err != nil {
		errs = append(errs, "assessment: "+err.Error())
	}
	return Problems(errs).Err()
}

// TargetKind is the kind of commitment a target is.
type TargetKind string

const (
	AtLeast   TargetKind = "at_least"
	AtMost    TargetKind = "at_most"
	Exactly   TargetKind = "exactly"
	Range     TargetKind = "range"
	AvgGrowth TargetKind = "avg_growth" // average annual growth over an interval, %
	Growth    TargetKind = "growth"     // growth in one period over the previous, %
	PlanFig   TargetKind = "plan"       // a plan figure that results are measured against
)

var TargetKinds = []TargetKind{AtLeast, AtMost, Exactly, Range, AvgGrowth, Growth, PlanFig}

// Milestone is a value the target should reach by an intermediate period.
type Milestone struct {
	Period period.Period
	Value  float64
}

// Target is one commitment of a plan.
type Target struct {
	Plan      string
	Unit      int64
	UnitCode  string
	Indicator string
	Dims      Dims
	Period    period.Period // the deadline, or the interval of an avg_growth target
	Kind      TargetKind
	// Value is a point target; Low and High a band (either may be nil for
	// an open side of a growth band). Growth kinds are in percent.
	Value, Low, High *float64
	BaselinePeriod   period.Period // zero when none
	BaselineValue    *float64
	// Wording is the target as the plan words it, in the language
	// WordingLang (vi or en; vi when empty); WordingTranslation is the
	// same in the other language, a translation.
	Wording            string
	WordingLang        string
	WordingTranslation string
	Milestones         []Milestone
}

// Languages a target's wording may be written in.
var WordingLangs = []string{"vi", "en"}

// OriginalLang is the language of the target's wording as the plan
// states it.
func (t Target) OriginalLang() string {
	if t.WordingLang == "" {
		return "vi"
	}
	return t.WordingLang
}

// Wording is a target's wording as shown to a reader: the text, its
// language, and whether it is a translation of the plan's own words.
type Wording struct {
	Text       string
	Lang       string
	Translated bool
}

// WordingIn returns the wording for a reader of lang: the plan's own
// words when they are in lang or there is no translation, else the
// translation, marked as such.
func (t Target) WordingIn(lang string) Wording {
	if lang != "en" {
		lang = "vi"
	}
	orig := t.OriginalLang()
	if lang == orig || t.WordingTranslation == "" {
		return Wording{Text: t.Wording, Lang: orig}
	}
	other := "vi"
	if orig == "vi" {
		other = "en"
	}
	return Wording{Text: t.WordingTranslation, Lang: other, Translated: true}
}

// TargetKey identifies a target within a store.
type TargetKey struct {
	Plan      string
	Unit      int64
	Indicator string
	Dims      Dims
	Period    period.Period
	Kind      TargetKind
}

func (t Target) Key() TargetKey {
	return TargetKey{t.Plan, t.Unit, t.Indicator, t.Dims, t.Period, t.Kind}
}

// Validate checks that the values fit the kind. Errors name the column.
func (t Target) Validate() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !slices.Contains(TargetKinds, t.Kind) {
		add("kind: %s is not one of %s", excerpt.Quote(string(t.Kind)), joinVocab(TargetKinds))
	}
	if t.Period.IsZero() {
		add("period: a target needs a deadline")
	}
	if t.Low != nil && t.High != nil && *t.Low > *t.High {
		add("low: %v is above high %v", *t.Low, *t.High)
	}
	band := t.Low != nil || t.High != nil
	switch t.Kind {
	case AtLeast, AtMost, Exactly, PlanFig:
		if t.Value == nil {
			add("value: a %s target needs a value", t.Kind)
		}
		if band {
			add("low: a %s target takes value, not low/high", t.Kind)
		}
	case Range:
		if t.Low == nil || t.High == nil {
			add("low: a range target needs low and high")
		}
		if t.Value != nil {
			add("value: a range target takes low and high, not value")
		}
	case AvgGrowth, Growth:
		if t.Value == nil && !band {
			add("value: a %s target needs value or low/high (percent)", t.Kind)
		}
		if t.Value != nil && band {
			add("value: give value or low/high, not both")
		}
		if t.Kind == AvgGrowth && !t.Period.IsZero() && !t.Period.IsInterval() {
			add("period: an avg_growth target is over an interval such as 2021/2025, not %s", t.Period)
		}
	}
	if t.BaselineValue != nil && t.BaselinePeriod.IsZero() {
		add("baseline_period: a baseline value needs its period")
	}
	if !t.BaselinePeriod.IsZero() && !t.Period.IsZero() && t.BaselinePeriod.End().After(t.Period.End()) {
		add("baseline_period: %s ends after the deadline %s; a baseline comes before what it is measured against", t.BaselinePeriod, t.Period)
	}
	for _, v := range []struct {
		name string
		v    *float64
	}{{"value", t.Value}, {"low", t.Low}, {"high", t.High}, {"baseline_value", t.BaselineValue}} {
		if v.v != nil && (math.IsNaN(*v.v) || math.IsInf(*v.v, 0)) {
			add("%s: %v is not a finite number", v.name, *v.v)
		}
	}
	for _, m := range t.Milestones {
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			add("milestones: %s=%v is not a finite number", m.Period, m.Value)
		}
	}
	if err := ValidCode(t.Plan); err != nil {
		add("plan: %v", err)
	}
	if err := ValidCode(t.Indicator); err != nil {
		add("indicator: %v", err)
	}
	errs = addText(errs, nil, []string{"wording", t.Wording, "wording_translation", t.WordingTranslation})
	if t.WordingLang != "" && !slices.Contains(WordingLangs, t.WordingLang) {
		add("wording_lang: %s is not one of vi | en", excerpt.Quote(t.WordingLang))
	}
	if strings.TrimSpace(t.Wording) == "" {
		if strings.TrimSpace(t.WordingTranslation) != "" {
			add("wording_translation: a translation needs the wording it translates")
		}
		if t.WordingLang != "" {
			add("wording_lang: gives the language of the wording, which is empty")
		}
	}
	for _, m := range t.Milestones {
		if !t.Period.IsZero() && m.Period.Start().After(t.Period.End()) {
			add("milestones: %s is after the deadline %s", m.Period, t.Period)
		}
	}
	return Problems(errs).Err()
}

// TargetFilter selects targets; zero fields select all.
type TargetFilter struct {
	Plan      string
	Units     []int64
	Indicator string
}

// FormatMilestones writes milestones as 2022=7.2;2023=7.5.
func FormatMilestones(ms []Milestone) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Period.String() + "=" + FormatNumber(m.Value)
	}
	return strings.Join(parts, ";")
}

// ParseMilestones reads what FormatMilestones writes.
func ParseMilestones(s string) ([]Milestone, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []Milestone
	for _, part := range strings.Split(s, ";") {
		ps, vs, ok := strings.Cut(part, "=")
		p, err := period.Parse(ps)
		if !ok || err != nil {
			return nil, fmt.Errorf("%s: write milestones as period=value;period=value", excerpt.Quote(part))
		}
		v, err := ParseNumber(vs)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", excerpt.Quote(part), err)
		}
		for _, m := range out {
			if m.Period == p {
				return nil, fmt.Errorf("%s: milestone %s is given twice", excerpt.Quote(s), p)
			}
		}
		out = append(out, Milestone{p, v})
	}
	return out, nil
}
