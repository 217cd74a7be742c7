package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"planwatch"
	"planwatch/exchange"
)

// structure reads the official files, skipping the test when
// ../shared/reference is absent (unless PLANWATCH_REQUIRE_SHARED=1).
func structure(t testing.TB) *planwatch.Batch {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "reference", "vn_admin")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	b, err := ReadStructure(dir)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSizes checks what the full set holds: 34 provinces and 3,321
// communes of today, the 63 of before, 200 indicators, and at least ten
// million figures; and the 1m set about a million.
func TestSizes(t *testing.T) {
	b := structure(t)
	s := New(Sizes["10m"], b)
	if len(s.now) != 34 || len(s.old) != 63 || len(s.communes) != 3321 || len(s.inds) != 200 {
		t.Fatalf("%d provinces now, %d before, %d communes, %d indicators", len(s.now), len(s.old), len(s.communes), len(s.inds))
	}
	if n := s.Observations(); n != 10_325_505 {
		t.Errorf("10m: %d observations", n)
	}
	if n := New(Sizes["1m"], b).Observations(); n != 1_026_705 {
		t.Errorf("1m: %d observations", n)
	}
	// Every province of either time has targets.
	has := map[string]bool{}
	for _, tg := range s.Targets() {
		has[tg.unit] = true
	}
	for _, c := range s.old {
		if !has[c+"@2021-01-01"] {
			t.Errorf("no targets for %s before 2025-07-01", c)
		}
	}
	for _, c := range s.now {
		if !has[c+"@2025-07-01"] {
			t.Errorf("no targets for %s after 2025-07-01", c)
		}
	}
	// The merged provinces were formed from the old ones the files name.
	if p := s.preds["24"]; len(p) != 2 || p[0] != "24" && p[1] != "24" {
		t.Errorf("Bac Ninh (24) formed from %v", p)
	}
	if len(s.preds) != 23 {
		t.Errorf("%d provinces formed from others, want 23", len(s.preds))
	}
	_ = exchange.Merger
}

// TestReproducible writes the test set twice with one seed, and once with
// another: the same seed gives the same bytes, and the count is what
// Observations says.
func TestReproducible(t *testing.T) {
	b := structure(t)
	digest := func(seed uint64) ([32]byte, int) {
		cfg := Sizes["test"]
		cfg.Seed = seed
		s := New(cfg, b)
		h := sha256.New()
		n := 0
		s.Emit(func(unit, ind, per string, v float64, src string) bool { n++; return true })
		if err := s.WriteObservations(h); err != nil {
			t.Fatal(err)
		}
		if n != s.Observations() {
			t.Errorf("emitted %d, counted %d", n, s.Observations())
		}
		var d [32]byte
		copy(d[:], h.Sum(nil))
		return d, n
	}
	a, n := digest(1)
	if b, _ := digest(1); a != b {
		t.Error("seed 1 gave two different files")
	}
	if c, _ := digest(2); a == c {
		t.Error("seeds 1 and 2 gave the same file")
	}
	if n < 5000 {
		t.Errorf("the test set has %d observations", n)
	}
}
