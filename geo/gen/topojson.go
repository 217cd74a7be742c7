package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// A TopoJSON topology (https://github.com/topojson/topojson-specification),
// as much of it as a map of polygons needs. No Go library for TopoJSON is
// served by the module proxy that this project can rely on, and the
// format is small: shared arcs, delta-encoded when quantized, and
// geometries that list arcs by index (^i for arc i reversed).
type topology struct {
	Arcs    [][][2]float64 // absolute positions, transform applied
	Objects map[string][]geometry
}

// geometry is a polygon or multipolygon: polygons of rings of arc
// indexes.
type geometry struct {
	Polygons   [][][]int
	Properties map[string]any
}

type rawTopology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][]float64          `json:"arcs"`
	Objects map[string]rawGeometry `json:"objects"`
}

type rawGeometry struct {
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	Geometries []rawGeometry   `json:"geometries"`
	Properties map[string]any  `json:"properties"`
}

// decodeTopology reads a TopoJSON topology and checks that every ring it
// describes is a closed chain of existing arcs.
func decodeTopology(r io.Reader) (*topology, error) {
	var raw rawTopology
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, fmt.Errorf("not TopoJSON: %w", err)
	}
	if raw.Type != "Topology" {
		return nil, fmt.Errorf("type is %q, not \"Topology\"", raw.Type)
	}
	t := &topology{Objects: map[string][]geometry{}}
	for i, arc := range raw.Arcs {
		if len(arc) < 2 {
			return nil, fmt.Errorf("arc %d has %d positions; an arc needs two", i, len(arc))
		}
		pts := make([][2]float64, len(arc))
		var x, y float64
		for j, p := range arc {
			if len(p) < 2 {
				return nil, fmt.Errorf("arc %d, position %d: %d coordinates", i, j, len(p))
			}
			if raw.Transform != nil {
				// Quantized: integers, each the change from the last.
				x, y = x+p[0], y+p[1]
				s, tr := raw.Transform.Scale, raw.Transform.Translate
				pts[j] = [2]float64{x*s[0] + tr[0], y*s[1] + tr[1]}
			} else {
				pts[j] = [2]float64{p[0], p[1]}
			}
			if math.IsNaN(pts[j][0]) || math.IsInf(pts[j][0], 0) || math.IsNaN(pts[j][1]) || math.IsInf(pts[j][1], 0) {
				return nil, fmt.Errorf("arc %d, position %d is not a finite number", i, j)
			}
		}
		t.Arcs = append(t.Arcs, pts)
	}
	for name, obj := range raw.Objects {
		geoms, err := t.flatten(obj, 0)
		if err != nil {
			return nil, fmt.Errorf("object %s: %w", name, err)
		}
		t.Objects[name] = geoms
	}
	return t, nil
}

// flatten turns a geometry (or a collection of them) into polygons.
func (t *topology) flatten(g rawGeometry, depth int) ([]geometry, error) {
	if depth > 16 {
		return nil, fmt.Errorf("geometry collections nested too deep")
	}
	switch g.Type {
	case "GeometryCollection":
		var out []geometry
		for i, sub := range g.Geometries {
			gs, err := t.flatten(sub, depth+1)
			if err != nil {
				return nil, fmt.Errorf("geometry %d: %w", i, err)
			}
			out = append(out, gs...)
		}
		return out, nil
	case "Polygon", "MultiPolygon":
		var polys [][][]int
		if g.Type == "Polygon" {
			var rings [][]int
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("polygon arcs: %w", err)
			}
			polys = [][][]int{rings}
		} else if err := json.Unmarshal(g.Arcs, &polys); err != nil {
			return nil, fmt.Errorf("multipolygon arcs: %w", err)
		}
		for _, rings := range polys {
			if len(rings) == 0 {
				return nil, fmt.Errorf("a polygon without rings")
			}
			for _, ring := range rings {
				if err := t.checkRing(ring); err != nil {
					return nil, err
				}
			}
		}
		return []geometry{{Polygons: polys, Properties: g.Properties}}, nil
	case "":
		return nil, fmt.Errorf("a geometry without type")
	default:
		return nil, fmt.Errorf("%s geometries are not polygons", g.Type)
	}
}

// arc returns arc i walked forwards, or ^i backwards.
func (t *topology) arc(i int) ([][2]float64, bool) {
	rev := i < 0
	if rev {
		i = ^i
	}
	if i >= len(t.Arcs) {
		return nil, false
	}
	a := t.Arcs[i]
	if !rev {
		return a, true
	}
	r := make([][2]float64, len(a))
	for j := range a {
		r[j] = a[len(a)-1-j]
	}
	return r, true
}

// ring gives the positions of a ring, each junction once.
func (t *topology) ring(ring []int) [][2]float64 {
	var out [][2]float64
	for k, i := range ring {
		a, _ := t.arc(i)
		if k > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}

func (t *topology) checkRing(ring []int) error {
	if len(ring) == 0 {
		return fmt.Errorf("an empty ring")
	}
	var first, last [2]float64
	for k, i := range ring {
		a, ok := t.arc(i)
		if !ok {
			return fmt.Errorf("ring names arc %d of %d", i, len(t.Arcs))
		}
		if k == 0 {
			first = a[0]
		} else if a[0] != last {
			return fmt.Errorf("ring %v: arc %d does not start where arc %d ends", ring, i, ring[k-1])
		}
		last = a[len(a)-1]
	}
	if first != last {
		return fmt.Errorf("ring %v is not closed", ring)
	}
	return nil
}
