// Package exchange reads and writes planwatch's files. The canonical format
// is CSV: UTF-8 (a byte-order mark is allowed), comma separated, one file
// per kind of record, the kind recognised from the header row.
package exchange

import (
	"fmt"
	"slices"
	"strings"

	"planwatch/excerpt"
)

// Layout is the columns of one kind of canonical file, in the order export
// writes them, and those an import cannot do without. Aliases are the
// names older files give columns, read as the column they map to.
type Layout struct {
	Kind     string
	Columns  []string
	Required []string
	Aliases  map[string]string
}

// Layouts of the canonical files.
var Layouts = []Layout{
	{"units", []string{"code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to"}, []string{"code", "name_vi", "level"}, nil},
	{"lineage", []string{"date", "event", "from", "to", "share"}, []string{"date", "event", "from", "to"}, nil},
	{"groups", []string{"group", "name_vi", "name_en", "unit", "valid_from", "valid_to"}, []string{"group", "unit"}, nil},
	{"indicators", []string{"code", "name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}, []string{"code", "measure_unit", "type"}, nil},
	{"codes", []string{"dimension", "value", "name_vi", "name_en"}, []string{"dimension", "value", "name_vi"}, nil},
	{"sources", []string{"code", "title_vi", "title_en", "publisher_vi", "publisher_en", "issued", "url"}, []string{"code", "title_vi"}, nil},
	// Plans had one issuer and one vision, in Vietnamese.
	{"plans", []string{"plan", "kind", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "unit", "horizon", "parent", "vision_vi", "vision_en", "assessment"},
		[]string{"plan", "kind", "unit", "horizon"}, map[string]string{"issuer": "issuer_vi", "vision": "vision_vi"}},
	{"targets", []string{"plan", "unit", "indicator", "dims", "period", "kind", "value", "low", "high", "baseline_period", "baseline_value", "wording", "wording_lang", "wording_translation", "milestones"},
		[]string{"plan", "unit", "indicator", "period", "kind"}, nil},
	{"observations", []string{"unit", "indicator", "period", "value", "dims", "status", "source", "note"}, []string{"unit", "indicator", "period", "value"}, nil},
}

// LayoutOf returns the layout of a kind.
func LayoutOf(kind string) (Layout, bool) {
	for _, l := range Layouts {
		if l.Kind == kind {
			return l, true
		}
	}
	return Layout{}, false
}

// KindNames lists the kinds, for messages.
func KindNames() string {
	var names []string
	for _, l := range Layouts {
		names = append(names, l.Kind)
	}
	return strings.Join(names, ", ")
}

// Detect recognises the kind of a file from its header: the kind whose
// required columns are all present, the most specific one when several are.
// Every column must belong to that kind.
func Detect(header []string) (Layout, error) {
	var best *Layout
	tie := false
	for i := range Layouts {
		l := &Layouts[i]
		ok := true
		for _, c := range l.Required {
			if !slices.Contains(header, c) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		switch {
		case best == nil || len(l.Required) > len(best.Required):
			best, tie = l, false
		case len(l.Required) == len(best.Required):
			tie = true
		}
	}
	if best == nil || tie {
		var b strings.Builder
		joined := strings.Join(header, ",")
		if len(joined) > excerpt.Max {
			joined = excerpt.Quote(joined)
		}
		fmt.Fprintf(&b, "the header (%s) is of no known kind; the kinds and their columns (* required) are:", joined)
		for _, l := range Layouts {
			cols := make([]string, len(l.Columns))
			for i, c := range l.Columns {
				cols[i] = c
				if slices.Contains(l.Required, c) {
					cols[i] += "*"
				}
			}
			fmt.Fprintf(&b, "\n  %-12s %s", l.Kind, strings.Join(cols, ","))
		}
		return Layout{}, fmt.Errorf("%s", b.String())
	}
	seen := map[string]string{}
	for _, c := range header {
		name := best.Column(c)
		if first, dup := seen[name]; dup {
			if first == c {
				return Layout{}, fmt.Errorf("column %s appears twice in the header", excerpt.Quote(c))
			}
			old := first
			if _, ok := best.Aliases[c]; ok {
				old = c
			}
			return Layout{}, fmt.Errorf("columns %s and %s are the same column (%s is the older name of %s): keep one", first, c, old, name)
		}
		seen[name] = c
		if !slices.Contains(best.Columns, name) {
			return Layout{}, fmt.Errorf("column %s is not a column of %s files (%s)", excerpt.Quote(c), best.Kind, strings.Join(best.Columns, ","))
		}
	}
	return *best, nil
}

// Column is the column a header names: itself, or the column an older
// name stands for.
func (l Layout) Column(header string) string {
	if c, ok := l.Aliases[header]; ok {
		return c
	}
	return header
}
