// Package dhis2 reads DHIS2 data value sets (JSON, CSV, XML) and writes
// them as JSON.
//
// Every reader yields the same fields, named as DHIS2's JSON names them:
// the dimensions dataElement, orgUnit, categoryOptionCombo and
// attributeOptionCombo, the period, the value, and the other fields
// (storedBy, lastUpdated, created, comment, followup) as attributes.
// A value of true or false (boolean data elements, in any case) reads as 1
// or 0. deleted=true is a deletion.
//
// planwatch writes each figure's status and source beside DHIS2's fields
// (status, source) and its note as DHIS2's comment; a data value carrying
// them is read as planwatch's own, without a mapping.
package dhis2

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"planwatch/exchange/record"
)

// Format names, as `planwatch inspect` reports them.
const (
	JSON = "dhis2-json"
	CSV  = "dhis2-csv"
	XML  = "dhis2-xml"
)

// The fields of a data value, as DHIS2's JSON names them.
const (
	DataElement          = "dataElement"
	PeriodField          = "period"
	OrgUnit              = "orgUnit"
	CategoryOptionCombo  = "categoryOptionCombo"
	AttributeOptionCombo = "attributeOptionCombo"
	Value                = "value"
	Comment              = "comment"
	Deleted              = "deleted"
	// planwatch's own fields.
	Status = "status"
	Source = "source"
)

// dims are the fields that identify a series, in the order points list
// them.
var dims = []string{DataElement, OrgUnit, CategoryOptionCombo, AttributeOptionCombo}

// Formats lists the DHIS2 formats for exchange's registry.
var Formats = []record.Format{
	{Name: JSON, Detect: isJSON, Read: ReadJSON},
	{Name: XML, Detect: isXML, Read: ReadXML},
	{Name: CSV, Detect: isCSV, Read: ReadCSV},
}

var (
	defaults = []string{CategoryOptionCombo, AttributeOptionCombo}
	foreign  = &record.Roles{Unit: OrgUnit, Indicator: DataElement, DimsField: CategoryOptionCombo, Note: Comment, Defaults: defaults}
	native   = &record.Roles{Native: true, Unit: OrgUnit, Indicator: DataElement, DimsField: CategoryOptionCombo, Status: Status, Source: Source, Note: Comment, Defaults: defaults}
)

func isJSON(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && bytes.Contains(head, []byte(`"dataValues"`))
}

func isXML(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n")
	return len(t) > 0 && t[0] == '<' && bytes.Contains(head, []byte("<dataValueSet"))
}

// canonicalName turns a field name as any DHIS2 format writes it
// (dataelement, dataElement, "data element", de) into DHIS2's JSON name,
// or "" when it is not one of DHIS2's.
func canonicalName(s string) string {
	k := strings.ToLower(strings.NewReplacer(" ", "", "_", "", "\"", "").Replace(strings.TrimSpace(s)))
	switch k {
	case "dataelement", "de":
		return DataElement
	case "period", "pe":
		return PeriodField
	case "orgunit", "ou", "organisationunit":
		return OrgUnit
	case "categoryoptioncombo", "catoptcombo", "coc", "co":
		return CategoryOptionCombo
	case "attributeoptioncombo", "attroptcombo", "aoc", "ao":
		return AttributeOptionCombo
	case "value":
		return Value
	case "storedby":
		return "storedBy"
	case "lastupdated", "timestamp":
		return "lastUpdated"
	case "created":
		return "created"
	case "comment":
		return Comment
	case "followup":
		return "followup"
	case "deleted":
		return Deleted
	case "status":
		return Status
	case "source":
		return Source
	}
	return ""
}

// fill puts one field of a data value into p.
func fill(p *record.Point, name, v string) {
	switch name {
	case DataElement, OrgUnit, CategoryOptionCombo, AttributeOptionCombo:
		for i := range p.Dims {
			if p.Dims[i].Name == name {
				p.Dims[i].Value = v
				return
			}
		}
		p.Dims = append(p.Dims, record.Field{Name: name, Value: v})
	case PeriodField:
		p.Period, p.PeriodField = strings.TrimSpace(v), PeriodField
	case Value:
		p.Value, p.Field = strings.TrimSpace(v), Value
	case Deleted:
		if strings.EqualFold(strings.TrimSpace(v), "true") {
			p.Action = record.Delete
		}
		if v != "" {
			p.Attrs = append(p.Attrs, record.Field{Name: name, Value: v})
		}
	default:
		if v != "" {
			p.Attrs = append(p.Attrs, record.Field{Name: name, Value: v})
		}
	}
}

// finish completes a point once its fields are in: the header's fields
// where the value has none, the dimensions in their order, the period's
// days, the value read as a number, and whose roles apply.
func finish(p *record.Point, header map[string]string) {
	for _, k := range []string{OrgUnit, AttributeOptionCombo, PeriodField} {
		if v := header[k]; v != "" {
			have := p.Period != ""
			if k != PeriodField {
				have = p.Dim(k) != ""
			}
			if !have {
				fill(p, k, v)
			}
		}
	}
	if ds := header["dataSet"]; ds != "" {
		p.Structure = ds
		p.Attrs = append(p.Attrs, record.Field{Name: "dataSet", Value: ds})
	}
	// Dimensions in one order, with the ones a value lacks as empty, so
	// that series compare alike across formats.
	var ordered [4]record.Field
	for i, name := range dims {
		ordered[i] = record.Field{Name: name, Value: strings.TrimSpace(p.Dim(name))}
	}
	p.Dims = append(p.Dims[:0], ordered[:]...)
	if p.Period != "" {
		if q, err := ParsePeriod(p.Period); err == nil {
			p.Start, p.End, p.Canonical = q.Start, q.End, q.Canonical
		}
	}
	readValue(p)
	p.Roles = foreign
	for _, a := range p.Attrs {
		if a.Name == Source || a.Name == Status {
			p.Roles = native
		}
	}
}

// readValue reads a DHIS2 value: a number, or a boolean in any case (true
// 1, false 0).
func readValue(p *record.Point) {
	v := p.Value
	switch {
	case v == "":
		return
	case strings.EqualFold(v, "true"):
		p.Number, p.IsNumber = 1, true
		return
	case strings.EqualFold(v, "false"):
		p.Number, p.IsNumber = 0, true
		return
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return
		}
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		p.Number, p.IsNumber = f, true
	}
}
