package main

import (
	"container/heap"
	"math"
)

// mercator projects longitude and latitude (degrees) to the plane, in
// degrees of longitude, with y growing north. Over Viet Nam (8-23 °N) it
// stretches the north by a few per cent against the south, and keeps
// each province's shape as a map reader knows it.
func mercator(p [2]float64) [2]float64 {
	phi := p[1] * math.Pi / 180
	return [2]float64{p[0], math.Log(math.Tan(math.Pi/4+phi/2)) * 180 / math.Pi}
}

// weights gives each point of a line the area of the triangle it makes
// with its neighbours at the moment Visvalingam and Whyatt's algorithm
// (1993) would remove it; the two ends are never removed (+Inf). Keeping
// the points whose weight passes a threshold simplifies the line; doing it
// arc by arc keeps the borders that two provinces share identical.
func weights(pts [][2]float64) []float64 {
	n := len(pts)
	w := make([]float64, n)
	if n == 0 {
		return w
	}
	w[0], w[n-1] = math.Inf(1), math.Inf(1)
	if n < 3 {
		return w
	}
	prev, next := make([]int, n), make([]int, n)
	for i := range pts {
		prev[i], next[i] = i-1, i+1
	}
	area := func(i int) float64 {
		a, b, c := pts[prev[i]], pts[i], pts[next[i]]
		return math.Abs((b[0]-a[0])*(c[1]-a[1])-(c[0]-a[0])*(b[1]-a[1])) / 2
	}
	h := &pointHeap{pos: make([]int, n)}
	for i := 1; i < n-1; i++ {
		heap.Push(h, &vertex{i: i, area: area(i)})
	}
	maxArea := 0.0
	for h.Len() > 0 {
		v := heap.Pop(h).(*vertex)
		// A point's weight is never below that of one removed before it:
		// removing a neighbour can only have made its triangle smaller.
		maxArea = math.Max(maxArea, v.area)
		w[v.i] = maxArea
		p, q := prev[v.i], next[v.i]
		next[p], prev[q] = q, p
		for _, j := range []int{p, q} {
			if j > 0 && j < n-1 {
				h.update(j, area(j))
			}
		}
	}
	return w
}

type vertex struct {
	i    int
	area float64
}

// pointHeap is a min-heap of vertices by area, with each vertex's place
// so that a neighbour's area can change.
type pointHeap struct {
	items []*vertex
	pos   []int // by vertex index: place in items
}

func (h *pointHeap) Len() int           { return len(h.items) }
func (h *pointHeap) Less(a, b int) bool { return h.items[a].area < h.items[b].area }
func (h *pointHeap) Swap(a, b int) {
	h.items[a], h.items[b] = h.items[b], h.items[a]
	h.pos[h.items[a].i], h.pos[h.items[b].i] = a, b
}
func (h *pointHeap) Push(x any) {
	v := x.(*vertex)
	h.pos[v.i] = len(h.items)
	h.items = append(h.items, v)
}
func (h *pointHeap) Pop() any {
	v := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return v
}
func (h *pointHeap) update(i int, area float64) {
	k := h.pos[i]
	h.items[k].area = area
	heap.Fix(h, k)
}

// simplify keeps the points of a line whose weight reaches min; a closed
// line (an island, a ring of one arc) keeps at least the two inner points
// of most weight, so that it stays a triangle.
func simplify(pts [][2]float64, min float64) [][2]float64 {
	w := weights(pts)
	closed := len(pts) > 3 && pts[0] == pts[len(pts)-1]
	if closed {
		a, b := 1, 2
		if w[b] > w[a] {
			a, b = b, a
		}
		for i := 3; i < len(pts)-1; i++ {
			switch {
			case w[i] > w[a]:
				a, b = i, a
			case w[i] > w[b]:
				b = i
			}
		}
		w[a], w[b] = math.Inf(1), math.Inf(1)
	}
	var out [][2]float64
	for i, p := range pts {
		if w[i] >= min {
			out = append(out, p)
		}
	}
	return out
}
