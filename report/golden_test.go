package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"planwatch/locale"
	"planwatch/period"
	"planwatch/report"
	"planwatch/report/docx"
	"planwatch/report/html"
	"planwatch/report/md"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// renderers are the formats a golden file is kept of; each writes the
// report as text.
var renderers = map[string]func(r *report.Report) ([]byte, error){
	"md": func(r *report.Report) ([]byte, error) {
		var b bytes.Buffer
		err := md.Write(&b, r)
		return b.Bytes(), err
	},
	// For DOCX the text of word/document.xml, not the zip's bytes.
	"docx.xml": func(r *report.Report) ([]byte, error) {
		s, err := docx.DocumentXML(r)
		return []byte(s), err
	},
	"html": func(r *report.Report) ([]byte, error) {
		var b bytes.Buffer
		err := html.Write(&b, r, html.Options{})
		return b.Bytes(), err
	},
}

// readInput reads a report's options from a .input file: key=value lines.
func readInput(t *testing.T, path string) report.Options {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var o report.Options
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "unit":
			o.Unit = v
		case "period":
			o.Period = period.MustParse(v)
		case "plan":
			o.Plan = v
		case "kind":
			o.Kind = report.Kind(v)
		case "known-on":
			o.KnownOn = v
		default:
			t.Fatalf("%s: unknown key %q", path, k)
		}
	}
	return o
}

// TestGolden builds each report of testdata/*.input from the demo in
// both languages and compares each format with its golden file (go test
// -update rewrites them).
func TestGolden(t *testing.T) {
	rv := demoReview(t)
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		o := readInput(t, in)
		for _, l := range []locale.Lang{locale.VI, locale.EN} {
			o.Lang = l
			r, err := report.Build(rv, o)
			if err != nil {
				t.Fatalf("%s %s: %v", in, l, err)
			}
			for ext, render := range renderers {
				got, err := render(r)
				if err != nil {
					t.Fatalf("%s %s %s: %v", in, l, ext, err)
				}
				golden(t, strings.TrimSuffix(in, ".input")+"."+string(l)+"."+ext+".golden", got)
			}
		}
	}
}

// golden compares got with a golden file, or writes it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s differs from line %d:\ngot:  %s\nwant: %s", path, i+1, g, w)
				return
			}
		}
	}
}

func htmlWrite(w *bytes.Buffer, r *report.Report) error { return html.Write(w, r, html.Options{}) }
