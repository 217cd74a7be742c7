package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func reference(t *testing.T) string {
	t.Helper()
	ref := filepath.Join("..", "..", "..", "shared", "reference")
	if _, err := os.Stat(filepath.Join(ref, boundaries)); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	return ref
}

// Every name of the boundary file is matched to one of the 63 official
// provinces, each province once; the names that needed more than the
// normalisation are these.
func TestReferenceNamesMatch(t *testing.T) {
	ref := reference(t)
	f, err := os.Open(filepath.Join(ref, boundaries))
	if err != nil {
		t.Fatal(err)
	}
	topo, err := decodeTopology(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readCSV(filepath.Join(ref, provinces))
	if err != nil {
		t.Fatal(err)
	}
	official := map[string]string{}
	for _, r := range rows {
		official[r[0]] = r[1]
	}
	var names []string
	for _, g := range topo.Objects["diaphantinh"] {
		names = append(names, g.Properties["ten_tinh"].(string))
	}
	if len(names) != 63 || len(official) != 63 {
		t.Fatalf("%d boundaries, %d official provinces", len(names), len(official))
	}
	ms, err := matchNames(names, official)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range ms {
		if m.How != byName {
			got[m.Name] = m.How + " " + m.Code
		}
	}
	want := map[string]string{
		"Cần Thơn": "variant 92", "Quản Bình": "variant 44", "Thừa Thiên Huế": "variant 46",
		"Kien Giang": "letters 91", "Đăk Lăk": "letters 66", "Đăk Nông": "letters 67", "Hòa Bình": "letters 17",
	}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%q matched by %q, want %q", n, got[n], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("matched beyond the name: %v", got)
	}
	for _, m := range ms {
		if m.Name == "Bà Rịa -Vũng Tàu" && (m.Code != "77" || m.How != byName) {
			t.Errorf("%q: %+v", m.Name, m)
		}
		if m.Name == "TP. Hồ Chí Minh" && m.Code != "79" {
			t.Errorf("%q: %+v", m.Name, m)
		}
	}
}

// Names that match nothing, two names for one province and a province
// without a boundary are all reported, and the match fails.
func TestMatchReportsEveryProblem(t *testing.T) {
	official := map[string]string{"27": "Bắc Ninh", "24": "Bắc Giang", "01": "Hà Nội", "92": "Cần Thơ"}
	ms, err := matchNames([]string{"Tỉnh Bắc Ninh", "Bac Ninh", "Ha Noi", "Hà Nộii", "Cần Thơn"}, official)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`"Hà Nộii" matches no official province`,
		`"Tỉnh Bắc Ninh" and "Bac Ninh" both match Bắc Ninh (27)`,
		`no boundary for Bắc Giang (24)`,
		"3 problems",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if ms[2].Code != "01" || ms[2].How != byLetters || ms[4].Code != "92" || ms[4].How != byVariant {
		t.Errorf("matches %+v", ms)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"Bà Rịa -Vũng Tàu":      "bàrịavũngtàu",
		"Bà Rịa - Vũng Tàu":     "bàrịavũngtàu",
		"TP. Hồ Chí Minh":       "hồchíminh",
		"Thành phố Hồ Chí Minh": "hồchíminh",
		" Tỉnh  Bắc Ninh":       "bắcninh",
	} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeTopology(t *testing.T) {
	// Two squares sharing an edge: arc 0 the shared edge, 1 and 2 the rest,
	// quantized and delta-encoded.
	const good = `{"type":"Topology","transform":{"scale":[0.5,0.5],"translate":[100,10]},
		"arcs":[[[2,0],[0,2]],[[2,2],[-2,0],[0,-2],[2,0]],[[2,0],[2,0],[0,2],[-2,0]]],
		"objects":{"x":{"type":"GeometryCollection","geometries":[
			{"type":"Polygon","arcs":[[0,1]],"properties":{"ten_tinh":"A"}},
			{"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"ten_tinh":"B"}}]}}}`
	tp, err := decodeTopology(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if got := tp.Arcs[1]; !slices.Equal(got, [][2]float64{{101, 11}, {100, 11}, {100, 10}, {101, 10}}) {
		t.Errorf("arc 1 = %v", got)
	}
	g := tp.Objects["x"]
	if len(g) != 2 || g[1].Properties["ten_tinh"] != "B" {
		t.Fatalf("geometries %+v", g)
	}
	if r := tp.ring(g[1].Polygons[0][0]); !slices.Equal(r, [][2]float64{{101, 10}, {102, 10}, {102, 11}, {101, 11}, {101, 10}}) {
		t.Errorf("ring of B = %v", r)
	}
	for _, tc := range []struct{ json, err string }{
		{`{"type":"FeatureCollection"}`, `not "Topology"`},
		{`{"type":"Topology","arcs":[[[0,0]]]}`, "needs two"},
		{`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"x":{"type":"Polygon","arcs":[[3]]}}}`, "names arc 3"},
		{`{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"x":{"type":"Polygon","arcs":[[0]]}}}`, "not closed"},
		{`{"type":"Topology","arcs":[[[0,0],[1,1]],[[0,0],[1,0]]],"objects":{"x":{"type":"Polygon","arcs":[[0,1]]}}}`, "does not start"},
		{`{"type":"Topology","arcs":[],"objects":{"x":{"type":"Point","coordinates":[1,2]}}}`, "not polygons"},
		{`{"type":"Topology","arcs":[],"objects":{"x":{"type":"Polygon","arcs":[]}}}`, "without rings"},
		{`{"type":"Topology","arcs":[[[0,0],[1,"a"]]]}`, "not TopoJSON"},
	} {
		if _, err := decodeTopology(strings.NewReader(tc.json)); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.json, err, tc.err)
		}
	}
}

// FuzzDecodeTopology: no input makes the decoder panic, and what it
// accepts has rings of arcs that exist and close.
func FuzzDecodeTopology(f *testing.F) {
	f.Add([]byte(`{"type":"Topology","transform":{"scale":[1,1],"translate":[0,0]},"arcs":[[[0,0],[1,0],[0,1],[-1,-1]]],"objects":{"a":{"type":"Polygon","arcs":[[0]]}}}`))
	f.Add([]byte(`{"type":"Topology","arcs":[[[0,0],[1,0]],[[1,0],[0,0]]],"objects":{"a":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[[0,1]],[[-1,-2]]]}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := decodeTopology(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		for _, geoms := range tp.Objects {
			for _, g := range geoms {
				for _, poly := range g.Polygons {
					for _, ring := range poly {
						r := tp.ring(ring)
						if len(r) == 0 || r[0] != r[len(r)-1] {
							t.Fatalf("ring %v accepted open: %v", ring, r)
						}
					}
				}
			}
		}
	})
}

func TestSimplify(t *testing.T) {
	// The middle points of a straight line weigh nothing; a corner stays.
	line := [][2]float64{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {3, 3}}
	w := weights(line)
	if w[1] != 0 || w[2] != 0 || !math.IsInf(w[0], 1) || !math.IsInf(w[4], 1) || w[3] != 4.5 {
		t.Errorf("weights %v", w)
	}
	if got := simplify(line, 1); !slices.Equal(got, [][2]float64{{0, 0}, {3, 0}, {3, 3}}) {
		t.Errorf("simplified %v", got)
	}
	// A small island keeps a triangle, however high the threshold.
	ring := [][2]float64{{0, 0}, {1, 0}, {1.1, 0.5}, {1, 1}, {0, 1}, {0, 0}}
	if got := simplify(ring, 100); len(got) != 4 || got[0] != got[3] {
		t.Errorf("island simplified to %v", got)
	}
}

// The generator refuses a lineage that does not lead to the 34.
func TestSuccessorsCheckTheLineage(t *testing.T) {
	ref := reference(t)
	demo := t.TempDir()
	lineage := "date,event,from,to,share\n2025-07-01,merge,27,24,\n"
	if err := os.WriteFile(filepath.Join(demo, "lineage.csv"), []byte(lineage), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, _ := readCSV(filepath.Join(ref, provinces))
	official := map[string]string{}
	for _, r := range rows {
		official[r[0]] = r[1]
	}
	var report strings.Builder
	_, err := successors(ref, demo, official, &report)
	if err == nil || !strings.Contains(err.Error(), "lineage takes 02 into 02; the mapping does not") || !strings.Contains(err.Error(), "lineage leads to 02, which is not one of the 34") {
		t.Errorf("a lineage with only one merge: %v", err)
	}
}
