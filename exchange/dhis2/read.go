package dhis2

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"planwatch"
	"planwatch/exchange/record"
)

func fail(file string, line int, field, format string, args ...any) error {
	return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Column: field, Msg: fmt.Sprintf(format, args...)}}
}

// headerFields are the fields of a data value set that apply to each of
// its values lacking them.
var headerFields = []string{"dataSet", "completeDate", PeriodField, OrgUnit, AttributeOptionCombo}

// ReadJSON reads a dataValueSets JSON document: {"dataValues": [...]},
// with or without the header fields (dataSet, completeDate, period,
// orgUnit, attributeOptionCombo) that apply to every value lacking them.
func ReadJSON(file string, r io.Reader, emit func(*record.Point) bool) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		return fail(file, jsonLine(data, err), "", "not a DHIS2 data value set: %v", err)
	}
	header := map[string]string{}
	for _, k := range headerFields {
		header[k] = record.JSONText(head[k])
	}
	if _, ok := head["dataValues"]; !ok {
		return fail(file, 1, "", "a DHIS2 data value set has a list of dataValues")
	}
	// Walk to the dataValues array and decode its objects one at a time, to
	// know the line each starts on.
	lineAt := record.NewLines(data).At
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return fail(file, 1, "", "%v", err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(file, lineAt(dec.InputOffset()), "", "%v", err)
		}
		if key, _ := tok.(string); key != "dataValues" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(file, lineAt(dec.InputOffset()), "", "%v", err)
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return fail(file, lineAt(dec.InputOffset()), "dataValues", "is a list of data values")
		}
		p := &record.Point{}
		for dec.More() {
			line := lineAt(dec.InputOffset())
			var v map[string]json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return fail(file, line, "dataValues", "each data value is an object of its fields: %v", err)
			}
			p.Reset()
			p.File, p.Line = file, line
			// Fields in a fixed order, so that points do not depend on the
			// order of a map.
			names := make([]string, 0, len(v))
			for k := range v {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				name := canonicalName(k)
				if name == "" {
					name = k
				}
				fill(p, name, record.JSONText(v[k]))
			}
			finish(p, header)
			if !emit(p) {
				return nil
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return fail(file, lineAt(dec.InputOffset()), "dataValues", "%v", err)
		}
	}
	return nil
}

func jsonLine(data []byte, err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(data)) {
		return bytes.Count(data[:se.Offset], []byte("\n")) + 1
	}
	return 0
}

// ReadXML reads a dataValueSet XML document: a dataValueSet element whose
// attributes are the header fields, holding dataValue elements whose
// attributes (or child elements) are a value's fields.
func ReadXML(file string, r io.Reader, emit func(*record.Point) bool) error {
	dec := xml.NewDecoder(bufio.NewReader(r))
	header := map[string]string{}
	p := &record.Point{}
	inSet, inValue := false, false
	var child string
	var childText strings.Builder
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			if !inSet {
				return fail(file, 1, "", "a DHIS2 XML data value set has a dataValueSet element")
			}
			return nil
		}
		if err != nil {
			l, _ := dec.InputPos()
			return fail(file, l, "", "not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "dataValueSet" && !inSet:
				inSet = true
				for _, a := range t.Attr {
					name := canonicalName(a.Name.Local)
					if name == "" {
						name = a.Name.Local
					}
					header[name] = a.Value
				}
			case t.Name.Local == "dataValue" && inSet && !inValue:
				inValue = true
				p.Reset()
				p.File, p.Line = file, line
				for _, a := range t.Attr {
					if name := canonicalName(a.Name.Local); name != "" {
						fill(p, name, a.Value)
					} else if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
						fill(p, a.Name.Local, a.Value)
					}
				}
			case inValue:
				child = canonicalName(t.Name.Local)
				if child == "" {
					child = t.Name.Local
				}
				childText.Reset()
			}
		case xml.CharData:
			if child != "" {
				childText.Write(t)
			}
		case xml.EndElement:
			switch {
			case inValue && t.Name.Local == "dataValue":
				inValue = false
				finish(p, header)
				if !emit(p) {
					return nil
				}
			case child != "":
				fill(p, child, childText.String())
				child = ""
			case t.Name.Local == "dataValueSet":
				return nil
			}
		}
	}
}

// csvColumns are the columns of DHIS2's CSV, in order: files without a
// header row have them in this order.
var csvColumns = []string{DataElement, PeriodField, OrgUnit, CategoryOptionCombo, AttributeOptionCombo, Value, "storedBy", "lastUpdated", Comment, "followup", Deleted}

func csvReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	return cr
}

// isCSV recognises DHIS2's CSV by its header row (dataelement, period,
// orgunit ...), or, without one, by a first row of at least six fields
// whose second is a DHIS2 period and whose first and third are codes.
func isCSV(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	rec, err := csvReader(bytes.NewReader(line)).Read()
	if err != nil || len(rec) < 6 {
		return false
	}
	if isHeader(rec) {
		return true
	}
	if _, err := ParsePeriod(rec[1]); err != nil {
		return false
	}
	// A data element and an organisation unit are codes, not periods: a
	// wide table's header (Province,2018,2019,...) is not DHIS2's.
	code := func(s string) bool {
		_, err := ParsePeriod(s)
		return s != "" && err != nil && !strings.ContainsAny(s, " ,;=")
	}
	return code(rec[0]) && code(rec[2])
}

func isHeader(rec []string) bool {
	return canonicalName(rec[0]) == DataElement && len(rec) > 2 && canonicalName(rec[1]) == PeriodField && canonicalName(rec[2]) == OrgUnit
}

// ReadCSV reads DHIS2's CSV, with or without its header row, with the old
// column names (dataelement ... timestamp) or the new (... lastupdated,
// deleted), values quoted or not, spaces after the commas allowed.
func ReadCSV(file string, r io.Reader, emit func(*record.Point) bool) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csvReader(br)
	cols := csvColumns
	p := &record.Point{}
	first := true
	var errs planwatch.ErrorList
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
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Msg: err.Error()})
			break
		}
		line, _ = cr.FieldPos(0)
		if first {
			first = false
			if isHeader(rec) {
				cols = make([]string, len(rec))
				for i, h := range rec {
					if cols[i] = canonicalName(h); cols[i] == "" {
						cols[i] = strings.TrimSpace(h)
					}
				}
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		p.Reset()
		p.File, p.Line = file, line
		for i, v := range rec {
			if i < len(cols) {
				fill(p, cols[i], v)
			} else if strings.TrimSpace(v) != "" {
				errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Column: fmt.Sprint(i + 1), Msg: fmt.Sprintf("a DHIS2 CSV row has at most %d fields", len(cols))})
			}
		}
		finish(p, nil)
		if len(errs) >= planwatch.MaxErrors {
			break
		}
		if !emit(p) {
			break
		}
	}
	return errs.Err()
}
