package review

import (
	"fmt"
	"slices"
	"strings"

	"planwatch"
	"planwatch/lineage"
	"planwatch/locale"
)

// History says, in the language, how a unit was formed and what became of
// it: "Bắc Ninh (24) hình thành ngày 2025-07-01 từ Bắc Ninh (27) và Bắc
// Giang (24)", "Bac Giang (24) went into Bac Ninh (24) on 2025-07-01". A
// unit that merged with others into a new unit of its own name and code
// says so, rather than that it went into itself: "Tuyen Quang (08) merged
// with Ha Giang (02) into the new Tuyen Quang (08) on 2025-07-01".
func History(g *lineage.Graph, u planwatch.Unit, l locale.Lang) []string {
	vi := l == locale.VI
	var out []string
	preds := g.Predecessors(u.ID)
	if len(preds) > 0 {
		byDate := map[planwatch.Date][]string{}
		var dates []planwatch.Date
		for _, p := range preds {
			if byDate[p.Date] == nil {
				dates = append(dates, p.Date)
			}
			name := partName(p, l)
			if sameUnit(p.Unit, u) {
				name = old(p, l)
			}
			byDate[p.Date] = append(byDate[p.Date], name)
		}
		slices.Sort(dates)
		for _, d := range dates {
			names := byDate[d]
			// The predecessor whose name the unit keeps comes first.
			own := u.Name(string(l))
			slices.SortStableFunc(names, func(a, b string) int {
				ka, kb := !keeps(a, own), !keeps(b, own)
				switch {
				case ka == kb:
					return strings.Compare(a, b)
				case !ka:
					return -1
				}
				return 1
			})
			if vi {
				out = append(out, fmt.Sprintf("%s hình thành ngày %s từ %s", label(u, l), locale.Day(string(d), l), join(names, "và")))
			} else {
				out = append(out, fmt.Sprintf("%s formed on %s from %s", label(u, l), d, join(names, "and")))
			}
		}
	}
	succ := g.Successors(u.ID)
	for i := 0; i < len(succ); {
		d := succ[i].Date
		var names []string
		var into *lineage.Part
		for ; i < len(succ) && succ[i].Date == d; i++ {
			if sameUnit(succ[i].Unit, u) {
				p := succ[i]
				into = &p
				names = append(names, newer(p, l))
				continue
			}
			names = append(names, partName(succ[i], l))
		}
		if into != nil && len(names) == 1 && !into.Partial() {
			// Merged with others into a new unit of the same name and code.
			var with []string
			for _, p := range g.Predecessors(into.Unit.ID) {
				if p.Unit.ID != u.ID && p.Date == d {
					with = append(with, partName(p, l))
				}
			}
			slices.Sort(with)
			switch {
			case vi && len(with) > 0:
				out = append(out, fmt.Sprintf("%s hợp nhất với %s thành %s ngày %s", label(u, l), join(with, "và"), names[0], locale.Day(string(d), l)))
			case vi:
				out = append(out, fmt.Sprintf("%s được thay bằng %s ngày %s", label(u, l), names[0], locale.Day(string(d), l)))
			case len(with) > 0:
				out = append(out, fmt.Sprintf("%s merged with %s into %s on %s", label(u, l), join(with, "and"), names[0], d))
			default:
				out = append(out, fmt.Sprintf("%s was replaced by %s on %s", label(u, l), names[0], d))
			}
			continue
		}
		if vi {
			out = append(out, fmt.Sprintf("%s nhập vào %s ngày %s", label(u, l), join(names, "và"), locale.Day(string(d), l)))
		} else {
			out = append(out, fmt.Sprintf("%s went into %s on %s", label(u, l), join(names, "and"), d))
		}
	}
	return out
}

// sameUnit says whether two units carry the same code and name: the old
// and the new Tuyên Quang (08).
func sameUnit(a, b planwatch.Unit) bool {
	return a.Code == b.Code && a.NameVI == b.NameVI
}

func keeps(name, own string) bool {
	return strings.HasPrefix(name, own+" (") || strings.HasPrefix(name, "the old "+own+" (")
}

// old names the earlier of two units of the same name and code: "the old
// Tuyen Quang (08)", "Tuyên Quang (08) cũ".
func old(p lineage.Part, l locale.Lang) string { return called(p, l, "the old", "cũ") }

// newer names the later of the two: "the new Tuyen Quang (08)", "Tuyên
// Quang (08) mới".
func newer(p lineage.Part, l locale.Lang) string { return called(p, l, "the new", "mới") }

func called(p lineage.Part, l locale.Lang, en, vi string) string {
	name := label(p.Unit, l) + " " + vi
	if l != locale.VI {
		name = en + " " + label(p.Unit, l)
	}
	if e := p.Extent(l); e != "" {
		name += " (" + e + ")"
	}
	return name
}

// partName names the unit of a lineage part, saying when only part of it
// moved: "Bắc Giang (24) (một phần, chưa rõ tỷ lệ)".
func partName(p lineage.Part, l locale.Lang) string {
	if e := p.Extent(l); e != "" {
		return label(p.Unit, l) + " (" + e + ")"
	}
	return label(p.Unit, l)
}

// join lists names as a sentence does: "A, B and C".
func join(names []string, and string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
