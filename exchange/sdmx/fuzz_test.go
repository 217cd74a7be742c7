package sdmx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/exchange/record"
	"planwatch/period"
)

// addReference seeds a fuzz target with the reference files, where the
// shared folder is present.
func addReference(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "reference", "sdmx", pattern))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data))
		}
	}
}

// checkPoint holds for every point a reader yields: it names its file
// and line, and a period planwatch keeps parses.
func checkPoint(t *testing.T, p *record.Point, lines bool) {
	if p.File != "fuzz" || lines && p.Line < 1 {
		t.Fatalf("point without its place: %+v", p)
	}
	if p.Canonical != "" {
		if _, err := period.Parse(p.Canonical); err != nil {
			t.Fatalf("canonical period %q of %q: %v", p.Canonical, p.Period, err)
		}
	}
	if p.IsNumber && p.Value == "" {
		t.Fatalf("a number without a value: %+v", p)
	}
}

func FuzzReadCSV(f *testing.F) {
	addReference(f, "csv*.csv")
	f.Add("STRUCTURE,STRUCTURE_ID,ACTION,DIM_1: Dimension 1,TIME_PERIOD,OBS_VALUE\ndataflow,A:B(1.0): Name,D,A: Value A,2014-Q1,-\n")
	f.Add("DATAFLOW;DIM_1;OBS_VALUE;TIME_PERIOD\nA:B(1.0);X;12,4;2005-01-01/P15Y\n")
	f.Fuzz(func(t *testing.T, s string) {
		err := ReadCSV("fuzz", strings.NewReader(s), func(p *record.Point) bool { checkPoint(t, p, true); return true })
		if err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
	})
}

func FuzzReadJSON(f *testing.F) {
	addReference(f, "json*.json")
	f.Add(`{"data":{"structures":[{"dimensions":{"series":[{"id":"A","values":[{"id":"x"}]}],"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"}]}]}}],"dataSets":[{"series":{"0":{"observations":{"0":[1.5]}}}}]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		ReadJSON("fuzz", strings.NewReader(s), func(p *record.Point) bool { checkPoint(t, p, false); return true })
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2025", "2025-Q3", "2025-M09", "2025-W53", "2025-D366", "2025-01-01/P9M", "2005/2019", "2013-01-18T12:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, en, c := parseTime(s)
		if c == "" {
			return
		}
		p, err := period.Parse(c)
		if err != nil || !p.Start().Equal(st) || !p.End().Equal(en) {
			t.Fatalf("%q: canonical %q (%v) does not cover [%v, %v)", s, c, err, st, en)
		}
		if _, _, again := parseTime(FormatTime(p)); again != c {
			t.Fatalf("%q: %s written %s read back %s", s, c, FormatTime(p), again)
		}
	})
}
