package geo

import (
	"math"
	"slices"
)

// Method is how values are cut into colour classes.
type Method int

const (
	// Quantiles puts about as many provinces in each class: a map that
	// reads as a ranking, unmoved by one very large value (Hà Nội's and
	// Hồ Chí Minh City's GRDP).
	Quantiles Method = iota
	// Jenks is Fisher's exact natural breaks: classes whose values are as
	// close to their class mean as can be, so that a gap in the values is
	// a border between classes.
	Jenks
)

// Class is one colour class: the lowest and highest value in it, how many
// provinces have a value in it, and its colour.
type Class struct {
	Low, High float64
	Count     int
	Colour    string
}

// palettes are ColorBrewer's YlGnBu (Cynthia Brewer, Penn State): a
// sequential palette from light yellow to dark blue that reads in
// print, in grey and for colour-blind readers, and does not say good or
// bad the way red and green would; by number of classes.
var palettes = map[int][]string{
	1: {"#41b6c4"},
	2: {"#a1dab4", "#2c7fb8"},
	3: {"#edf8b1", "#7fcdbb", "#2c7fb8"},
	4: {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
	5: {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
	6: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
	7: {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
}

// MaxClasses is the most classes a map has.
const MaxClasses = 7

// Classify cuts values into k classes (at most MaxClasses, and no more
// than there are different values), lowest first. Values that are equal
// are always in the same class. NaN and infinite values are left out.
func Classify(values []float64, k int, m Method) []Class {
	var vs []float64
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	distinct := slices.Compact(slices.Clone(vs))
	k = min(max(k, 1), MaxClasses, len(distinct))
	if k == 0 {
		return nil
	}
	// uppers are the highest value of each class but the last.
	var uppers []float64
	switch m {
	case Jenks:
		uppers = jenks(vs, k)
	default:
		n := len(vs)
		for i := 1; i < k; i++ {
			uppers = append(uppers, vs[(i*n+k-1)/k-1])
		}
	}
	// Equal values of a quantile fall into one class: drop the repeated
	// bounds, and a bound at the top.
	uppers = slices.Compact(uppers)
	if len(uppers) > 0 && uppers[len(uppers)-1] >= vs[len(vs)-1] {
		uppers = uppers[:len(uppers)-1]
	}
	classes := make([]Class, len(uppers)+1)
	colours := palettes[len(classes)]
	for i := range classes {
		classes[i] = Class{Low: math.Inf(1), High: math.Inf(-1), Colour: colours[i]}
	}
	for _, v := range vs {
		c := &classes[classOf(uppers, v)]
		c.Low, c.High = math.Min(c.Low, v), math.Max(c.High, v)
		c.Count++
	}
	return classes
}

func classOf(uppers []float64, v float64) int {
	for i, u := range uppers {
		if v <= u {
			return i
		}
	}
	return len(uppers)
}

// ClassOf gives the index of the class that holds v, or -1 for none.
func ClassOf(classes []Class, v float64) int {
	if math.IsNaN(v) || len(classes) == 0 || v < classes[0].Low || v > classes[len(classes)-1].High {
		return -1
	}
	for i, c := range classes {
		if v <= c.High {
			return i
		}
		if i+1 < len(classes) && v < classes[i+1].Low {
			return -1 // between two classes: not one of the values classified
		}
	}
	return -1
}

// jenks gives the upper bounds of the first k-1 classes of sorted values
// that make the sum of squared deviations from the class means least
// (Fisher 1958; Jenks 1977), by dynamic programming over the split
// points.
func jenks(vs []float64, k int) []float64 {
	n := len(vs)
	// prefix sums for the cost of a class vs[i:j]
	s, s2 := make([]float64, n+1), make([]float64, n+1)
	for i, v := range vs {
		s[i+1], s2[i+1] = s[i]+v, s2[i]+v*v
	}
	cost := func(i, j int) float64 {
		sum, cnt := s[j]-s[i], float64(j-i)
		return s2[j] - s2[i] - sum*sum/cnt
	}
	// best[c][j]: least cost of the first j values in c+1 classes;
	// cut[c][j]: where the last of those classes starts.
	best := make([][]float64, k)
	cut := make([][]int, k)
	for c := range k {
		best[c] = make([]float64, n+1)
		cut[c] = make([]int, n+1)
		for j := range best[c] {
			best[c][j] = math.Inf(1)
		}
	}
	for j := 1; j <= n; j++ {
		best[0][j] = cost(0, j)
	}
	for c := 1; c < k; c++ {
		for j := c + 1; j <= n; j++ {
			for i := c; i < j; i++ {
				// Equal values stay together: a class may not start
				// between two of them.
				if vs[i] == vs[i-1] {
					continue
				}
				if v := best[c-1][i] + cost(i, j); v < best[c][j] {
					best[c][j], cut[c][j] = v, i
				}
			}
		}
	}
	// A split may be impossible when many values are equal: use fewer classes.
	for k > 1 && math.IsInf(best[k-1][n], 1) {
		k--
	}
	uppers := make([]float64, k-1)
	j := n
	for c := k - 1; c > 0; c-- {
		i := cut[c][j]
		uppers[c-1] = vs[i-1]
		j = i
	}
	return uppers
}
