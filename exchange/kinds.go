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
// writes them, and those an import cannot do without.
type Layout struct {
	Kind     string
	Columns  []string
	Required []string
}

// Layouts of the canonical files.
var Layouts = []Layout{
	{"units", []string{"code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to"}, []string{"code", "name_vi", "level"}},
	{"lineage", []string{"date", "event", "from", "to", "share"}, []string{"date", "event", "from", "to"}},
	{"groups", []string{"group", "name_vi", "name_en", "unit", "valid_from", "valid_to"}, []string{"group", "unit"}},
	{"indicators", []string{"code", "name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}, []string{"code", "measure_unit", "type"}},
	{"plans", []string{"plan", "kind", "title_vi", "title_en", "issuer", "issued", "unit", "horizon", "parent", "vision", "assessment"}, []string{"plan", "kind", "unit", "horizon"}},
	{"targets", []string{"plan", "unit", "indicator", "dims", "period", "kind", "value", "low", "high", "baseline_period", "baseline_value", "wording", "milestones"}, []string{"plan", "unit", "indicator", "period", "kind"}},
	{"observations", []string{"unit", "indicator", "period", "value", "dims", "status", "source", "note"}, []string{"unit", "indicator", "period", "value"}},
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
	seen := map[string]bool{}
	for _, c := range header {
		if seen[c] {
			return Layout{}, fmt.Errorf("column %s appears twice in the header", excerpt.Quote(c))
		}
		seen[c] = true
		if !slices.Contains(best.Columns, c) {
			return Layout{}, fmt.Errorf("column %s is not a column of %s files (%s)", excerpt.Quote(c), best.Kind, strings.Join(best.Columns, ","))
		}
	}
	return *best, nil
}
