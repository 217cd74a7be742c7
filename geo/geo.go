// Package geo draws Viet Nam's provinces: the 63 before 2025-07-01 and the
// 34 from then on, as SVG path data, a choropleth of a figure by province,
// and a locator of one province on the national map.
//
// The boundaries are embedded (data/vn_provinces.json, written by geo/gen
// from the reference boundary file) as a topology: arcs between junctions
// in the map's integer coordinates, shared by the provinces on either
// side. A province after the merger is the union of its predecessors,
// drawn from the arcs that only one of them uses: an arc two members share
// is a border inside the new province.
package geo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"planwatch"
	"planwatch/geo/internal/topo"
	"planwatch/locale"
)

//go:embed data/vn_provinces.json
var embedded []byte

// Merger is the day the 63 provinces became 34.
const Merger = "2025-07-01"

// Era says which provinces a map draws.
type Era int

const (
	Before Era = iota // the 63 provinces before 2025-07-01
	After             // the 34 provinces from 2025-07-01
)

// EraOn gives the era of a day (YYYY-MM-DD).
func EraOn(day string) Era {
	if day < Merger {
		return Before
	}
	return After
}

// Province is one province on a map.
type Province struct {
	Code           string // the official code, two digits ("27" Bắc Ninh before the merger, "24" Bắc Ninh after)
	NameVI, NameEN string
	// Path is SVG path data in the map's coordinates, one closed
	// subpath a ring; fill it with the even-odd rule so holes stay open.
	Path string
	// Dots are islands too small for a shape (the Trường Sa and Hoàng Sa
	// archipelagos among them): SVG path data of zero-length lines, to
	// stroke with round caps.
	Dots string
	// Members are the provinces before the merger that this one is made
	// of (itself for one of the 63).
	Members []string
	// Box bounds the shapes (not the dots).
	Box Box
}

// Box is a bounding box in map units: x0, y0, x1, y1.
type Box [4]int

// Centre is the middle of the box.
func (b Box) Centre() (x, y int) { return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2 }

// Name gives the province's name in Vietnamese or English.
func (p Province) Name(l locale.Lang) string {
	if l == locale.EN && p.NameEN != "" {
		return p.NameEN
	}
	return p.NameVI
}

// Map is the provinces of an era, sorted by code, on a plane Width by
// Height units (x east, y south). Maps are shared: do not change one.
type Map struct {
	Era           Era
	Width, Height int
	Provinces     []Province
	// Archipelagos are the island groups far out at sea, to be named.
	Archipelagos []Archipelago
	// Source names where the boundaries come from.
	Source string
}

// Archipelago is a named group of islands (Hoàng Sa, Trường Sa), the
// province it belongs to on the map, and the box around it.
type Archipelago struct {
	NameVI, NameEN string
	Province       string
	Box            Box
}

// Name gives the archipelago's name in Vietnamese or English.
func (a Archipelago) Name(l locale.Lang) string {
	if l == locale.EN {
		return a.NameEN
	}
	return a.NameVI
}

// Province finds a province by code.
func (m *Map) Province(code string) (Province, bool) {
	i, ok := slices.BinarySearchFunc(m.Provinces, code, func(p Province, c string) int { return strings.Compare(p.Code, c) })
	if !ok {
		return Province{}, false
	}
	return m.Provinces[i], true
}

type point [2]int

type topology struct {
	file  topo.File
	arcs  [][]point
	rings map[string][][]int // province before the merger -> rings of arc refs
	dots  map[string][]point
}

var (
	loaded   sync.Once
	theTopo  *topology
	maps     [2]*Map
	loadErr  error
	mergeErr error
)

func load() {
	loaded.Do(func() {
		t := &topology{rings: map[string][][]int{}, dots: map[string][]point{}}
		if err := json.Unmarshal(embedded, &t.file); err != nil {
			loadErr = fmt.Errorf("geo: the embedded map: %w", err)
			return
		}
		for i, a := range t.file.Arcs {
			if len(a) < 4 || len(a)%2 != 0 {
				loadErr = fmt.Errorf("geo: the embedded map: arc %d has %d numbers", i, len(a))
				return
			}
			pts := []point{{a[0], a[1]}}
			for k := 2; k < len(a); k += 2 {
				last := pts[len(pts)-1]
				pts = append(pts, point{last[0] + a[k], last[1] + a[k+1]})
			}
			t.arcs = append(t.arcs, pts)
		}
		before := &Map{Era: Before, Width: t.file.Width, Height: t.file.Height, Source: t.file.Source}
		for _, p := range t.file.Before {
			for _, poly := range p.Polygons {
				for _, ring := range poly {
					for _, i := range ring {
						if j := arcIndex(i); j >= len(t.arcs) {
							loadErr = fmt.Errorf("geo: the embedded map: %s names arc %d of %d", p.Code, i, len(t.arcs))
							return
						}
					}
					t.rings[p.Code] = append(t.rings[p.Code], ring)
				}
			}
			for k := 0; k+1 < len(p.Dots); k += 2 {
				t.dots[p.Code] = append(t.dots[p.Code], point{p.Dots[k], p.Dots[k+1]})
			}
			path, box := t.path(t.rings[p.Code])
			before.Provinces = append(before.Provinces, Province{
				Code: p.Code, NameVI: p.NameVI, NameEN: p.NameEN,
				Path: path, Box: box, Dots: dotPath(t.dots[p.Code]), Members: []string{p.Code},
			})
		}
		for _, a := range t.file.Archipelagos {
			before.Archipelagos = append(before.Archipelagos, Archipelago{NameVI: a.NameVI, NameEN: a.NameEN, Province: a.Province, Box: a.Box})
		}
		theTopo = t
		maps[Before] = before
		var groups []Group
		for _, p := range t.file.After {
			groups = append(groups, Group{Code: p.Code, NameVI: p.NameVI, NameEN: p.NameEN, Members: p.Members})
		}
		after, err := t.union(groups)
		if err != nil {
			mergeErr = err
			return
		}
		after.Era = After
		maps[After] = after
	})
}

// Of gives the map of an era. It panics only if the embedded map is
// broken, which the package's tests rule out.
func Of(era Era) *Map {
	load()
	if loadErr != nil {
		panic(loadErr)
	}
	if mergeErr != nil {
		panic(mergeErr)
	}
	return maps[era]
}

// On gives the map of the provinces valid on a day (YYYY-MM-DD).
func On(day string) *Map { return Of(EraOn(day)) }

// Group is a union of provinces before the merger, drawn as one shape: a
// province after the merger, or a region.
type Group struct {
	Code           string
	NameVI, NameEN string
	Members        []string // codes of provinces before 2025-07-01
}

// Union draws groups of the 63 provinces as one shape each, without the
// borders between their members: a province after 2025-07-01 from its
// predecessors (as Of(After) does with the lineage the map was made with),
// or a region from its provinces. A member that is not one of the 63 is an
// error.
func Union(groups []Group) (*Map, error) {
	load()
	if loadErr != nil {
		return nil, loadErr
	}
	return theTopo.union(groups)
}

func (t *topology) union(groups []Group) (*Map, error) {
	m := &Map{Era: Before, Width: t.file.Width, Height: t.file.Height, Source: t.file.Source}
	for _, g := range groups {
		var refs []int
		var dots []point
		for _, c := range g.Members {
			rings, ok := t.rings[c]
			if !ok {
				return nil, planwatch.Errorf(planwatch.EINVALID, "geo: %s (%s) names %q, which is not one of the 63 provinces", g.Code, g.NameVI, c)
			}
			for _, r := range rings {
				refs = append(refs, r...)
			}
			dots = append(dots, t.dots[c]...)
		}
		rings, err := t.outline(refs)
		if err != nil {
			return nil, fmt.Errorf("geo: %s: %w", g.Code, err)
		}
		path, box := t.path(rings)
		m.Provinces = append(m.Provinces, Province{
			Code: g.Code, NameVI: g.NameVI, NameEN: g.NameEN,
			Path: path, Box: box, Dots: dotPath(dots), Members: slices.Clone(g.Members),
		})
	}
	slices.SortFunc(m.Provinces, func(a, b Province) int { return strings.Compare(a.Code, b.Code) })
	for _, a := range t.file.Archipelagos {
		for _, p := range m.Provinces {
			if slices.Contains(p.Members, a.Province) {
				m.Archipelagos = append(m.Archipelagos, Archipelago{NameVI: a.NameVI, NameEN: a.NameEN, Province: p.Code, Box: a.Box})
			}
		}
	}
	return m, nil
}

func arcIndex(i int) int {
	if i < 0 {
		return ^i
	}
	return i
}

// arc gives arc i walked forwards, ^i backwards.
func (t *topology) arc(i int) []point {
	a := t.arcs[arcIndex(i)]
	if i >= 0 {
		return a
	}
	r := slices.Clone(a)
	slices.Reverse(r)
	return r
}

// outline keeps the arcs of a group's rings that only one ring uses (the
// others are borders between members, walked once each way) and chains
// them into closed rings again.
func (t *topology) outline(refs []int) ([][]int, error) {
	uses := map[int]int{}
	for _, r := range refs {
		uses[arcIndex(r)]++
	}
	from := map[point][]int{} // start point -> outer arcs starting there
	var outer []int
	for _, r := range refs {
		if uses[arcIndex(r)] == 1 {
			outer = append(outer, r)
			a := t.arc(r)
			from[a[0]] = append(from[a[0]], r)
		}
	}
	used := map[int]bool{}
	var rings [][]int
	for _, r := range outer {
		if used[r] {
			continue
		}
		start := t.arc(r)[0]
		ring := []int{}
		for cur := r; ; {
			used[cur] = true
			ring = append(ring, cur)
			a := t.arc(cur)
			end := a[len(a)-1]
			if end == start {
				break
			}
			next, ok := 0, false
			for _, c := range from[end] {
				if !used[c] {
					next, ok = c, true
					break
				}
			}
			if !ok {
				return nil, fmt.Errorf("the outline breaks off at %v", end)
			}
			cur = next
		}
		rings = append(rings, ring)
	}
	return rings, nil
}

// path writes rings as SVG path data: an absolute start, then relative
// lines, each ring closed; and the rings' bounding box.
func (t *topology) path(rings [][]int) (string, Box) {
	var b strings.Builder
	var at point
	box := Box{math.MaxInt, math.MaxInt, math.MinInt, math.MinInt}
	for _, ring := range rings {
		var pts []point
		for k, i := range ring {
			a := t.arc(i)
			if k > 0 {
				a = a[1:]
			}
			pts = append(pts, a...)
		}
		if len(pts) > 1 && pts[len(pts)-1] == pts[0] {
			pts = pts[:len(pts)-1]
		}
		if len(pts) < 3 {
			continue
		}
		for _, p := range pts {
			box = Box{min(box[0], p[0]), min(box[1], p[1]), max(box[2], p[0]), max(box[3], p[1])}
		}
		b.WriteByte('m')
		writePair(&b, pts[0][0]-at[0], pts[0][1]-at[1])
		b.WriteByte('l')
		for k := 1; k < len(pts); k++ {
			if k > 1 && pts[k][0]-pts[k-1][0] >= 0 {
				b.WriteByte(' ')
			}
			writePair(&b, pts[k][0]-pts[k-1][0], pts[k][1]-pts[k-1][1])
		}
		b.WriteByte('z')
		at = pts[0] // after z the pen is back at the ring's start
	}
	s := b.String()
	if s == "" {
		return "", Box{}
	}
	return "M" + s[1:], box // the first move is from the origin: absolute
}

// writePair writes "x y", or "x-y": a minus sign separates numbers too.
func writePair(b *strings.Builder, x, y int) {
	b.WriteString(strconv.Itoa(x))
	if y >= 0 {
		b.WriteByte(' ')
	}
	b.WriteString(strconv.Itoa(y))
}

func dotPath(dots []point) string {
	var b strings.Builder
	for _, d := range dots {
		b.WriteByte('M')
		writePair(&b, d[0], d[1])
		b.WriteString("h0")
	}
	return b.String()
}
