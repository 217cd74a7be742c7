package sdmx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/record"
)

// column is one column of an SDMX-CSV file.
type column struct {
	i     int    // its index in a row
	id    string // component ID (DIM_1), without labels or [] suffixes
	label string // the component's name, when the header gives it
	role  role
	// nameCol is the index of the column holding the value's name
	// (labels=name), or -1.
	nameCol int
	// coded: labels=both writes "ID: Name" in it.
	coded bool
}

// csvLayout is what the header row of an SDMX-CSV file says.
type csvLayout struct {
	version            string // CSV10 or CSV20
	sep                byte
	structCol, idCol   int // DATAFLOW (1.0: idCol), STRUCTURE and STRUCTURE_ID (2.0)
	actionCol          int
	seriesKey, obsKey  int
	labelsBoth         bool
	dims, attrs        []*column
	measures           []*column
	time               *column
	dimNames, attrList []string
}

// freeText are attributes whose values are text, not codes: labels=both
// does not split them.
var freeText = map[string]bool{"TITLE": true, "TITLE_COMPL": true, "NAT_TITLE": true, "COMMENT_OBS": true, "COMMENT_TS": true,
	"COMMENT_DSET": true, "OBS_COM": true, "OBS_SOURCE": true, "SOURCE_DETAIL": true, "SOURCE_PUB": true, "FOOTNOTE": true}

// ReadCSV reads an SDMX-CSV 1.0 or 2.0 file. The separator is the
// character after the first header term, as the specifications say; with
// a semicolon, values may use a decimal comma.
func ReadCSV(file string, r io.Reader, emit func(*record.Point) bool) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, _ := br.Peek(4096)
	sep := byte(',')
	switch {
	case isCSV10(head):
		sep = head[8]
	case isCSV20(head):
		sep = head[9]
		if sep == '[' {
			if i := bytes.IndexByte(head, ']'); i > 0 && i+1 < len(head) {
				sep = head[i+1]
			}
		}
	default:
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: 1}, Msg: "an SDMX-CSV file starts with DATAFLOW (1.0) or STRUCTURE (2.0)"}}
	}
	if sep == '\r' || sep == '\n' || sep == ':' {
		sep = ','
	}
	cr := csv.NewReader(br)
	cr.Comma = rune(sep)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return planwatch.ErrorList{csvErr(file, err, 0, 0)}
	}
	header = slices.Clone(header) // the reader reuses its record
	lays := [2]*csvLayout{}
	for i := range lays {
		if lays[i], err = parseHeader(file, header, sep, i == 1); err != nil {
			return planwatch.ErrorList{err}
		}
	}
	lay := lays[0]
	var errs planwatch.ErrorList
	p := &record.Point{}
	nativeCache := map[string]bool{}
	native := nativeRoles(lays[1].dimNames)
	foreign := foreignRoles(lays[0].attrList)
	decimal := byte('.')
	if sep == ';' {
		decimal = ','
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvErr(file, err, len(rec), len(header)))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) && len(errs) < planwatch.MaxErrors {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		p.Reset()
		p.File, p.Line = file, line
		if lay.structCol >= 0 {
			p.Attrs = append(p.Attrs, record.Field{Name: header[lay.structCol], Value: rec[lay.structCol]})
		}
		if lay.idCol >= 0 {
			id, label := rec[lay.idCol], ""
			if lay.labelsBoth {
				id, label = splitLabel(id)
			}
			p.Structure = id
			name := "STRUCTURE_ID"
			if lay.version == CSV10 {
				name = "DATAFLOW"
			}
			p.Attrs = append(p.Attrs, record.Field{Name: name, Value: id, Label: label})
		}
		p.Action = record.Information
		if lay.actionCol >= 0 {
			a, err := record.ParseAction(strings.TrimSpace(rec[lay.actionCol]))
			if err != nil {
				errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Column: "ACTION", Msg: err.Error()})
				if len(errs) >= planwatch.MaxErrors {
					break
				}
				continue
			}
			p.Action = a
			p.Attrs = append(p.Attrs, record.Field{Name: "ACTION", Value: a.String()})
		}
		isNat, ok := nativeCache[p.Structure]
		if !ok {
			isNat = isNative(p.Structure)
			nativeCache[p.Structure] = isNat
		}
		// planwatch's own structure says which columns are attributes.
		lay, p.Roles = lays[0], foreign
		if isNat {
			lay, p.Roles = lays[1], native
		}
		for _, c := range lay.dims {
			p.Dims = append(p.Dims, lay.field(c, rec))
		}
		for _, c := range lay.attrs {
			f := lay.field(c, rec)
			if f.Value != "" {
				p.Attrs = append(p.Attrs, f)
			}
		}
		if lay.time != nil {
			f := lay.field(lay.time, rec)
			readTime(p, lay.time.id, f.Value)
		}
		if len(lay.measures) == 0 {
			if !emit(p) {
				break
			}
			continue
		}
		stop := false
		for mi, m := range lay.measures {
			if mi > 0 {
				// Each further measure is a point of its own, told apart by a
				// MEASURE dimension; the row's other fields are the same.
				p.Missing, p.IsNumber, p.Number = false, false, 0
				p.Dims = p.Dims[:len(lay.dims)]
			}
			if len(lay.measures) > 1 {
				p.Dims = append(p.Dims, record.Field{Name: "MEASURE", Value: m.id})
			}
			p.Field = header[m.i]
			readValue(p, rec[m.i], decimal)
			if p.Action == record.Delete && p.Value == "-" {
				p.Missing = false
			}
			if !emit(p) {
				stop = true
				break
			}
		}
		if stop {
			break
		}
	}
	return errs.Err()
}

// field reads one component's value from a row, with its label.
func (l *csvLayout) field(c *column, rec []string) record.Field {
	v := strings.TrimSpace(rec[c.i])
	f := record.Field{Name: c.id, Value: v}
	if c.nameCol >= 0 {
		f.Label = strings.TrimSpace(rec[c.nameCol])
	} else if l.labelsBoth && c.coded {
		f.Value, f.Label = splitLabel(v)
	}
	return f
}

// parseHeader reads the header row; native says the file is for
// planwatch's structure, whose attributes are known.
func parseHeader(file string, header []string, sep byte, native bool) (*csvLayout, error) {
	lay := &csvLayout{sep: sep, structCol: -1, idCol: -1, actionCol: -1, seriesKey: -1, obsKey: -1}
	bad := func(format string, args ...any) error {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: 1}, Msg: fmt.Sprintf(format, args...)}
	}
	h := make([]string, len(header))
	for i, s := range header {
		h[i] = strings.TrimSpace(s)
	}
	i := 0
	switch {
	case h[0] == "DATAFLOW":
		lay.version, lay.idCol, i = CSV10, 0, 1
	case strings.HasPrefix(h[0], "STRUCTURE"):
		lay.version, lay.structCol = CSV20, 0
		if len(h) < 2 || h[1] != "STRUCTURE_ID" {
			return nil, bad("the second column of an SDMX-CSV 2.0 file is STRUCTURE_ID, not %s", excerpt.Quote(get(h, 1)))
		}
		lay.idCol, i = 1, 2
	default:
		return nil, bad("an SDMX-CSV file starts with DATAFLOW (1.0) or STRUCTURE (2.0)")
	}
	labelsName := false
	if i < len(h) && h[i] == "STRUCTURE_NAME" {
		labelsName = true
		i++
	}
	if i < len(h) && h[i] == "ACTION" {
		lay.actionCol = i
		i++
	}
	if i < len(h) && h[i] == "SERIES_KEY" {
		lay.seriesKey = i
		i++
	}
	if i < len(h) && h[i] == "OBS_KEY" {
		lay.obsKey = i
		i++
	}
	seen := map[string]bool{}
	for ; i < len(h); i++ {
		raw := h[i]
		id, label := raw, ""
		if j := strings.Index(raw, ": "); j > 0 {
			id, label = raw[:j], raw[j+2:]
			lay.labelsBoth = true
		}
		if j := strings.IndexByte(id, '['); j > 0 {
			id = id[:j]
		}
		if id == "" {
			return nil, bad("column %d has no name", i+1)
		}
		if seen[id] {
			return nil, bad("column %s appears twice", excerpt.Quote(id))
		}
		seen[id] = true
		c := &column{i: i, id: id, label: label, role: roleOf(id), nameCol: -1}
		if native && (id == Unit || id == Source || id == Comment) {
			c.role = attribute
		}
		if labelsName && i+1 < len(h) {
			c.nameCol = i + 1
			if c.label == "" {
				c.label = h[i+1]
			}
			i++
		}
		c.coded = c.role != measure && !freeText[strings.ToUpper(id)]
		switch c.role {
		case dimension:
			lay.dims = append(lay.dims, c)
			lay.dimNames = append(lay.dimNames, id)
		case attribute:
			lay.attrs = append(lay.attrs, c)
			lay.attrList = append(lay.attrList, id)
		case measure:
			lay.measures = append(lay.measures, c)
		case timeDim:
			if lay.time != nil {
				return nil, bad("two time columns, %s and %s", lay.time.id, id)
			}
			lay.time = c
		}
	}
	if len(lay.dims) == 0 {
		// A file with keys and no dimension columns: the keys are the
		// dimensions.
		for _, k := range []int{lay.seriesKey, lay.obsKey} {
			if k >= 0 && !(k == lay.obsKey && lay.time != nil) {
				c := &column{i: k, id: h[k], role: dimension, nameCol: -1}
				lay.dims = append(lay.dims, c)
				lay.dimNames = append(lay.dimNames, c.id)
			}
		}
	}
	return lay, nil
}

func get(h []string, i int) string {
	if i < len(h) {
		return h[i]
	}
	return ""
}

func csvErr(file string, err error, got, want int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = fmt.Sprintf("this row has %d fields and the header %d: every row has one field per column", got, want)
		}
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: pe.StartLine}, Msg: msg}
	}
	return &planwatch.FieldError{Pos: planwatch.Pos{File: file}, Msg: err.Error()}
}
