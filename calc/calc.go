// Package calc computes the measures a review quotes: growth, average
// annual growth, multiples, shares, ratios, % of plan, ranks, the growth a
// target still requires and a projection. Pure functions, no I/O; each
// returns an error that says why when a measure cannot be computed.
package calc

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Reasons a measure cannot be computed.
var (
	ErrZeroBase   = errors.New("the base value is zero")
	ErrSignChange = errors.New("the values change sign")
	ErrNoYears    = errors.New("the interval has no length")
	ErrNotFinite  = errors.New("a value is not a finite number")
)

func finite(vs ...float64) error {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ErrNotFinite
		}
	}
	return nil
}

// Change is cur - prev.
func Change(prev, cur float64) float64 { return cur - prev }

// Growth is the change from prev to cur in percent of prev.
func Growth(prev, cur float64) (float64, error) {
	if err := finite(prev, cur); err != nil {
		return 0, err
	}
	if prev == 0 {
		return 0, ErrZeroBase
	}
	return (cur/prev - 1) * 100, nil
}

// CAGR is the compound average annual growth, in percent, that takes v0 to
// v1 in the given number of years.
func CAGR(v0, v1, years float64) (float64, error) {
	if err := finite(v0, v1, years); err != nil {
		return 0, err
	}
	switch {
	case years <= 0:
		return 0, ErrNoYears
	case v0 == 0:
		return 0, ErrZeroBase
	case v0 < 0 != (v1 < 0) || v1 == 0:
		return 0, ErrSignChange
	}
	return (math.Pow(v1/v0, 1/years) - 1) * 100, nil
}

// ChainCAGR is the average annual growth, in percent, of a chain of yearly
// growth rates in percent: 7 and 9 give 7.995.
func ChainCAGR(rates []float64) (float64, error) {
	if len(rates) == 0 {
		return 0, ErrNoYears
	}
	prod := 1.0
	for _, r := range rates {
		if err := finite(r); err != nil {
			return 0, err
		}
		if r <= -100 {
			return 0, ErrSignChange
		}
		prod *= 1 + r/100
	}
	return (math.Pow(prod, 1/float64(len(rates))) - 1) * 100, nil
}

// Multiple is how many times base cur is: 33,227 is 19.0 times 1,748.
func Multiple(base, cur float64) (float64, error) {
	if err := finite(base, cur); err != nil {
		return 0, err
	}
	if base == 0 {
		return 0, ErrZeroBase
	}
	return cur / base, nil
}

// Share is part in percent of total.
func Share(part, total float64) (float64, error) {
	if err := finite(part, total); err != nil {
		return 0, err
	}
	if total == 0 {
		return 0, fmt.Errorf("the total is zero")
	}
	return part / total * 100, nil
}

// Ratio is v over ref: 1.16 times the national average.
func Ratio(v, ref float64) (float64, error) {
	if err := finite(v, ref); err != nil {
		return 0, err
	}
	if ref == 0 {
		return 0, ErrZeroBase
	}
	return v / ref, nil
}

// PctOfPlan is the actual figure in percent of the plan figure.
func PctOfPlan(actual, plan float64) (float64, error) {
	if err := finite(actual, plan); err != nil {
		return 0, err
	}
	if plan == 0 {
		return 0, fmt.Errorf("the plan figure is zero")
	}
	return actual / plan * 100, nil
}

// RequiredGrowth is the average annual growth, in percent, that takes cur
// to target in the years left.
func RequiredGrowth(cur, target, yearsLeft float64) (float64, error) {
	return CAGR(cur, target, yearsLeft)
}

// Project carries cur forward at an average annual growth in percent.
func Project(cur, growthPct, years float64) float64 {
	return cur * math.Pow(1+growthPct/100, years)
}

// Ranked is one peer's place.
type Ranked struct {
	Key   string
	Value float64
	Rank  int
}

// Rank orders peers best first: highest first when sign >= 0 (higher is
// better, or no direction: rank by size), lowest first when sign < 0.
// Equal values share the better rank and the next rank is skipped
// (1, 2, 2, 4). Peers with equal values are listed by key.
func Rank(values map[string]float64, sign int) []Ranked {
	out := make([]Ranked, 0, len(values))
	for k, v := range values {
		out = append(out, Ranked{Key: k, Value: v})
	}
	slices.SortFunc(out, func(a, b Ranked) int {
		switch {
		case a.Value == b.Value:
			return strings.Compare(a.Key, b.Key)
		case (a.Value > b.Value) == (sign >= 0):
			return -1
		}
		return 1
	})
	for i := range out {
		if i > 0 && out[i].Value == out[i-1].Value {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}

// RankOf returns the rank of key among the peers, 0 when it has no value.
func RankOf(ranked []Ranked, key string) int {
	for _, r := range ranked {
		if r.Key == key {
			return r.Rank
		}
	}
	return 0
}

// Round rounds half away from zero to the given decimals, as printed
// reports do.
func Round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}
