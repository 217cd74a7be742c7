package factcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// seed reads a seed document from ../shared/seeds, skipping the test when
// the folder is absent (unless PLANWATCH_REQUIRE_SHARED=1).
func seed(t testing.TB, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") == "1" {
			t.Fatalf("seed %s not found in ../shared/seeds", prefix)
		}
		t.Skipf("seed %s not found in ../shared/seeds", prefix)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
