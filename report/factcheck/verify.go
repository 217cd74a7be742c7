package factcheck

import (
	"math"
	"slices"
	"sort"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// Verdict is the outcome of checking one claim.
type Verdict string

const (
	Confirmed    Verdict = "confirmed"    // the data give the figure, within the rounding the text uses
	Differs      Verdict = "differs"      // the data give another figure: Computed and From say which and how
	Unverifiable Verdict = "unverifiable" // the reason says why: no such figure, an ambiguous indicator, a period the data lack
)

// Result is one claim of a draft, checked. Stated and Computed are in the
// indicator's measure unit (MeasureUnit); Start and End are byte offsets
// into the extracted text, for highlighting it.
type Result struct {
	Claim       string   `json:"claim"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Kind        Kind     `json:"kind"`
	Target      bool     `json:"target"`
	Indicator   string   `json:"indicator"`
	Dims        string   `json:"dims"`
	Unit        string   `json:"unit"`
	UnitName    string   `json:"unit_name"`
	Period      string   `json:"period"`
	Measure     string   `json:"measure"`
	Stated      float64  `json:"stated"`
	StatedHigh  *float64 `json:"stated_high,omitempty"`
	Bound       Bound    `json:"bound,omitempty"`
	MeasureUnit string   `json:"measure_unit"`
	Computed    *float64 `json:"computed"`
	Verdict     Verdict  `json:"verdict"`
	Reason      string   `json:"reason"`
	ReasonVI    string   `json:"reason_vi"`
	From        []string `json:"from"`
	CrossCheck  bool     `json:"cross_check,omitempty"`
}

// Options say what a draft is about when its sentences do not.
type Options struct {
	Unit    string        // a unit reference: 24, 24@2025-07-01
	Period  period.Period // the period of the draft's figures
	Lexicon *Lexicon      // nil: the store's names and the shipped synonyms
}

// Report is a checked draft: its text (the offsets index into it) and one
// result per claim, in order, then the cross-checks.
type Report struct {
	Text    string   `json:"text"`
	Results []Result `json:"results"`
}

// Run finds the claims of a draft's text and checks each against the
// review's figures.
func Run(rv *review.Review, draft string, opt Options) (*Report, error) {
	if len(draft) > maxText {
		return nil, planwatch.Errorf(planwatch.EINVALID, "the draft has %d bytes of text: check at most %d at once", len(draft), maxText)
	}
	if opt.Period.IsZero() {
		return nil, planwatch.Errorf(planwatch.EINVALID, "the period of the draft is needed (--period)")
	}
	u, err := rv.Unit(opt.Unit, opt.Period)
	if err != nil {
		return nil, err
	}
	lx := opt.Lexicon
	if lx == nil {
		if lx, err = NewLexicon(rv); err != nil {
			return nil, err
		}
	}
	d := parse(draft)
	ms := lx.mentions(d)
	bs := lx.tie(d, ms, u, opt.Period)
	ck := &checker{rv: rv, lx: lx, facts: map[string]factsOf{}}
	rep := &Report{Text: d.text, Results: make([]Result, 0, len(d.claims))}
	for k, c := range d.claims {
		rep.Results = append(rep.Results, ck.check(c, bs[k]))
	}
	rep.Results = append(rep.Results, ck.crossChecks(d.claims, bs, rep.Results)...)
	return rep, nil
}

type factsOf struct {
	facts []review.Fact
	err   error
}

type checker struct {
	rv    *review.Review
	lx    *Lexicon
	facts map[string]factsOf
}

func (ck *checker) factsAt(u planwatch.Unit, p period.Period) ([]review.Fact, error) {
	k := u.Ref() + "|" + p.String()
	if f, ok := ck.facts[k]; ok {
		return f.facts, f.err
	}
	fs, err := ck.rv.Facts(u.Ref(), p)
	ck.facts[k] = factsOf{fs, err}
	return fs, err
}

func (ck *checker) fact(u planwatch.Unit, p period.Period, code string, dims planwatch.Dims) (review.Fact, bool) {
	fs, _ := ck.factsAt(u, p)
	for _, f := range fs {
		if f.Indicator == code && planwatch.Dims(f.Dims) == dims {
			return f, true
		}
	}
	return review.Fact{}, false
}

// outcome is the check of a claim against one candidate indicator.
type outcome struct {
	verdict  Verdict
	code     string
	dims     planwatch.Dims
	measure  string
	stated   float64
	computed *float64
	mu       string
	reason   text
	from     []string
	period   string // when it differs from the claim's: a target's deadline
}

func (ck *checker) check(c Claim, b binding) Result {
	r := Result{Claim: c.Text, Start: c.Start, End: c.End, Kind: c.Kind, Target: c.Target, Period: b.period.String(),
		Measure: measureOf(c), Stated: signed(c), Bound: c.Bound, From: []string{}}
	if c.Range {
		r.StatedHigh = &c.High
	}
	if b.unit != nil {
		r.Unit, r.UnitName = b.unit.Code, b.unit.Name("vi")
	}
	fail := func(t text) Result {
		r.Verdict, r.Reason, r.ReasonVI = Unverifiable, t.en, t.vi
		return r
	}
	switch {
	case b.unit == nil:
		return fail(say("%s is not a unit of %s", "%s không phải là đơn vị hành chính của %s", b.unitWords, b.period.String()))
	case len(b.inds) == 0 && len(b.incompatible) > 0:
		in := ck.lx.inds[b.incompatible[0].code]
		return fail(say("the nearest indicator named, %s, is in %s: the claim is not about it", "chỉ tiêu gần nhất được nhắc đến, %s, tính bằng %s: con số không nói về chỉ tiêu này",
			in.Code, unitWords(in.MeasureUnit)))
	case len(b.inds) == 0:
		return fail(say("no indicator of the store is named near it", "không tìm thấy chỉ tiêu nào trong cơ sở dữ liệu ứng với con số này"))
	}
	var outs []outcome
	if c.Target {
		outs = ck.target(c, b)
	} else {
		for _, ref := range b.inds {
			if rate, ok := ck.realGrowth(c, b, ref); ok {
				outs = append(outs, ck.measure(c, b, rate, ""))
				continue
			}
			for _, dims := range ck.dimsCandidates(*b.unit, b.period, ref) {
				outs = append(outs, ck.measure(c, b, ref.code, dims))
			}
		}
	}
	o := combine(outs)
	if o.verdict == Differs && (c.Bound == MoreThan || c.Bound == LessThan) && o.computed != nil &&
		math.Abs(*o.computed-o.stated) <= 1e-9*math.Max(1, math.Abs(o.stated)) {
		// The data give the bound itself: "more than 250" is not 250, but
		// a figure recorded from such a sentence is often its bound.
		o.verdict = Unverifiable
		o.reason = o.reason.join("; ", say("that is the bound the draft names, not beyond it: the figure may have been recorded as its bound",
			"đó đúng là con số văn bản lấy làm mốc, không vượt qua nó: số liệu có thể được ghi bằng chính mốc ấy"))
	}
	if o.verdict == Confirmed && o.dims != "" && !c.Target {
		// Say so when the words left the breakdown open and another one
		// had a figure too: the officer may have meant that one.
		others := 0
		for _, x := range outs {
			if x.code == o.code && x.dims != o.dims && x.computed != nil {
				others++
			}
		}
		if others > 0 {
			o.reason = o.reason.join("; ", say("the draft does not say which breakdown: %s gives the figure", "văn bản không nói rõ phân tổ nào: %s cho con số này",
				text{locale.Dims(string(o.dims), locale.EN), locale.Dims(string(o.dims), locale.VI)}))
		}
	}
	r.Indicator, r.Dims, r.Verdict, r.Reason, r.ReasonVI = o.code, string(o.dims), o.verdict, o.reason.en, o.reason.vi
	if o.measure != "" {
		r.Measure = o.measure
	}
	r.Stated, r.Computed, r.MeasureUnit = o.stated, o.computed, o.mu
	if c.Range && o.mu != "" {
		hi := c.High * o.stated / nonzero(c.Value)
		if c.Value == 0 {
			hi = c.High
		}
		r.StatedHigh = &hi
	}
	if o.from != nil {
		r.From = o.from
	}
	if o.period != "" {
		r.Period = o.period
	}
	return r
}

func nonzero(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}

func signed(c Claim) float64 {
	if c.negative {
		return -c.Value
	}
	return c.Value
}

func measureOf(c Claim) string {
	if c.Target {
		return "target"
	}
	switch c.Kind {
	case KindGrowth:
		return "growth_pct"
	case KindShare:
		return "share_of_parent_pct"
	case KindRatio:
		return "ratio_to_parent"
	case KindMultiple:
		return "multiple_of_base"
	case KindAvgGrowth:
		return "avg_growth_pct"
	}
	return string(c.Kind)
}

// combine gives one verdict from the candidates: a candidate that
// confirms confirms; else the candidates that differ, if they are one
// indicator; several indicators that differ are ambiguous; else the first
// reason why none could be checked.
func combine(outs []outcome) outcome {
	if len(outs) == 0 {
		return outcome{verdict: Unverifiable, reason: say("no figure to check it against", "không có số liệu để đối chiếu")}
	}
	var differs []outcome
	for _, o := range outs {
		if o.verdict == Confirmed {
			return o
		}
		if o.verdict == Differs {
			differs = append(differs, o)
		}
	}
	codes := map[string]bool{}
	for _, o := range differs {
		codes[o.code] = true
	}
	switch {
	case len(codes) == 1:
		return differs[0]
	case len(codes) > 1:
		names := slices.Sorted(func(yield func(string) bool) {
			for c := range codes {
				if !yield(c) {
					return
				}
			}
		})
		o := differs[0]
		o.verdict, o.computed = Unverifiable, nil
		o.reason = say("ambiguous: the words fit %s, and none gives the figure", "không rõ chỉ tiêu: có thể là %s, và không chỉ tiêu nào cho con số này",
			strings.Join(names, ", "))
		return o
	}
	o := outs[0]
	seen := map[string]bool{o.reason.en: true}
	for _, x := range outs[1:] {
		if !seen[x.reason.en] && len(seen) < 3 {
			seen[x.reason.en] = true
			o.reason = o.reason.join("; ", x.reason)
		}
	}
	return o
}

// dimsCandidates lists the dimension values a claim may be about: those
// the words fix, else every breakdown of the indicator the unit has.
func (ck *checker) dimsCandidates(u planwatch.Unit, p period.Period, ref indRef) []planwatch.Dims {
	in := ck.lx.inds[ref.code]
	if len(in.Dimensions) == 0 {
		return []planwatch.Dims{""}
	}
	fits := func(d planwatch.Dims) bool {
		for _, kv := range ref.dims.Pairs() {
			if d.Get(kv[0]) != kv[1] {
				return false
			}
		}
		return true
	}
	seen := map[planwatch.Dims]bool{}
	var out []planwatch.Dims
	addDims := func(d planwatch.Dims) {
		if !seen[d] && fits(d) {
			seen[d] = true
			out = append(out, d)
		}
	}
	fs, _ := ck.factsAt(u, p)
	for _, f := range fs {
		if f.Indicator == ref.code {
			addDims(planwatch.Dims(f.Dims))
		}
	}
	for _, k := range ck.rv.SeriesKeys(u.ID) {
		if k.Indicator == ref.code {
			addDims(k.Dims)
		}
	}
	if len(out) == 0 {
		return []planwatch.Dims{ref.dims}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// agrees reports whether a computed figure bears out the stated one with
// its qualifier, both in the units the text writes: exact to the decimals
// written; "more than 19" from 19 up to the next step of the last digit
// written (20), "nearly" just below; "about" to the nearest step.
func agrees(c Claim, stated, high, computed float64) bool {
	half := 0.5 * math.Pow10(-c.Decimals)
	eps := 1e-9 * math.Max(1, math.Abs(stated))
	step := stepOf(stated, c.Decimals)
	if c.Range {
		return computed >= stated-half-eps && computed <= high+half+eps
	}
	switch c.Bound {
	case MoreThan:
		return computed > stated+eps && computed < stated+step+eps
	case Nearly:
		return computed > stated-step-eps && computed <= stated+half+eps
	case About:
		return math.Abs(computed-stated) <= step/2+eps
	case LessThan:
		return computed < stated-eps
	case AtMost:
		return computed <= stated+half+eps
	case AtLeast:
		return computed >= stated-half-eps
	case DoubleDigit:
		return computed >= 10-0.005 && computed < 100
	}
	// Rounded half up, as people round: 36.05 is written 36.1, 36.15 36.2.
	return computed >= stated-half-eps && computed < stated+half-eps
}

// stepOf is the unit of the last digit a number is written with: 0.1 for
// 36.1, 1 for 19, 10 for 250.
func stepOf(v float64, decimals int) float64 {
	if decimals > 0 {
		return math.Pow10(-decimals)
	}
	step := 1.0
	n := math.Round(math.Abs(v))
	for n >= 10 && math.Mod(n, 10) == 0 {
		n /= 10
		step *= 10
	}
	return step
}

// realGrowth is, for a growth in percent of an indicator that has a growth
// rate of its own in the store ("GRDP grew 10.27%": GRDP_GROWTH, the
// growth at constant prices), that rate's code, when the store has its
// figure for the claim's unit and period and the words do not fix another
// price basis: "GRDP grew X%" means real growth, not the growth of the
// level at current prices.
func (ck *checker) realGrowth(c Claim, b binding, ref indRef) (string, bool) {
	if c.Kind != KindGrowth || c.Unit != "%" || strings.HasSuffix(ref.code, "_GROWTH") {
		return "", false
	}
	rate, ok := ck.lx.inds[ref.code+"_GROWTH"]
	if !ok {
		return "", false
	}
	if price := ref.dims.Get("price"); price != "" && !strings.HasPrefix(price, "constant") {
		return "", false
	}
	if f, ok := ck.fact(*b.unit, b.period, rate.Code, ""); !ok || f.Value == nil {
		return "", false
	}
	return rate.Code, true
}
