package chart

import "math"

// Axis is a value axis: from Lo to Hi in steps of Step, all three round
// numbers (1, 2, 2.5 or 5 times a power of ten), holding every value.
type Axis struct {
	Lo, Hi, Step float64
}

// NewAxis makes an axis for values in about four steps. An axis holds
// zero when the values are all of one sign and small against the largest
// (a level from 1,748 to 33,227 starts at 0), and always when there is only
// one value (or one repeated): then it runs from 0 to the value rounded up,
// so that one point of 5.852 gets 0, 2, 4, 6 rather than 5.851-5.853.
func NewAxis(vals []float64) Axis {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	switch {
	case lo > hi: // no values
		return Axis{0, 1, 0.25}
	case lo == hi && lo > 0:
		lo = 0
	case lo == hi && lo < 0:
		hi = 0
	case lo == hi:
		hi = 1
	case lo > 0 && lo < hi/3:
		lo = 0
	case hi < 0 && hi > lo/3:
		hi = 0
	}
	step := niceStep((hi - lo) / 4)
	a := Axis{Lo: math.Floor(lo/step+1e-9) * step, Hi: math.Ceil(hi/step-1e-9) * step, Step: step}
	if a.Hi <= a.Lo {
		a.Hi = a.Lo + step
	}
	return a
}

// niceStep is the smallest round step at least raw.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// Ticks are the axis' round values, lowest first.
func (a Axis) Ticks() []float64 {
	var out []float64
	n := int(math.Round((a.Hi - a.Lo) / a.Step))
	d := a.Decimals()
	for i := 0; i <= n; i++ {
		out = append(out, round(a.Lo+float64(i)*a.Step, d))
	}
	return out
}

// Decimals is how many decimals the ticks need: 0 for a step of 1,000,
// 1 for 0.5 and for 2.5, 2 for 0.25.
func (a Axis) Decimals() int {
	for d := 0; d < 12; d++ {
		x := a.Step * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*math.Max(1, x) {
			return d
		}
	}
	return 12
}

func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}
