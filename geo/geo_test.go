package geo_test

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"planwatch/geo"
)

// rings parses the path data geo writes (M, then relative m and l, each
// ring closed by z) into rings of absolute points.
func rings(t *testing.T, d string) [][][2]int {
	t.Helper()
	var out [][][2]int
	var cur [][2]int
	var at, start [2]int
	var cmd byte
	var nums []int
	flush := func() {
		for len(nums) >= 2 {
			dx, dy := nums[0], nums[1]
			nums = nums[2:]
			switch cmd {
			case 'M':
				at = [2]int{dx, dy}
				start, cur = at, [][2]int{at}
				cmd = 'l' // numbers after a move are lines
			case 'm':
				at = [2]int{start[0] + dx, start[1] + dy}
				start, cur = at, [][2]int{at}
				cmd = 'l'
			case 'l':
				at = [2]int{at[0] + dx, at[1] + dy}
				cur = append(cur, at)
			default:
				t.Fatalf("numbers after %q in %.60s", cmd, d)
			}
		}
		if len(nums) != 0 {
			t.Fatalf("an odd number of coordinates in %.60s", d)
		}
	}
	for i := 0; i < len(d); {
		c := d[i]
		switch {
		case c == 'M' || c == 'm' || c == 'l':
			flush()
			cmd = c
			i++
		case c == 'z':
			flush()
			out = append(out, cur)
			cur, at = nil, start
			i++
		case c == ' ':
			i++
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(d) && d[j] >= '0' && d[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(d[i:j])
			if err != nil {
				t.Fatalf("%q in %.60s", d[i:j], d)
			}
			nums = append(nums, n)
			i = j
		default:
			t.Fatalf("unexpected %q in path %.60s", c, d)
		}
	}
	if cur != nil || len(nums) > 0 {
		t.Fatalf("path does not end with z: %.60s", d)
	}
	return out
}

// area2 is twice the signed area of the rings (the shoelace formula):
// exact in integers, and additive, since a border walked once each way
// adds nothing.
func area2(rs [][][2]int) int {
	sum := 0
	for _, r := range rs {
		for k := range r {
			p, q := r[k], r[(k+1)%len(r)]
			sum += p[0]*q[1] - q[0]*p[1]
		}
	}
	return sum
}

// segments are the undirected segments of rings.
func segments(rs [][][2]int) map[[4]int]int {
	out := map[[4]int]int{}
	for _, r := range rs {
		for k := range r {
			p, q := r[k], r[(k+1)%len(r)]
			if p == q {
				continue
			}
			if p[0] > q[0] || p[0] == q[0] && p[1] > q[1] {
				p, q = q, p
			}
			out[[4]int{p[0], p[1], q[0], q[1]}]++
		}
	}
	return out
}

// provincesOf reads the demo's provinces valid before 2025-07-01 or from
// then on.
func provincesOf(t *testing.T, before bool) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "demo", "data", "units.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		if r[3] != "province" {
			continue
		}
		if before && (r[5] == "" || r[5] < geo.Merger) || !before && r[6] == "" {
			out[r[0]] = r[1]
		}
	}
	return out
}

// All 63 provinces before the merger and all 34 after are drawn, each
// under its official code and name, with a shape of its own.
func TestEveryProvinceIsDrawn(t *testing.T) {
	for _, era := range []geo.Era{geo.Before, geo.After} {
		want := provincesOf(t, era == geo.Before)
		if n := map[geo.Era]int{geo.Before: 63, geo.After: 34}[era]; len(want) != n {
			t.Fatalf("the demo has %d provinces in era %d, not %d", len(want), era, n)
		}
		m := geo.Of(era)
		if m.Era != era || m.Width < 500 || m.Height != 1000 {
			t.Errorf("era %d: map %d x %d of era %d", era, m.Width, m.Height, m.Era)
		}
		if len(m.Provinces) != len(want) {
			t.Errorf("era %d: %d provinces drawn, want %d", era, len(m.Provinces), len(want))
		}
		for _, p := range m.Provinces {
			if want[p.Code] != p.NameVI {
				t.Errorf("era %d: %s is named %q, the demo says %q", era, p.Code, p.NameVI, want[p.Code])
			}
			rs := rings(t, p.Path)
			if len(rs) == 0 || area2(rs) == 0 {
				t.Errorf("era %d: %s (%s) has no shape: %.40q", era, p.Code, p.NameVI, p.Path)
			}
			for _, r := range rs {
				for _, q := range r {
					if q[0] < 0 || q[1] < 0 || q[0] > m.Width || q[1] > m.Height {
						t.Fatalf("era %d: %s has a point %v outside the map", era, p.Code, q)
					}
				}
			}
			if b := p.Box; b[2]-b[0] < 5 || b[3]-b[1] < 5 {
				t.Errorf("era %d: %s is %v, too small to see", era, p.Code, b)
			}
			if q, ok := m.Province(p.Code); !ok || q.Code != p.Code {
				t.Errorf("era %d: Province(%s) = %v, %v", era, p.Code, q.Code, ok)
			}
		}
	}
	// Bắc Ninh is 27 before the merger, 24 after (24 was Bắc Giang).
	if p, _ := geo.Of(geo.Before).Province("24"); p.NameVI != "Bắc Giang" {
		t.Errorf("24 before the merger is %q", p.NameVI)
	}
	if p, _ := geo.On("2025-07-01").Province("24"); p.NameVI != "Bắc Ninh" || !slices.Equal(p.Members, []string{"24", "27"}) {
		t.Errorf("24 from 2025-07-01 is %q of %v", p.NameVI, p.Members)
	}
	if geo.On("2025-06-30").Era != geo.Before {
		t.Error("30 June 2025 is not before the merger")
	}
}

// The 34 are unions of the 63 as the demo's lineage says, each of the 63
// in exactly one; a union covers exactly its members' area and draws none
// of the borders between them.
func TestUnionsAreTheLineage(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "demo", "data", "lineage.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	old := provincesOf(t, true)
	succ := map[string]string{}
	for code := range old {
		succ[code] = code // the 11 provinces that stayed as they were
	}
	for _, r := range rows[1:] {
		if _, ok := old[r[2]]; ok && r[1] == "merge" && r[0] == geo.Merger {
			succ[r[2]] = r[3]
		}
	}
	before, after := geo.Of(geo.Before), geo.Of(geo.After)
	seen := map[string]string{}
	merged := 0
	for _, p := range after.Provinces {
		var members [][][2]int
		inner := map[[4]int]bool{}
		memberArea := 0
		for _, c := range p.Members {
			if prev, dup := seen[c]; dup {
				t.Errorf("%s is in %s and %s", c, prev, p.Code)
			}
			seen[c] = p.Code
			if succ[c] != p.Code {
				t.Errorf("%s is drawn in %s; the lineage takes it into %s", c, p.Code, succ[c])
			}
			q, ok := before.Province(c)
			if !ok {
				t.Fatalf("member %s of %s is not one of the 63", c, p.Code)
			}
			rs := rings(t, q.Path)
			memberArea += area2(rs)
			for s := range segments(rs) {
				for _, other := range members {
					if segments([][][2]int{other})[s] > 0 {
						inner[s] = true
					}
				}
			}
			members = append(members, rs...)
		}
		union := rings(t, p.Path)
		if got := area2(union); got != memberArea {
			t.Errorf("%s (%s): the union's area is %d, its members' %d", p.Code, p.NameVI, got, memberArea)
		}
		if len(p.Members) > 1 {
			merged++
			if len(inner) == 0 {
				t.Errorf("%s (%s): its members %v share no border", p.Code, p.NameVI, p.Members)
			}
		}
		for s := range segments(union) {
			if inner[s] {
				t.Errorf("%s (%s) draws the inner border segment %v", p.Code, p.NameVI, s)
				break
			}
		}
	}
	if len(seen) != 63 || merged != 23 {
		t.Errorf("%d of the 63 provinces drawn in the 34, %d of which merged; want 63 and 23", len(seen), merged)
	}
}

func TestUnionOfRegion(t *testing.T) {
	m, err := geo.Union([]geo.Group{{Code: "RRD", NameVI: "Đồng bằng sông Hồng", Members: []string{"01", "27", "26", "22", "30", "31", "33", "34", "35", "36", "37"}}})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, c := range m.Provinces[0].Members {
		p, _ := geo.Of(geo.Before).Province(c)
		sum += area2(rings(t, p.Path))
	}
	if got := area2(rings(t, m.Provinces[0].Path)); got != sum {
		t.Errorf("the Red River Delta's area is %d, its provinces' %d", got, sum)
	}
	var b strings.Builder
	if err := geo.Choropleth(&b, geo.Options{Map: m, Values: map[string]float64{"RRD": 7.5}}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), `data-code="RRD"`); n != 1 || strings.Contains(b.String(), `data-code="27"`) {
		t.Errorf("a map of the region draws it %d times", n)
	}
	if err := geo.Choropleth(io.Discard, geo.Options{Map: m, Values: map[string]float64{"27": 1}}); err == nil || !strings.Contains(err.Error(), "not on the map") {
		t.Errorf("a province on a map of regions: %v", err)
	}
	if _, err := geo.Union([]geo.Group{{Code: "X", Members: []string{"99"}}}); err == nil || !strings.Contains(err.Error(), `"99"`) {
		t.Errorf("a group of an unknown province: %v", err)
	}
}

// The embedded map is what geo/gen makes of the reference file today, and
// every name in it was matched; the names that needed more than the
// normalisation are the ones the generator's table knows.
func TestGeneratedFromReference(t *testing.T) {
	ref := filepath.Join("..", "..", "shared", "reference")
	if _, err := os.Stat(filepath.Join(ref, "vn_geo")); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./gen", ref, out)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("gen: %v\n%s", err, stderr.String())
	}
	want, err := os.ReadFile(filepath.Join(out, "vn_provinces.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("data", "vn_provinces.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("data/vn_provinces.json differs from what geo/gen makes of the reference file: run `go run ./gen ../../shared/reference` in geo")
	}
	for _, line := range []string{
		"Cần Thơn         -> Cần Thơ (92), by variant",
		"Quản Bình        -> Quảng Bình (44), by variant",
		"Thừa Thiên Huế   -> Huế (46), by variant",
		"Kien Giang       -> Kiên Giang (91), by letters",
	} {
		if !strings.Contains(stderr.String(), line) {
			t.Errorf("gen's report lacks %q:\n%s", line, stderr.String())
		}
	}
	if len(got) > 60_000 {
		t.Errorf("the embedded map is %d bytes", len(got))
	}
}

func ExampleOf() {
	m := geo.Of(geo.After)
	p, _ := m.Province("24")
	fmt.Println(len(m.Provinces), p.Name("vi"), p.Members)
	// Output: 34 Bắc Ninh [24 27]
}
