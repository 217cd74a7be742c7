// Gen writes the embedded province map (geo/data/vn_provinces.json) from
// the boundary file of the 63 provinces in the reference folder: it
// matches each boundary's Vietnamese name to an official province code,
// projects and simplifies the shared arcs into the map's integer
// coordinates, and lists the 34 provinces from 2025-07-01 as unions of the
// 63 by the demo's lineage. Run from the geo folder:
//
//	go run ./gen ../../shared/reference [OUT_DIR]
//
// It fails, naming them, when a boundary name matches no official
// province or a province has no boundary; on standard error it reports the
// names that matched only without diacritics or through the table of
// variants.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"planwatch/geo/internal/topo"
)

const (
	boundaries = "vn_geo/vn63_provinces_topojson_odm.json"
	provinces  = "vn_admin/vn63_provinces_2025-03.csv"
	provinces2 = "vn_admin/vn34_provinces_2026-02.csv"
	mapping    = "vn_admin/vn_province_mapping_63_to_34_derived.csv"
	merger     = "2025-07-01"
	source     = "Open Development Mekong, provincial boundaries of Viet Nam before 2025-07-01 (TopoJSON diaphantinh.json of phamductu/vietnamese-provincial-icons)"
)

// The map's scale and how much it simplifies. The whole extent (the
// mainland and the Hoàng Sa and Trường Sa archipelagos, 6.9-23.4 °N) is
// height units tall, about 1.8 km a unit; a point stays when the triangle
// it makes with its neighbours covers minArea square units or more; an
// island smaller than dotArea is drawn as a dot, one for all those within
// dotCell units of each other.
const (
	height  = 1000
	margin  = 8
	minArea = 0.6
	dotArea = 6.0
	dotCell = 4
)

// The archipelagos the source draws, by the province they belong to:
// every part of it east of offshore °E.
var archipelagos = []topo.Archipelago{
	{NameVI: "Quần đảo Hoàng Sa", NameEN: "Hoang Sa Archipelago", Province: "48"},
	{NameVI: "Quần đảo Trường Sa", NameEN: "Truong Sa Archipelago", Province: "56"},
}

const offshore = 110.5

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		log.Fatal("usage: go run ./gen REFERENCE_DIR [OUT_DIR]")
	}
	ref, out := os.Args[1], "data"
	if len(os.Args) == 3 {
		out = os.Args[2]
	}
	f, report, err := generate(ref, filepath.Join("..", "demo", "data"))
	os.Stderr.WriteString(report)
	if err != nil {
		log.Fatal(err)
	}
	b, err := encode(f)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "vn_provinces.json"), b, 0o644); err != nil {
		log.Fatal(err)
	}
}

func readCSV(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	return rows[1:], nil
}

// generate makes the map from the reference folder and the demo's units
// and lineage; report says how the names were matched.
func generate(ref, demo string) (*topo.File, string, error) {
	var report strings.Builder
	r, err := os.Open(filepath.Join(ref, boundaries))
	if err != nil {
		return nil, "", err
	}
	t, err := decodeTopology(r)
	r.Close()
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", boundaries, err)
	}
	geoms := t.Objects["diaphantinh"]
	if len(geoms) == 0 {
		return nil, "", fmt.Errorf("%s: no object diaphantinh", boundaries)
	}

	old, err := readCSV(filepath.Join(ref, provinces))
	if err != nil {
		return nil, "", err
	}
	official := map[string]string{}
	for _, row := range old {
		official[row[0]] = row[1]
	}
	var names []string
	for i, g := range geoms {
		n, _ := g.Properties["ten_tinh"].(string)
		if n == "" {
			return nil, "", fmt.Errorf("%s: geometry %d has no ten_tinh", boundaries, i)
		}
		names = append(names, n)
	}
	matches, err := matchNames(names, official)
	for _, m := range matches {
		if m.How != byName {
			fmt.Fprintf(&report, "%-16s -> %s (%s), by %s\n", m.Name, m.Official, m.Code, m.How)
		}
	}
	if err != nil {
		return nil, report.String(), err
	}

	succ, err := successors(ref, demo, official, &report)
	if err != nil {
		return nil, report.String(), err
	}
	units, err := readCSV(filepath.Join(demo, "units.csv"))
	if err != nil {
		return nil, report.String(), err
	}
	name := func(code string, before bool) (vi, en string, err error) {
		for _, u := range units {
			if len(u) < 7 || u[0] != code || u[3] != "province" {
				continue
			}
			from, to := u[5], u[6]
			if before && (from == "" || from < merger) || !before && to == "" {
				return u[1], u[2], nil
			}
		}
		return "", "", fmt.Errorf("the demo's units have no province %s %s %s", code, map[bool]string{true: "before", false: "from"}[before], merger)
	}

	f, err := draw(t, geoms, matches)
	if err != nil {
		return nil, report.String(), err
	}
	for i := range f.Before {
		p := &f.Before[i]
		if p.NameVI, p.NameEN, err = name(p.Code, true); err != nil {
			return nil, report.String(), err
		}
	}
	members := map[string][]string{}
	for o, n := range succ {
		members[n] = append(members[n], o)
	}
	for _, code := range sortedKeys(members) {
		p := topo.Province{Code: code, Members: members[code]}
		slices.Sort(p.Members)
		if p.NameVI, p.NameEN, err = name(code, false); err != nil {
			return nil, report.String(), err
		}
		f.After = append(f.After, p)
	}
	return f, report.String(), nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// successors maps each of the 63 old provinces to the province it is
// part of from 2025-07-01: by the demo's lineage (the merges of that day),
// itself for the 11 provinces the reorganisation left as they were. It
// checks the lineage against the reference's own 63-to-34 mapping and the
// list of the 34.
func successors(ref, demo string, official map[string]string, report *strings.Builder) (map[string]string, error) {
	lin, err := readCSV(filepath.Join(demo, "lineage.csv"))
	if err != nil {
		return nil, err
	}
	succ := map[string]string{}
	for _, l := range lin {
		if len(l) < 4 || l[0] != merger || l[1] != "merge" {
			continue
		}
		if _, ok := official[l[2]]; !ok {
			continue // a region
		}
		if prev, dup := succ[l[2]]; dup && prev != l[3] {
			return nil, fmt.Errorf("lineage: %s merges into %s and into %s", l[2], prev, l[3])
		}
		succ[l[2]] = l[3]
	}
	for code := range official {
		if _, ok := succ[code]; !ok {
			succ[code] = code
		}
	}
	pairs, err := readCSV(filepath.Join(ref, mapping))
	if err != nil {
		return nil, err
	}
	inMapping := map[[2]string]bool{}
	for _, p := range pairs {
		inMapping[[2]string{p[0], p[2]}] = true
	}
	var problems []string
	for _, o := range sortedKeys(succ) {
		if !inMapping[[2]string{o, succ[o]}] {
			problems = append(problems, fmt.Sprintf("lineage takes %s into %s; the mapping does not", o, succ[o]))
		}
	}
	for _, p := range pairs {
		if succ[p[0]] != p[2] {
			// The mapping files Tiền Giang (82) under Tây Ninh (80) too,
			// for one misfiled ward; the lineage is right.
			fmt.Fprintf(report, "mapping %s %s -> %s %s: not in the lineage, left out\n", p[0], p[1], p[2], p[3])
		}
	}
	now, err := readCSV(filepath.Join(ref, provinces2))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range now {
		want[n[0]] = true
	}
	got := map[string]bool{}
	for _, n := range succ {
		got[n] = true
		if !want[n] {
			problems = append(problems, fmt.Sprintf("lineage leads to %s, which is not one of the 34", n))
		}
	}
	for n := range want {
		if !got[n] {
			problems = append(problems, fmt.Sprintf("no old province leads to %s", n))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("lineage and mapping disagree:\n  %s", strings.Join(problems, "\n  "))
	}
	return succ, nil
}

// draw projects and simplifies the arcs and lists each province's
// polygons, islands too small to draw as dots.
func draw(t *topology, geoms []geometry, matches []match) (*topo.File, error) {
	proj := make([][][2]float64, len(t.Arcs))
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for i, a := range t.Arcs {
		proj[i] = make([][2]float64, len(a))
		for j, p := range a {
			q := mercator(p)
			proj[i][j] = q
			for k := range 2 {
				lo[k], hi[k] = math.Min(lo[k], q[k]), math.Max(hi[k], q[k])
			}
		}
	}
	s := (height - 2*margin) / (hi[1] - lo[1])
	toMap := func(q [2]float64) [2]float64 {
		return [2]float64{margin + (q[0]-lo[0])*s, margin + (hi[1]-q[1])*s}
	}
	f := &topo.File{Source: source, Height: height, Width: int(math.Ceil((hi[0]-lo[0])*s)) + 2*margin}

	// Simplified arcs in map units, rounded; a point that rounds onto the
	// one before is dropped, the ends never.
	arcs := make([][][2]int, len(proj))
	for i, a := range proj {
		m := make([][2]float64, len(a))
		for j, q := range a {
			m[j] = toMap(q)
		}
		var pts [][2]int
		for j, q := range simplify(m, minArea) {
			p := [2]int{int(math.Round(q[0])), int(math.Round(q[1]))}
			if j > 0 && p == pts[len(pts)-1] {
				continue
			}
			pts = append(pts, p)
		}
		if end := m[len(m)-1]; len(pts) == 1 || pts[len(pts)-1] != [2]int{int(math.Round(end[0])), int(math.Round(end[1]))} {
			pts = append(pts, [2]int{int(math.Round(end[0])), int(math.Round(end[1]))})
		}
		arcs[i] = pts
	}
	uses := make([]int, len(arcs))
	for _, g := range geoms {
		for _, poly := range g.Polygons {
			for _, ring := range poly {
				for _, i := range ring {
					uses[arcIndex(i)]++
				}
			}
		}
	}
	ringArea := func(ring []int) float64 {
		var pts [][2]int
		for _, i := range ring {
			a := arcs[arcIndex(i)]
			if i < 0 {
				a = slices.Clone(a)
				slices.Reverse(a)
			}
			pts = append(pts, a...)
		}
		var sum float64
		for k := range pts {
			p, q := pts[k], pts[(k+1)%len(pts)]
			sum += float64(p[0]*q[1] - q[0]*p[1])
		}
		return math.Abs(sum) / 2
	}

	keep := map[int]int{} // old arc index -> new
	far := map[string][4]int{}
	for gi, g := range geoms {
		p := topo.Province{Code: matches[gi].Code}
		cells := map[[2]int]bool{}
		for _, poly := range g.Polygons {
			out := true
			var pts [][2]float64
			for _, ring := range poly {
				for _, q := range t.ring(ring) {
					out = out && q[0] > offshore
					pts = append(pts, toMap(mercator(q)))
				}
			}
			if out {
				b, ok := far[p.Code]
				if !ok {
					b = [4]int{math.MaxInt, math.MaxInt, math.MinInt, math.MinInt}
				}
				for _, q := range pts {
					x, y := int(math.Round(q[0])), int(math.Round(q[1]))
					b = [4]int{min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)}
				}
				far[p.Code] = b
			}
			island := len(poly) == 1
			for _, i := range poly[0] {
				island = island && uses[arcIndex(i)] == 1
			}
			if island && ringArea(poly[0]) < dotArea {
				var c [2]float64
				pts := t.ring(poly[0])
				for _, q := range pts {
					m := toMap(mercator(q))
					c[0], c[1] = c[0]+m[0]/float64(len(pts)), c[1]+m[1]/float64(len(pts))
				}
				d := [2]int{int(math.Round(c[0])), int(math.Round(c[1]))}
				cell := [2]int{d[0] / dotCell, d[1] / dotCell}
				if !cells[cell] {
					cells[cell] = true
					p.Dots = append(p.Dots, d[0], d[1])
				}
				continue
			}
			var rings [][]int
			for _, ring := range poly {
				var r []int
				for _, i := range ring {
					j := arcIndex(i)
					n, ok := keep[j]
					if !ok {
						n = len(f.Arcs)
						keep[j] = n
						f.Arcs = append(f.Arcs, flatten(arcs[j]))
					}
					if i < 0 {
						n = ^n
					}
					r = append(r, n)
				}
				rings = append(rings, r)
			}
			p.Polygons = append(p.Polygons, rings)
		}
		f.Before = append(f.Before, p)
	}
	slices.SortFunc(f.Before, func(a, b topo.Province) int { return strings.Compare(a.Code, b.Code) })
	for _, a := range archipelagos {
		b, ok := far[a.Province]
		if !ok {
			return nil, fmt.Errorf("%s: the boundaries of %s have nothing east of %g °E", a.NameEN, a.Province, offshore)
		}
		delete(far, a.Province)
		a.Box = b
		f.Archipelagos = append(f.Archipelagos, a)
	}
	for code := range far {
		return nil, fmt.Errorf("province %s has islands east of %g °E that are not a known archipelago", code, offshore)
	}
	return f, nil
}

func arcIndex(i int) int {
	if i < 0 {
		return ^i
	}
	return i
}

// flatten writes an arc as its first point, then the change to each next.
func flatten(pts [][2]int) []int {
	out := []int{pts[0][0], pts[0][1]}
	for k := 1; k < len(pts); k++ {
		out = append(out, pts[k][0]-pts[k-1][0], pts[k][1]-pts[k-1][1])
	}
	return out
}

// encode writes the map as JSON with an arc or a province a line, so that
// a change to the generator shows as a readable diff.
func encode(f *topo.File) ([]byte, error) {
	var b bytes.Buffer
	line := func(prefix string, v any, last bool) error {
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.WriteString(prefix)
		b.Write(j)
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		return nil
	}
	fmt.Fprintf(&b, "{\n")
	for _, kv := range []struct {
		k string
		v any
	}{{"source", f.Source}, {"width", f.Width}, {"height", f.Height}} {
		if err := line(fmt.Sprintf("%q: ", kv.k), kv.v, false); err != nil {
			return nil, err
		}
	}
	list := func(name string, n int, item func(int) any, last bool) error {
		fmt.Fprintf(&b, "%q: [\n", name)
		for i := range n {
			if err := line("", item(i), i == n-1); err != nil {
				return err
			}
		}
		b.WriteString("]")
		if !last {
			b.WriteString(",")
		}
		b.WriteString("\n")
		return nil
	}
	if err := list("arcs", len(f.Arcs), func(i int) any { return f.Arcs[i] }, false); err != nil {
		return nil, err
	}
	if err := list("before", len(f.Before), func(i int) any { return f.Before[i] }, false); err != nil {
		return nil, err
	}
	if err := list("after", len(f.After), func(i int) any { return f.After[i] }, false); err != nil {
		return nil, err
	}
	if err := list("archipelagos", len(f.Archipelagos), func(i int) any { return f.Archipelagos[i] }, true); err != nil {
		return nil, err
	}
	b.WriteString("}\n")
	// The file must read back as what was meant.
	var back topo.File
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		return nil, fmt.Errorf("encoded map does not read back: %w", err)
	}
	return b.Bytes(), nil
}
