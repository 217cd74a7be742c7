package pxweb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/exchange/record"
	"planwatch/period"
)

// FuzzRead reads any bytes as a statistics table: no panic, and every
// point names its file and line, with a period planwatch can parse.
func FuzzRead(f *testing.F) {
	for _, pattern := range []string{"gso_pxweb/*.csv", "vn_province_stats/*.csv"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", pattern))
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(string(data))
			}
		}
	}
	for _, name := range []string{"population_vi_mojibake.csv", "population_vi_mojibake_lost.csv"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("Năm,Hà Nội,Bắc Ninh\n2021,\"1.234,5\",\"72.497,5\"\n2022,\"1.300\",..\n")
	f.Add("\"T\"\n\n\"x\";\"2015\"\n\"a\";1;2\n")
	f.Fuzz(func(t *testing.T, s string) {
		err := Read("fuzz", strings.NewReader(s), func(p *record.Point) bool {
			if p.Note != "" {
				return true
			}
			if p.File != "fuzz" || p.Line < 1 || len(p.Dims) == 0 {
				t.Fatalf("a point without its place or label: %+v", p)
			}
			if p.Canonical != "" {
				if _, err := period.Parse(p.Canonical); err != nil {
					t.Fatalf("canonical period %q: %v", p.Canonical, err)
				}
			}
			if p.IsNumber && (p.Missing || p.Value == "") {
				t.Fatalf("a number that is missing or empty: %+v", p)
			}
			return true
		})
		if err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
	})
}
