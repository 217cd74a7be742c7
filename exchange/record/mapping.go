package record

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/excerpt"
)

// MappingColumns are the columns of a mapping file, in the order a
// template writes them. field and value say which outside code a rule is
// for; unit, indicator and dims what it gives; scale multiplies the value
// (0.001 from persons to thousand persons); label and guess are for the
// person completing a template.
var MappingColumns = []string{"field", "value", "unit", "indicator", "dims", "scale", "label", "guess"}

// Rule is one row of a mapping file: the points whose field has the value
// (any value for *; every point when field is *) get the unit, the
// indicator and the dimension values the rule gives.
type Rule struct {
	Line      int
	Field     string
	Value     string
	Unit      string
	Indicator string
	Dims      planwatch.Dims
	Scale     float64 // 1 when the file leaves it empty
}

// Mapping is a set of rules read from a mapping file.
type Mapping struct {
	File  string
	Rules []*Rule
	// byField indexes the rules by field, then value ("*" for any).
	byField map[string]map[string][]*Rule
	every   []*Rule
}

// Fields lists the fields some rule names, sorted.
func (m *Mapping) Fields() []string {
	var out []string
	for f := range m.byField {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// Names reports whether some rule is for the field.
func (m *Mapping) Names(field string) bool {
	_, ok := m.byField[field]
	return ok
}

// ReadMapping reads a mapping file (CSV, UTF-8, a header row naming the
// columns in any order; field and value required). Every problem is
// returned, each with its line and column.
func ReadMapping(name string, r io.Reader) (*Mapping, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: "a mapping file starts with a header row: " + strings.Join(MappingColumns, ",")}
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(MappingColumns, h) {
			return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: fmt.Sprintf("column %s is not a column of mapping files (%s)", excerpt.Quote(h), strings.Join(MappingColumns, ","))}
		}
		if _, dup := col[h]; dup {
			return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: fmt.Sprintf("column %s appears twice", h)}
		}
		col[h] = i
	}
	for _, c := range []string{"field", "value"} {
		if _, ok := col[c]; !ok {
			return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: "a mapping file needs the columns field and value"}
		}
	}
	m := &Mapping{File: name, byField: map[string]map[string][]*Rule{}}
	var errs planwatch.ErrorList
	seen := map[[2]string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line := 0
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: line}, Msg: err.Error()})
			break
		}
		line, _ = cr.FieldPos(0)
		// A cell's one leading apostrophe is taken off, as in canonical
		// files: it keeps a spreadsheet from running a code that starts
		// with = + - @ (see exchange/cell.go).
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				v := strings.TrimSpace(rec[i])
				if v != "" && v[0] == '\'' {
					v = v[1:]
				}
				return v
			}
			return ""
		}
		fail := func(c, format string, args ...any) {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: line}, Column: c, Msg: fmt.Sprintf(format, args...)})
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		ru := &Rule{Line: line, Field: get("field"), Value: get("value"), Unit: get("unit"), Indicator: get("indicator"), Scale: 1}
		n := len(errs)
		if ru.Field == "" {
			fail("field", "is empty: name the file's dimension or attribute (REF_AREA, orgUnit ...), or * for every point")
		}
		if ru.Value == "" {
			fail("value", "is empty: give the code the file uses, or * for any")
		}
		if ru.Field == "*" && ru.Value != "*" {
			fail("value", "a rule for every point (field *) has value *")
		}
		if g := get("guess"); g != "" {
			fail("guess", "%s: check this guess, then empty the guess column to accept it", excerpt.Quote(g))
		}
		if ru.Unit != "" && ru.Unit != Skip {
			code, _, _ := strings.Cut(ru.Unit, "@")
			if err := planwatch.ValidCode(code); err != nil {
				fail("unit", "%v", err)
			}
		}
		if ru.Indicator != "" && ru.Indicator != Skip {
			if err := planwatch.ValidCode(ru.Indicator); err != nil {
				fail("indicator", "%v", err)
			}
		}
		if ru.Dims, err = planwatch.ParseDims(get("dims")); err != nil {
			fail("dims", "%v", err)
		}
		if s := get("scale"); s != "" {
			v, err := planwatch.ParseNumber(s)
			switch {
			case err != nil:
				fail("scale", "%v", err)
			case v == 0:
				fail("scale", "is 0: every value would become 0")
			default:
				ru.Scale = v
			}
		}
		k := [2]string{ru.Field, ru.Value}
		if first, dup := seen[k]; dup {
			fail("value", "a rule for %s=%s is also on line %d", ru.Field, ru.Value, first)
		}
		seen[k] = line
		if len(errs) > n {
			if len(errs) >= planwatch.MaxErrors {
				break
			}
			continue
		}
		m.Rules = append(m.Rules, ru)
		if ru.Field == "*" {
			m.every = append(m.every, ru)
			continue
		}
		vals := m.byField[ru.Field]
		if vals == nil {
			vals = map[string][]*Rule{}
			m.byField[ru.Field] = vals
		}
		vals[ru.Value] = append(vals[ru.Value], ru)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

// Result is what the rules give a point.
type Result struct {
	Unit      string
	Indicator string
	Dims      []string // name=value pairs
	Scale     float64
	// UnitRule and IndicatorRule are the lines of the rules that gave them.
	UnitRule, IndicatorRule int
}

// Unmapped is a field value of a point that a field's rules do not cover.
type Unmapped struct {
	Field, Value, Label string
}

// Apply returns what the rules give p, and the values of fields that
// rules name that no rule covers. It fails when two rules give the point
// different units, indicators or values of one dimension.
func (m *Mapping) Apply(p *Point) (Result, []Unmapped, error) {
	res := Result{Scale: 1}
	var err error
	take := func(ru *Rule) {
		if err != nil {
			return
		}
		if ru.Unit != "" {
			if res.Unit != "" && res.Unit != ru.Unit {
				err = fmt.Errorf("the rules on lines %d and %d of %s give it units %s and %s", res.UnitRule, ru.Line, m.File, res.Unit, ru.Unit)
				return
			}
			res.Unit, res.UnitRule = ru.Unit, ru.Line
		}
		if ru.Indicator != "" {
			if res.Indicator != "" && res.Indicator != ru.Indicator {
				err = fmt.Errorf("the rules on lines %d and %d of %s give it indicators %s and %s", res.IndicatorRule, ru.Line, m.File, res.Indicator, ru.Indicator)
				return
			}
			res.Indicator, res.IndicatorRule = ru.Indicator, ru.Line
		}
		for _, kv := range ru.Dims.Pairs() {
			pair := kv[0] + "=" + kv[1]
			for _, have := range res.Dims {
				k, v, _ := strings.Cut(have, "=")
				if k == kv[0] && v != kv[1] {
					err = fmt.Errorf("two rules give dimension %s the values %s and %s (the second on line %d of %s)", k, v, kv[1], ru.Line, m.File)
					return
				}
			}
			if !slices.Contains(res.Dims, pair) {
				res.Dims = append(res.Dims, pair)
			}
		}
		res.Scale *= ru.Scale
	}
	for _, ru := range m.every {
		take(ru)
	}
	var un []Unmapped
	visit := func(f Field) {
		vals, named := m.byField[f.Name]
		if !named || f.Value == "" {
			return
		}
		rules, ok := vals[f.Value]
		if !ok {
			rules, ok = vals["*"]
		}
		if !ok {
			un = append(un, Unmapped{Field: f.Name, Value: f.Value, Label: f.Label})
			return
		}
		for _, ru := range rules {
			take(ru)
		}
	}
	for _, f := range p.Dims {
		visit(f)
	}
	if p.PeriodField != "" {
		visit(Field{Name: p.PeriodField, Value: p.Period})
	}
	for _, f := range p.Attrs {
		visit(f)
	}
	return res, un, err
}
