package planwatch

import (
	"testing"

	"planwatch/period"
)

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
