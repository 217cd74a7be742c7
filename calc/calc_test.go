package calc

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
	"testing/quick"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestSeedFigures(t *testing.T) {
	// Seed 002: exports 94 up 36.1 % on 69.07; 126 % of a plan of 74.6.
	if g, _ := Growth(69.07, 94); Round(g, 1) != 36.1 {
		t.Errorf("export growth %v", g)
	}
	if p, _ := PctOfPlan(94, 74.6); Round(p, 0) != 126 {
		t.Errorf("%% of plan %v", p)
	}
	// Seed 000: 33,227 is more than 19 times 1,748.
	if m, _ := Multiple(1748, 33227); m <= 19 || m >= 19.1 {
		t.Errorf("multiple %v", m)
	}
	// Seed 002: 5,852 is 1.16 times 5,026.
	if r, _ := Ratio(5852, 5026); Round(r, 2) != 1.16 {
		t.Errorf("ratio %v", r)
	}
	if s, _ := Share(182, 920); Round(s, 0) != 20 {
		t.Errorf("share %v", s)
	}
}

func TestCAGR(t *testing.T) {
	g, err := CAGR(100, 121, 2)
	if err != nil || !near(g, 10, 1e-9) {
		t.Errorf("CAGR(100,121,2) = %v %v", g, err)
	}
	if _, err := CAGR(0, 1, 2); !errors.Is(err, ErrZeroBase) {
		t.Errorf("zero base: %v", err)
	}
	if _, err := CAGR(-1, 1, 2); !errors.Is(err, ErrSignChange) {
		t.Errorf("sign change: %v", err)
	}
	if _, err := CAGR(1, 2, 0); !errors.Is(err, ErrNoYears) {
		t.Errorf("no years: %v", err)
	}
	c, _ := ChainCAGR([]float64{7, 9})
	if !near(c, (math.Sqrt(1.07*1.09)-1)*100, 1e-12) {
		t.Errorf("chain %v", c)
	}
	// CAGR over a chain and over the levels it makes agree.
	rates := []float64{10.27, 6.5, -2, 14}
	level := 100.0
	for _, r := range rates {
		level *= 1 + r/100
	}
	a, _ := ChainCAGR(rates)
	b, _ := CAGR(100, level, 4)
	if !near(a, b, 1e-9) {
		t.Errorf("chain %v, levels %v", a, b)
	}
	if req, _ := RequiredGrowth(100, 121, 2); !near(req, 10, 1e-9) || !near(Project(100, 10, 2), 121, 1e-9) {
		t.Error("required growth and projection disagree")
	}
}

func TestRankTies(t *testing.T) {
	r := Rank(map[string]float64{"a": 5, "b": 7, "c": 7, "d": 1}, 1)
	got := map[string]int{}
	for _, x := range r {
		got[x.Key] = x.Rank
	}
	if got["b"] != 1 || got["c"] != 1 || got["a"] != 3 || got["d"] != 4 {
		t.Errorf("ranks %v", got)
	}
	low := Rank(map[string]float64{"a": 5, "b": 7, "d": 1}, -1)
	if RankOf(low, "d") != 1 || RankOf(low, "b") != 3 || RankOf(low, "x") != 0 {
		t.Errorf("lower-is-better ranks %v", low)
	}
}

// Property: a rank is a permutation of positions consistent with the
// direction: a better value never has a worse rank, equal values share one.
func TestRankProperty(t *testing.T) {
	f := func(vals []int8, down bool) bool {
		m := map[string]float64{}
		for i, v := range vals {
			m[strconv.Itoa(i)] = float64(v)
		}
		sign := 1
		if down {
			sign = -1
		}
		r := Rank(m, sign)
		if len(r) != len(m) {
			return false
		}
		seen := map[string]bool{}
		for i, x := range r {
			if seen[x.Key] || x.Rank < 1 || x.Rank > i+1 {
				return false
			}
			seen[x.Key] = true
			for _, y := range r {
				better := y.Value > x.Value
				if down {
					better = y.Value < x.Value
				}
				if better && y.Rank >= x.Rank || y.Value == x.Value && y.Rank != x.Rank {
					return false
				}
			}
		}
		// Ranks without ties are exactly 1..n.
		ranks := make([]int, len(r))
		for i, x := range r {
			ranks[i] = x.Rank
		}
		return sort.IntsAreSorted(ranks)
	}
	if err := quick.Check(f, nil); err != nil {
		t.Error(err)
	}
}

// Property: CAGR over a constant series is 0, whatever the level and span.
func TestCAGRConstant(t *testing.T) {
	f := func(v float64, years uint8) bool {
		if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) || years == 0 {
			return true
		}
		g, err := CAGR(v, v, float64(years))
		return err == nil && g == 0
	}
	if err := quick.Check(f, nil); err != nil {
		t.Error(err)
	}
	if c, _ := ChainCAGR([]float64{0, 0, 0}); c != 0 {
		t.Errorf("chain of zero growth = %v", c)
	}
}

// Property: the shares of the parent over all children sum to 100 %.
func TestSharesSumTo100(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(70)
		parts := make([]float64, n)
		total := 0.0
		for i := range parts {
			parts[i] = rng.Float64() * 1e6
			total += parts[i]
		}
		sum := 0.0
		for _, p := range parts {
			s, err := Share(p, total)
			if err != nil {
				t.Fatal(err)
			}
			sum += s
		}
		if !near(sum, 100, 1e-9) {
			t.Fatalf("shares of %d children sum to %v", n, sum)
		}
	}
}
