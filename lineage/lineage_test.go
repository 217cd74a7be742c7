package lineage

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"planwatch"
	"planwatch/period"
)

func f(v float64) *float64 { return &v }

type world struct {
	x    *planwatch.UnitIndex
	g    *Graph
	inds map[string]planwatch.Indicator
	vals map[int64]map[string]float64
}

// The 2025 merger in small: 27 and 24 (old) into 24 (new); 99 gave a tenth
// of itself to the new 24 as well.
func newWorld(shareOf99 *float64) *world {
	units := []planwatch.Unit{
		{ID: 1, Code: "27", NameVI: "Bắc Ninh", ValidFrom: "1997-01-01", ValidTo: "2025-07-01"},
		{ID: 2, Code: "24", NameVI: "Bắc Giang", ValidFrom: "1997-01-01", ValidTo: "2025-07-01"},
		{ID: 3, Code: "24", NameVI: "Bắc Ninh", ValidFrom: "2025-07-01"},
		{ID: 4, Code: "99", NameVI: "X"},
		{ID: 5, Code: "77", NameVI: "Later", ValidFrom: "2030-01-01"},
	}
	x := planwatch.NewUnitIndex(units)
	events := []planwatch.LineageEvent{
		{Date: "2025-07-01", Event: planwatch.EventMerge, From: 1, To: 3},
		{Date: "2025-07-01", Event: planwatch.EventMerge, From: 2, To: 3},
		{Date: "2025-07-01", Event: planwatch.EventTransfer, From: 4, To: 3, Share: shareOf99},
		{Date: "2030-01-01", Event: planwatch.EventRename, From: 3, To: 5},
	}
	inds := map[string]planwatch.Indicator{
		"GRDP": {Code: "GRDP", Aggregation: planwatch.Aggregation{Rule: "sum"}},
		"POP":  {Code: "POP", Aggregation: planwatch.Aggregation{Rule: "sum"}},
		"PC":   {Code: "PC", Aggregation: planwatch.Aggregation{Rule: "formula"}, Formula: "GRDP / POP"},
		"POOR": {Code: "POOR", Aggregation: planwatch.Aggregation{Rule: "mean", Weight: "POP"}},
		"RANK": {Code: "RANK", Aggregation: planwatch.Aggregation{Rule: "none"}},
	}
	vals := map[int64]map[string]float64{
		1: {"GRDP": 250000, "POP": 1500, "PC": 166.67, "POOR": 1, "RANK": 7},
		2: {"GRDP": 150000, "POP": 1900, "PC": 78.95, "POOR": 3, "RANK": 12},
		4: {"GRDP": 10000, "POP": 1000, "POOR": 10},
	}
	return &world{x, New(x, events), inds, vals}
}

func (w *world) get(unit int64, code string, _ planwatch.Dims, p period.Period) (float64, bool) {
	if p.String() != "2024" {
		return 0, false
	}
	v, ok := w.vals[unit][code]
	return v, ok
}

func (w *world) rebuild(t *testing.T, unit int64, code string) (Rebuilt, error) {
	u, _ := w.x.ByID(unit)
	return w.g.Rebuild(u, w.inds[code], "", period.MustParse("2024"), w.inds, w.get)
}

func TestSumOfPredecessors(t *testing.T) {
	w := newWorld(f(0.1))
	r, err := w.rebuild(t, 3, "GRDP")
	if err != nil || r.Value != 250000+150000+0.1*10000 {
		t.Fatalf("GRDP rebuilt %v, %v", r.Value, err)
	}
	if joined := strings.Join(r.From, "; "); !strings.Contains(joined, "27@1997-01-01 GRDP") || !strings.Contains(joined, "0.1 x (99 GRDP)") {
		t.Errorf("from %v", r.From)
	}
}

// Per capita is rebuilt from rebuilt components, never a mean of
// per-capita figures.
func TestRatioFromComponents(t *testing.T) {
	w := newWorld(f(0.1))
	r, err := w.rebuild(t, 3, "PC")
	want := (250000 + 150000 + 1000.0) / (1500 + 1900 + 100.0)
	if err != nil || math.Abs(r.Value-want) > 1e-9 {
		t.Fatalf("PC rebuilt %v, %v; want %v", r.Value, err, want)
	}
	if mean := (166.67 + 78.95) / 2; math.Abs(r.Value-mean) < 1 {
		t.Error("per capita looks like a mean of per-capita figures")
	}
	m, err := w.rebuild(t, 3, "POOR")
	if want := (1*1500 + 3*1900 + 10*100.0) / 3500; err != nil || math.Abs(m.Value-want) > 1e-9 {
		t.Errorf("weighted mean %v, %v; want %v", m.Value, err, want)
	}
}

func TestNotComparable(t *testing.T) {
	w := newWorld(f(0.1))
	_, err := w.rebuild(t, 3, "RANK")
	if !errors.Is(err, ErrNotComparable) || !strings.Contains(err.Error(), "RANK has no aggregation rule") {
		t.Errorf("rank: %v", err)
	}
	// A transfer whose share nobody knows cannot be rebuilt.
	w = newWorld(nil)
	if _, err := w.rebuild(t, 3, "GRDP"); !errors.Is(err, ErrNotComparable) || !strings.Contains(err.Error(), "share of X (99)") {
		t.Errorf("unknown share: %v", err)
	}
	// A unit that existed in the period is not rebuilt.
	if _, err := w.rebuild(t, 1, "GRDP"); !errors.Is(err, ErrNotComparable) {
		t.Errorf("existing unit: %v", err)
	}
}

// A unit formed from a unit that was itself formed later than the period
// goes back through both changes.
func TestChain(t *testing.T) {
	w := newWorld(f(0.1))
	r, err := w.rebuild(t, 5, "GRDP")
	if err != nil || r.Value != 401000 {
		t.Errorf("chain: %v, %v", r.Value, err)
	}
	if s := w.g.Successors(1); len(s) != 1 || s[0].Unit.ID != 3 || s[0].Partial() {
		t.Errorf("successors of 27: %v", s)
	}
}

// A store written without today's checks may hold lineage or formulas that
// lead back to where they started; a rebuild then says so, and a web of
// predecessors too wide to follow stops at its limit.
func TestCyclesAndLimits(t *testing.T) {
	units := []planwatch.Unit{
		{ID: 1, Code: "A", NameVI: "A", ValidFrom: "2030-01-01"},
		{ID: 2, Code: "B", NameVI: "B", ValidFrom: "2030-01-01"},
	}
	x := planwatch.NewUnitIndex(units)
	// A and B each formed from the other.
	g := New(x, []planwatch.LineageEvent{
		{Date: "2030-01-01", Event: planwatch.EventMerge, From: 1, To: 2},
		{Date: "2030-01-01", Event: planwatch.EventMerge, From: 2, To: 1},
	})
	inds := map[string]planwatch.Indicator{
		"GRDP": {Code: "GRDP", Aggregation: planwatch.Aggregation{Rule: "sum"}},
		"CYA":  {Code: "CYA", Aggregation: planwatch.Aggregation{Rule: "formula"}, Formula: "CYB * 2"},
		"CYB":  {Code: "CYB", Aggregation: planwatch.Aggregation{Rule: "formula"}, Formula: "CYA / 2"},
	}
	none := func(int64, string, planwatch.Dims, period.Period) (float64, bool) { return 0, false }
	for _, code := range []string{"GRDP", "CYA"} {
		_, err := g.Rebuild(units[0], inds[code], "", period.MustParse("2024"), inds, none)
		if !errors.Is(err, ErrNotComparable) || !strings.Contains(err.Error(), "leads back to itself") {
			t.Errorf("%s: %v", code, err)
		}
	}

	// Six generations of ten units, each formed from all ten of the
	// generation before: 10^6 paths to the figures, too many to follow.
	units = []planwatch.Unit{{ID: 1, Code: "TOP", NameVI: "U", ValidFrom: "2030-01-01"}}
	var events []planwatch.LineageEvent
	prev := []int64{1}
	for gen := 1; gen <= 6; gen++ {
		var cur []int64
		for i := 0; i < 10; i++ {
			id := int64(len(units) + 1)
			units = append(units, planwatch.Unit{ID: id, Code: fmt.Sprintf("G%dU%d", gen, i), NameVI: "U", ValidFrom: planwatch.Date(fmt.Sprintf("%d-01-01", 2030-gen))})
			for _, to := range prev {
				events = append(events, planwatch.LineageEvent{Date: planwatch.Date(fmt.Sprintf("%d-01-01", 2031-gen)), Event: planwatch.EventMerge, From: id, To: to})
			}
			cur = append(cur, id)
		}
		prev = cur
	}
	g = New(planwatch.NewUnitIndex(units), events)
	oldest := func(u int64, _ string, _ planwatch.Dims, _ period.Period) (float64, bool) { return 1, u > 51 }
	_, err := g.Rebuild(units[0], inds["GRDP"], "", period.MustParse("1990"), inds, oldest)
	if !errors.Is(err, ErrNotComparable) || !strings.Contains(err.Error(), "needs more than 20000 figures") {
		t.Errorf("wide web: %v", err)
	}
}
