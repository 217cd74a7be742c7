// Package topo is the form in which the generator (geo/gen) writes the
// province boundaries and package geo reads them: a topology of shared
// arcs in the map's own integer coordinates, so that a border two
// provinces share is stored once and a union of provinces can drop it.
package topo

// File is the embedded map.
type File struct {
	Source string `json:"source"` // where the boundaries come from
	Width  int    `json:"width"`  // the map's extent; x grows east, y south
	Height int    `json:"height"`
	// Arcs are lines between junctions: the first point absolute, then
	// the change from each point to the next, flattened (x0, y0, dx1,
	// dy1, ...).
	Arcs [][]int `json:"arcs"`
	// Before are the 63 provinces before 2025-07-01.
	Before []Province `json:"before"`
	// After are the 34 provinces from 2025-07-01, each the union of the
	// Members of Before that its lineage names.
	After []Province `json:"after"`
	// Archipelagos are the island groups far out at sea, to be named on
	// the map: their extent, and the province they belong to.
	Archipelagos []Archipelago `json:"archipelagos"`
}

// Archipelago is a named group of islands.
type Archipelago struct {
	NameVI   string `json:"name_vi"`
	NameEN   string `json:"name_en"`
	Province string `json:"province"`
	Box      [4]int `json:"box"` // x0, y0, x1, y1
}

// Province is one province: its official code, names and shape.
type Province struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	// Polygons are lists of rings (the outer ring, then holes); a ring
	// lists arcs by index, ^i for arc i walked backwards, as TopoJSON
	// writes them. Empty for a province of After.
	Polygons [][][]int `json:"polygons,omitempty"`
	// Dots are islands too small to draw as shapes at the map's scale,
	// one point each (several close ones as one), flattened (x, y, ...).
	Dots    []int    `json:"dots,omitempty"`
	Members []string `json:"members,omitempty"`
}
