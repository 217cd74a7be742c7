package planwatch

import (
	"math/rand/v2"
	"testing"

	"planwatch/period"
)

// A chunk sorted in place holds each series' figures together, series in
// order, and each series' figures in the order they came.
func TestChunkSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := newChunk(0)
	for round := range 3 {
		c.reset()
		n := []int{0, 1, 5000}[round]
		for i := range n {
			c.add(Observation{Unit: int64(r.IntN(7)), Value: float64(i)}, int32(r.IntN(5)))
		}
		want := map[uint64][]float64{}
		for i, k := range c.keys {
			want[k.series] = append(want[k.series], c.obs[i].Value)
		}
		c.sort()
		if len(c.obs) != n {
			t.Fatalf("%d figures, want %d", len(c.obs), n)
		}
		got := map[uint64][]float64{}
		var last uint64
		for i, o := range c.obs {
			k := c.keys[i].series
			if i > 0 && k < last {
				t.Fatalf("series %d after %d", k, last)
			}
			last = k
			got[k] = append(got[k], o.Value)
		}
		for k, vs := range want {
			g := got[k]
			if len(g) != len(vs) {
				t.Fatalf("series %d: %d figures, want %d", k, len(g), len(vs))
			}
			for i := range vs {
				if g[i] != vs[i] {
					t.Fatalf("series %d: figures %v, want %v", k, g, vs)
				}
			}
		}
	}
}

// periodKey tells periods apart and orders them by start.
func TestPeriodKey(t *testing.T) {
	ps := []string{"1800", "2024", "2024-S1", "2024-Q1", "2024-01", "2024-01/2024-09", "2021/2025", "2024-02", "2024-Q2", "2024-S2", "2200-12"}
	keys := map[uint64]string{}
	for _, s := range ps {
		p := period.MustParse(s)
		k := periodKey(p)
		if o, dup := keys[k]; dup {
			t.Errorf("%s and %s have the same key", s, o)
		}
		keys[k] = s
	}
	for _, pair := range [][2]string{{"2023-12", "2024-01"}, {"2024-Q1", "2024-Q2"}, {"2023", "2024"}, {"2024-01", "2024-02"}, {"2024-12", "2025"}} {
		if periodKey(period.MustParse(pair[0])) >= periodKey(period.MustParse(pair[1])) {
			t.Errorf("%s does not come before %s", pair[0], pair[1])
		}
	}
}
