package exchange

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/record"
	"planwatch/period"
)

// A converter turns the points of one outside file into observation
// records: the mapping's rules first, then the file's own codes where they
// are planwatch's (always in a file planwatch wrote; where the store has
// them otherwise). Points it cannot place are collected as needs, for the
// error and the mapping template.
type converter struct {
	file       string
	opt        Options
	units      map[string]bool // unit codes of the store
	indicators map[string]bool
	errs       planwatch.ErrorList
	needs      []Need
	needIndex  map[[3]string]int
	// fields and values collect the dimension values of files that are
	// not planwatch's, for a template.
	fields []string
	values map[string][]record.Field
	seen   map[[2]string]bool
	// skipped counts points that carry nothing to write.
	missing, empty, skipped int
	// names matches place names to units, for tables that name them;
	// byName counts the names matched other than by their own spelling.
	names  *unitNames
	byName map[string]int
	nameEx map[string]string
	absent map[[2]string]bool // a name and a period said to have no unit
}

// Need is an outside code that no rule maps and that is not a planwatch
// code: the value of a field that should give a unit, an indicator or
// dimension values.
type Need struct {
	Field, Value, Label string
	// Role is what the code should give: unit, indicator, dims, or "" when
	// the file names no field for it (a rule for * or a dimension gives it).
	Role  string
	Line  int // the first line it is on
	Count int
}

// NeedMapping is the error of an import whose file has codes that no
// mapping rule covers. The command line writes a template from it.
type NeedMapping struct {
	File  string
	Needs []Need
	// Fields and Values are the file's dimensions and their values, in the
	// order the file gives them, for a template to list when no field of
	// the file says what a rule needs.
	Fields []string
	Values map[string][]record.Field
}

func (e *NeedMapping) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: codes that need mapping rules (import --map FILE):", e.File)
	for i, n := range e.Needs {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(e.Needs)-10)
			break
		}
		if n.Field == "*" {
			fmt.Fprintf(&b, "\n  no field of the file names the %s (line %d, %d point(s)): write a rule for field * (every point) or for one of the file's dimensions", n.Role, n.Line, n.Count)
			continue
		}
		what := n.Role
		if what == "" {
			what = "no rule"
		}
		fmt.Fprintf(&b, "\n  %s=%s (%s; line %d, %d point(s))", n.Field, excerpt.Quote(n.Value), what, n.Line, n.Count)
	}
	return b.String()
}

func newConverter(file string, opt Options) *converter {
	c := &converter{file: file, opt: opt, needIndex: map[[3]string]int{}, values: map[string][]record.Field{}, seen: map[[2]string]bool{},
		byName: map[string]int{}, nameEx: map[string]string{}, absent: map[[2]string]bool{}}
	if opt.Units != nil || opt.Indicators != nil {
		c.units, c.indicators = map[string]bool{}, map[string]bool{}
		for _, u := range opt.Units {
			c.units[u.Code] = true
		}
		for _, in := range opt.Indicators {
			c.indicators[in.Code] = true
		}
	}
	return c
}

func (c *converter) fail(p *record.Point, field, format string, args ...any) {
	if len(c.errs) < planwatch.MaxErrors {
		c.errs = append(c.errs, &planwatch.FieldError{Pos: pointPos(p), Column: field, Msg: fmt.Sprintf(format, args...)})
	}
}

// pointPos is where a point is, as errors and records name it: a
// workbook's cell (book.xlsx Sheet1!D7) or a file's line.
func pointPos(p *record.Point) planwatch.Pos {
	if p.Cell != "" {
		return planwatch.Pos{File: p.File + " " + p.Cell}
	}
	return planwatch.Pos{File: p.File, Line: p.Line}
}

// note passes a remark about the file on to the person importing it.
func (c *converter) note(s string) {
	if c.opt.Notes != nil {
		c.opt.Notes(c.file, s)
	}
}

func (c *converter) need(p *record.Point, field, value, label, role string) {
	k := [3]string{field, value}
	if field == "*" {
		k[2] = role
	}
	if i, ok := c.needIndex[k]; ok {
		c.needs[i].Count++
		return
	}
	c.needIndex[k] = len(c.needs)
	c.needs = append(c.needs, Need{Field: field, Value: value, Label: label, Role: role, Line: p.Line, Count: 1})
}

// known reports whether a code is planwatch's: the store has it, or the
// file is planwatch's own when there is no store to ask.
func known(set map[string]bool, code string, native bool) bool {
	if set == nil {
		return true
	}
	code, _, _ = strings.Cut(code, "@")
	return set[code] || native && len(set) == 0
}

func pointField(p *record.Point, name string) (record.Field, bool) {
	for _, f := range p.Dims {
		if f.Name == name {
			return f, true
		}
	}
	for _, f := range p.Attrs {
		if f.Name == name {
			return f, true
		}
	}
	return record.Field{}, false
}

// convert turns one point into an observation record. It reports false
// for a point that writes nothing (missing, or only attributes) and for
// one with a problem, which it records.
func (c *converter) convert(p *record.Point) (planwatch.ObservationRecord, bool) {
	var rec planwatch.ObservationRecord
	if p.Note != "" {
		c.note(p.Note)
		return rec, false
	}
	del := p.Action == record.Delete
	switch {
	case del:
	case p.Missing:
		c.missing++
		return rec, false
	case p.Value == "":
		c.empty++
		return rec, false
	}
	roles := p.Roles
	if roles == nil {
		roles = &record.Roles{}
	}
	if !roles.Native {
		c.collect(p)
	}
	if del {
		for _, f := range p.Dims {
			if f.Value == "" && !slices.Contains(roles.Defaults, f.Name) {
				c.fail(p, f.Name, "is empty in a deletion (ACTION D): planwatch withdraws one figure per row, never a set by wildcard; give every dimension and the period")
				return rec, false
			}
		}
		if p.Period == "" && p.PeriodField != "" {
			c.fail(p, p.PeriodField, "is empty in a deletion (ACTION D): planwatch withdraws one figure per row, never a set by wildcard; give every dimension and the period")
			return rec, false
		}
	}
	res := record.Result{Scale: 1}
	placed := true
	named := func(string) bool { return false }
	if m := c.opt.Mapping; m != nil {
		var un []record.Unmapped
		var err error
		res, un, err = m.Apply(p)
		if err != nil {
			c.fail(p, "", "%v", err)
			return rec, false
		}
		if res.Unit == record.Skip || res.Indicator == record.Skip {
			c.skipped++
			return rec, false
		}
		for _, u := range un {
			if u.Field == roles.UnitNames || u.Field == roles.Unit && roles.UnitAliases[u.Value] != "" {
				continue // found by name, or by its alias, below
			}
			c.need(p, u.Field, u.Value, u.Label, c.roleOf(roles, u.Field))
			placed = false
		}
		named = m.Names
	}
	// What the rules do not give comes from the file's own field for it,
	// unless rules are written for that field.
	unit, ind := res.Unit, res.Indicator
	if unit == "" && roles.UnitNames != "" {
		var ok bool
		unit, ok = c.unitByName(p, roles.UnitNames)
		placed = placed && ok
		if unit == "" {
			unit = record.Skip // looked for, and its problem recorded: not from another field
		}
	}
	for _, x := range []struct {
		code  *string
		field string
		role  string
		set   map[string]bool
	}{{&unit, roles.Unit, "unit", c.units}, {&ind, roles.Indicator, "indicator", c.indicators}} {
		if *x.code != "" {
			continue
		}
		if x.field != "" && named(x.field) {
			if placed {
				c.need(p, "*", "*", "", x.role)
			}
			placed = false
			continue
		}
		var ok bool
		*x.code, ok = c.fromFile(p, x.field, x.role, x.set, roles.Native, roles.UnitAliases)
		placed = placed && ok
	}
	dims := res.Dims
	if roles.Native {
		for _, name := range roles.DimFields {
			if c.opt.Mapping != nil && c.opt.Mapping.Names(name) {
				continue
			}
			if v := p.Dim(name); v != "" && v != record.NotApplicable {
				dims = append(dims, name+"="+v)
			}
		}
	}
	if roles.DimsField != "" && !(c.opt.Mapping != nil && c.opt.Mapping.Names(roles.DimsField)) {
		if f, ok := pointField(p, roles.DimsField); ok && f.Value != "" && f.Value != "default" {
			if strings.Contains(f.Value, "=") {
				dims = append(dims, strings.Split(f.Value, ";")...)
			} else {
				c.need(p, f.Name, f.Value, f.Label, "dims")
				placed = false
			}
		}
	}
	if !placed {
		return rec, false
	}
	d, err := planwatch.ParseDims(strings.Join(dims, ";"))
	if err != nil {
		c.fail(p, "", "dimensions: %v", err)
		return rec, false
	}
	o := planwatch.Observation{Indicator: ind, Dims: d}
	switch {
	case p.Period == "":
		c.fail(p, p.PeriodField, "has no period: planwatch keeps each figure for a period")
		return rec, false
	case p.Canonical == "":
		c.fail(p, p.PeriodField, "%s is not a period planwatch keeps (years, half-years, quarters, months and intervals of them such as 2021/2025)", excerpt.Quote(p.Period))
		return rec, false
	}
	if o.Period, err = period.Parse(p.Canonical); err != nil {
		c.fail(p, p.PeriodField, "%s: %v", excerpt.Quote(p.Period), err)
		return rec, false
	}
	o.Source = c.source(p, roles)
	o.Note = attr(p, roles.Note)
	for _, f := range []struct{ name, text string }{{"source", o.Source}, {"note", o.Note}} {
		if !utf8.ValidString(f.text) {
			c.fail(p, f.name, "%s is not valid UTF-8 (save the file as UTF-8)", excerpt.Quote(strings.ToValidUTF8(f.text, "?")))
			return rec, false
		}
	}
	if del {
		// A deletion ends the figure with a version that holds none: the
		// versions before it stay.
		o.Status = planwatch.StatusWithdrawn
		o.Note = strings.TrimSpace("withdrawn: a deletion in " + record.Where{File: p.File, Line: p.Line}.String() + ". " + o.Note)
		return planwatch.ObservationRecord{Pos: pointPos(p), Observation: o, Unit: unit}, true
	}
	if !p.IsNumber {
		if p.ValueError != "" {
			c.fail(p, p.Field, "%s", p.ValueError)
		} else {
			c.fail(p, p.Field, "%s is not a number", excerpt.Quote(p.Value))
		}
		return rec, false
	}
	o.Value = p.Number
	if res.Scale != 1 {
		// Rounded to 15 digits, so that 3 x 0.1 stays 0.3.
		o.Value, _ = strconv.ParseFloat(strconv.FormatFloat(p.Number*res.Scale, 'g', 15, 64), 64)
	}
	o.Status = planwatch.StatusNormal
	if s := attr(p, roles.Status); s != "" {
		if err := planwatch.ValidStatus(s); err != nil {
			c.fail(p, roles.Status, "%v", err)
			return rec, false
		}
		if planwatch.MissingStatus(s) {
			c.fail(p, roles.Status, "%s marks the value as missing, yet the point has the value %s: give one or the other", s, excerpt.Quote(p.Value))
			return rec, false
		}
		o.Status = s
	}
	return planwatch.ObservationRecord{Pos: pointPos(p), Observation: o, Unit: unit}, true
}

func attr(p *record.Point, name string) string {
	if name == "" {
		return ""
	}
	f, _ := pointField(p, name)
	return f.Value
}

// fromFile takes a unit or indicator code from the file's own field for
// it, when it is a planwatch code (or, for a unit, the format's alias of
// one); otherwise the code needs a rule.
func (c *converter) fromFile(p *record.Point, name, role string, set map[string]bool, native bool, aliases map[string]string) (string, bool) {
	f, ok := pointField(p, name)
	if name == "" || !ok || f.Value == "" || f.Value == record.NotApplicable {
		c.need(p, "*", "*", "", role)
		return "", false
	}
	if !known(set, f.Value, native) {
		if a, ok := aliases[f.Value]; ok && role == "unit" && set != nil && set[a] {
			return a, true
		}
		c.need(p, f.Name, f.Value, f.Label, role)
		return "", false
	}
	return f.Value, true
}

// unitByName finds the unit a place's name means at the point's period.
// A name no unit has needs a rule; a name of units none of which existed
// then is an error.
func (c *converter) unitByName(p *record.Point, field string) (string, bool) {
	f, ok := pointField(p, field)
	if !ok || f.Value == "" {
		c.need(p, "*", "*", "", "unit")
		return "", false
	}
	if c.opt.Units == nil {
		c.need(p, f.Name, f.Value, f.Label, "unit")
		return "", false
	}
	if c.names == nil {
		c.names = newUnitNames(c.opt.Units)
	}
	var within planwatch.Span
	if q, err := period.Parse(p.Canonical); err == nil {
		within = planwatch.PeriodSpan(q)
	}
	ref, how, other := c.names.match(f.Value, within)
	switch {
	case ref != "":
		if how != matchName {
			if c.byName[how]++; c.byName[how] == 1 {
				u, _ := c.names.x.Resolve(ref, within)
				c.nameEx[how] = fmt.Sprintf("%s → %s", excerpt.Quote(f.Value), u)
			}
		}
		return ref, true
	case len(other) > 0:
		k := [2]string{f.Value, p.Canonical}
		if c.absent[k] {
			return "", false // said once for the name and the period
		}
		c.absent[k] = true
		slices.SortFunc(other, func(a, b planwatch.Unit) int { return strings.Compare(string(a.ValidFrom), string(b.ValidFrom)) })
		var valid []string
		for _, u := range other {
			valid = append(valid, fmt.Sprintf("%s from %s to %s", u, orOpen(u.ValidFrom), orOpen(u.ValidTo)))
		}
		c.fail(p, field, "no unit named %s existed in %s (%s): give the figure to a unit of that time, or leave it out with a mapping rule (%s,%s,-)", excerpt.Quote(f.Value), p.Canonical, strings.Join(valid, "; "), p.PeriodField, p.Period)
		return "", false
	}
	c.need(p, f.Name, f.Value, f.Label, "unit")
	return "", false
}

func orOpen(d planwatch.Date) string {
	if d == "" {
		return "…"
	}
	return string(d)
}

func (c *converter) roleOf(r *record.Roles, field string) string {
	switch field {
	case r.Unit:
		return "unit"
	case r.Indicator:
		return "indicator"
	case r.DimsField:
		return "dims"
	}
	return ""
}

// source is where a figure comes from: a file planwatch wrote carries its
// figures' sources; any other file is the source of its own, by its
// structure, name and line.
func (c *converter) source(p *record.Point, r *record.Roles) string {
	if r.Native {
		return attr(p, r.Source)
	}
	where := record.Where{File: p.File, Line: p.Line, Cell: p.Cell}.String()
	if s := attr(p, r.Source); s != "" {
		return s + " (" + where + ")"
	}
	if p.Structure != "" {
		return p.Structure + ", " + where
	}
	return where
}

// howVI says in Vietnamese how a name was matched.
var howVI = map[string]string{matchNation: "cả nước", matchVariant: "bảng tên khác", matchLost: "chữ bị mất"}

// maxValues bounds the values a template lists for one field.
const maxValues = 1000

// collect notes the dimension values of a point.
func (c *converter) collect(p *record.Point) {
	for _, f := range p.Dims {
		if f.Value == "" {
			continue
		}
		k := [2]string{f.Name, f.Value}
		if c.seen[k] {
			continue
		}
		vals, ok := c.values[f.Name]
		if !ok {
			c.fields = append(c.fields, f.Name)
		}
		if len(vals) < maxValues {
			c.seen[k] = true
			c.values[f.Name] = append(vals, f)
		}
	}
}

// finish returns the file's problems: the reader's first, then the
// conversion's, and the codes that need a mapping.
func (c *converter) finish(rerr error) error {
	for _, how := range []string{matchNation, matchVariant, matchLost} {
		if n := c.byName[how]; n > 0 {
			c.note(fmt.Sprintf("%d điểm số liệu khớp đơn vị theo tên (%s), ví dụ %s / %d points matched to units by name (%s), such as %s", n, howVI[how], c.nameEx[how], n, how, c.nameEx[how]))
		}
	}
	var all planwatch.ErrorList
	if len(c.needs) > 0 {
		all = append(all, &NeedMapping{File: c.file, Needs: slices.Clone(c.needs), Fields: c.fields, Values: c.values})
	}
	if rerr != nil {
		if l, ok := rerr.(planwatch.ErrorList); ok {
			all = append(all, l...)
		} else {
			all = append(all, rerr)
		}
	}
	all = append(all, c.errs...)
	return all.Err()
}
