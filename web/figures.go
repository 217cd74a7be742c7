package web

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/lineage"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// column is how a table shows one indicator's figures: in one measure
// unit (large VND amounts in nghìn tỷ đồng / VND trillion) and with one
// number of decimals, so that the figures line up and compare.
type column struct {
	mu    string  // the unit shown
	scale float64 // what a stored figure is divided by to be shown
	dec   int
}

// crossColumn is the column of a comparison across units: amounts of VND
// bn scaled when the largest is a thousand or more, and as many decimals
// as the figures have, but no more than give the smallest three
// significant digits (at least one): 1,338.3 and 13.7 VND trillion, 10.27
// and 5.84 %.
func crossColumn(vals []float64, mu string) column {
	c := scaledColumn(vals, mu)
	minAbs := math.Inf(1)
	for _, v := range vals {
		if v != 0 {
			minAbs = math.Min(minAbs, math.Abs(v/c.scale))
		}
	}
	if !math.IsInf(minAbs, 0) {
		c.dec = min(c.dec, max(1, 2-int(math.Floor(math.Log10(minAbs)))))
	}
	return c
}

// seriesColumn is the column of one unit's figures, each as recorded:
// scaled only when no digit is lost by it (133,600 is 133.6 VND trillion;
// 230,634.1 stays 230,634.1 VND bn), with as many decimals as the most
// precise figure has.
func seriesColumn(vals []float64, mu string) column {
	c := scaledColumn(vals, mu)
	if c.scale != 1 && c.dec > 3 {
		c = column{mu: mu, scale: 1, dec: decimalsOf(vals, 1)}
	}
	return c
}

func scaledColumn(vals []float64, mu string) column {
	big := 0.0
	for _, v := range vals {
		big = math.Max(big, math.Abs(v))
	}
	c := column{mu: mu, scale: 1}
	if _, smu := locale.Scaled(big, mu); smu != mu {
		c.mu, c.scale = smu, 1000
	}
	c.dec = decimalsOf(vals, c.scale)
	return c
}

// decimalsOf is the most decimals any of the figures has once divided by
// scale, up to 4.
func decimalsOf(vals []float64, scale float64) int {
	d := 0
	for _, v := range vals {
		s := strconv.FormatFloat(round(v/scale, 6), 'f', -1, 64)
		if i := strings.IndexByte(s, '.'); i >= 0 {
			d = max(d, len(s)-i-1)
		}
	}
	return min(d, 4)
}

func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// value is a figure as the column shows it, scaled and rounded.
func (c column) value(v float64) float64 { return round(v/c.scale, c.dec) }

// text writes a figure as the column shows it, in the language.
func (c column) text(v float64, l locale.Lang) string { return locale.Fixed(c.value(v), c.dec, l) }

// csv writes a figure as the column shows it, for a download: a point
// for the decimals and no grouping, as programs read numbers.
func (c column) csv(v float64) string { return strconv.FormatFloat(c.value(v), 'f', c.dec, 64) }

// unit names the column's measure unit in the language ("" for a count).
func (c column) unit(l locale.Lang) string {
	if c.mu == "count" {
		return ""
	}
	return locale.Unit(c.mu, l)
}

// selection is the unit a page is about, as it stands at a period: the
// unit itself when it existed then; for a period before it was formed,
// the units it was formed from (the new Bắc Ninh, 24 from 2025-07-01, was
// the old Bắc Ninh, 27, and Bắc Giang, then coded 24); for a period after
// it ended, the units it went into. A unit is an identity, not a code.
type selection struct {
	Unit planwatch.Unit
	At   []planwatch.Unit
	// Note says, when At is not the unit itself, why.
	Note string
}

// selectAt finds what stands for a unit at a period.
func selectAt(rv *review.Review, u planwatch.Unit, per period.Period, l locale.Lang) selection {
	s := selection{Unit: u}
	day := planwatch.PeriodSpan(per).LastDay()
	if u.Validity().Contains(day) {
		s.At = []planwatch.Unit{u}
		return s
	}
	g := rv.Lineage()
	before := u.ValidFrom != "" && day < u.ValidFrom
	seen := map[int64]bool{u.ID: true}
	var walk func(id int64)
	walk = func(id int64) {
		var parts []lineage.Part
		if before {
			parts = g.Predecessors(id)
		} else {
			parts = g.Successors(id)
		}
		for _, pt := range parts {
			if seen[pt.Unit.ID] {
				continue
			}
			seen[pt.Unit.ID] = true
			if pt.Unit.Validity().Contains(day) {
				s.At = append(s.At, pt.Unit)
			} else {
				walk(pt.Unit.ID)
			}
		}
	}
	walk(u.ID)
	// The one whose name the unit keeps first, then by code.
	slices.SortFunc(s.At, func(a, b planwatch.Unit) int {
		if ka, kb := a.NameVI == u.NameVI, b.NameVI == u.NameVI; ka != kb {
			if ka {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Code, b.Code)
	})
	var names []string
	for _, x := range s.At {
		names = append(names, x.Name(string(l))+" ("+x.Code+")")
	}
	history := strings.Join(review.History(g, u, l), "; ")
	switch {
	case len(s.At) == 0 && l == locale.VI:
		s.Note = history + ". Vào kỳ " + per.String() + " chưa có đơn vị này, cũng không có đơn vị nào thay cho nó."
	case len(s.At) == 0:
		s.Note = history + ". In " + per.String() + " neither it nor any unit it was formed from or went into existed."
	case before && l == locale.VI:
		s.Note = history + ". Kỳ " + per.String() + " là trước khi đơn vị này hình thành: đánh dấu " + join(names, "và") + "."
	case before:
		s.Note = history + ". " + per.String() + " is before it was formed: " + join(names, "and") + " are marked."
	case l == locale.VI:
		s.Note = history + ". Kỳ " + per.String() + " là sau khi đơn vị này kết thúc: đánh dấu " + join(names, "và") + "."
	default:
		s.Note = history + ". " + per.String() + " is after it ended: " + join(names, "and") + " are marked."
	}
	if len(s.At) == 1 && l == locale.EN {
		s.Note = strings.Replace(s.Note, " are marked.", " is marked.", 1)
	}
	return s
}

// Has says whether a unit stands for the selection at the period.
func (s selection) Has(u planwatch.Unit) bool {
	return slices.ContainsFunc(s.At, func(x planwatch.Unit) bool { return x.ID == u.ID })
}

// join lists names with commas and a last "và" or "and".
func join(names []string, and string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}

// say picks the Vietnamese or the English of a text made on the page.
func say(l locale.Lang, vi, en string) string {
	if l == locale.EN {
		return en
	}
	return vi
}

// with sets pairs in a list of pairs, adding those it lacks.
func with(pairs []string, kv ...string) []string {
	out := slices.Clone(pairs)
	for i := 0; i+1 < len(kv); i += 2 {
		j := 0
		for ; j+1 < len(out); j += 2 {
			if out[j] == kv[i] {
				out[j+1] = kv[i+1]
				break
			}
		}
		if j+1 >= len(out) {
			out = append(out, kv[i], kv[i+1])
		}
	}
	return out
}

// queryOf is a query string of the pairs given, without the empty ones.
func queryOf(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v.Encode()
}
