package sdmx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"planwatch"
)

const (
	nsMessage   = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message"
	nsStructure = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/structure"
	nsCommon    = "http://www.sdmx.org/resources/sdmxml/schemas/v3_0/common"
	urnCodelist = "urn:sdmx:org.sdmx.infomodel.codelist.Codelist="
	urnConcept  = "urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept="
	conceptsID  = "CS_OBSERVATIONS"
)

// xmlWriter writes indented XML by hand: SDMX-ML wants its namespace
// prefixes (mes:, str:, com:), which encoding/xml does not write.
type xmlWriter struct {
	w     *bufio.Writer
	depth int
}

func (x *xmlWriter) indent() { x.w.WriteString(strings.Repeat("\t", x.depth)) }

func attrs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString(" " + kv[i] + `="`)
		xml.EscapeText(&b, []byte(kv[i+1]))
		b.WriteString(`"`)
	}
	return b.String()
}

func (x *xmlWriter) open(tag string, kv ...string) {
	x.indent()
	x.w.WriteString("<" + tag + attrs(kv...) + ">\n")
	x.depth++
}

func (x *xmlWriter) close(tag string) {
	x.depth--
	x.indent()
	x.w.WriteString("</" + tag + ">\n")
}

func (x *xmlWriter) empty(tag string, kv ...string) {
	x.indent()
	x.w.WriteString("<" + tag + attrs(kv...) + "/>\n")
}

func (x *xmlWriter) text(tag, s string, kv ...string) {
	x.indent()
	x.w.WriteString("<" + tag + attrs(kv...) + ">")
	xml.EscapeText(x.w, []byte(s))
	x.w.WriteString("</" + tag + ">\n")
}

// names writes com:Name in Vietnamese and English, the empty ones left
// out, and the English one (else the code) when both are empty.
func (x *xmlWriter) names(vi, en, fallback string) {
	if vi == "" && en == "" {
		en = fallback
	}
	if vi != "" {
		x.text("com:Name", vi, "xml:lang", "vi")
	}
	if en != "" {
		x.text("com:Name", en, "xml:lang", "en")
	}
}

// code is one code of a codelist.
type code struct{ id, vi, en string }

// Structure is what planwatch's data structure definition is built from.
type Structure struct {
	Units      []planwatch.Unit
	Indicators []planwatch.Indicator
	// Dimensions are the dimension names the data uses, sorted; with
	// Indicators' declared values they make one codelist each.
	Dimensions []string
	Prepared   time.Time
}

// WriteStructure writes planwatch's data structure definition and its
// dataflow as an SDMX-ML 3.0 structure message: the codelists of units,
// indicators, each dimension's values and the observation statuses, the
// concepts, the data structure (REF_AREA, INDICATOR, the dimensions,
// TIME_PERIOD; OBS_VALUE; OBS_STATUS, UNIT_MEASURE, OBS_SOURCE,
// COMMENT_OBS) and the dataflow that planwatch's SDMX-CSV and SDMX-JSON
// files name.
func WriteStructure(w io.Writer, s Structure) error {
	if err := checkDims(s.Dimensions); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	x := &xmlWriter{w: bw}
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.open("mes:Structure", "xmlns:mes", nsMessage, "xmlns:str", nsStructure, "xmlns:com", nsCommon)
	x.open("mes:Header")
	x.text("mes:ID", "PLANWATCH-DSD-"+s.Prepared.UTC().Format("20060102T150405Z"))
	x.text("mes:Test", "false")
	x.text("mes:Prepared", s.Prepared.UTC().Format(time.RFC3339))
	x.empty("mes:Sender", "id", Agency)
	x.close("mes:Header")
	x.open("mes:Structures")

	x.open("str:Codelists")
	x.codelist("CL_AREA", "Đơn vị", "Units (provinces, regions, communes)", unitCodes(s.Units))
	var inds []code
	for _, in := range s.Indicators {
		inds = append(inds, code{in.Code, in.NameVI, withUnit(in.NameEN, in.MeasureUnit)})
	}
	x.codelist("CL_INDICATOR", "Chỉ tiêu", "Indicators", inds)
	for _, d := range s.Dimensions {
		values := []string{}
		for _, in := range s.Indicators {
			for _, dim := range in.Dimensions {
				if dim.Name == d {
					for _, v := range dim.Values {
						if !slices.Contains(values, v) {
							values = append(values, v)
						}
					}
				}
			}
		}
		slices.Sort(values)
		codes := []code{}
		for _, v := range values {
			codes = append(codes, code{id: v, en: v})
		}
		codes = append(codes, code{"_Z", "Không áp dụng", "Not applicable"})
		x.codelist(codelistID(d), "", d, codes)
	}
	var st []code
	for _, c := range slices.Sorted(maps.Keys(planwatch.Statuses)) {
		st = append(st, code{id: c, en: planwatch.Statuses[c]})
	}
	x.codelist("CL_OBS_STATUS", "Tình trạng số liệu", "Observation status", st)
	x.close("str:Codelists")

	concepts := []code{{RefArea, "Đơn vị", "Reference area"}, {Indicator, "Chỉ tiêu", "Indicator"}}
	for _, d := range s.Dimensions {
		concepts = append(concepts, code{id: d, en: d})
	}
	concepts = append(concepts, code{Time, "Kỳ", "Time period"}, code{ObsValue, "Giá trị", "Observation value"},
		code{ObsStatus, "Tình trạng số liệu", "Observation status"}, code{Unit, "Đơn vị tính", "Unit of measure"},
		code{Source, "Nguồn", "Source"}, code{Comment, "Ghi chú", "Comment"})
	x.open("str:ConceptSchemes")
	x.open("str:ConceptScheme", "id", conceptsID, "urn", "urn:sdmx:org.sdmx.infomodel.conceptscheme.ConceptScheme="+ref(conceptsID), "agencyID", Agency, "version", Version)
	x.names("Khái niệm của planwatch", "planwatch concepts", "")
	for _, c := range concepts {
		x.open("str:Concept", "id", c.id)
		x.names(c.vi, c.en, c.id)
		x.close("str:Concept")
	}
	x.close("str:ConceptScheme")
	x.close("str:ConceptSchemes")

	x.open("str:Dataflows")
	x.open("str:Dataflow", "id", FlowID, "urn", FlowURN, "agencyID", Agency, "version", Version)
	x.names("Số liệu của planwatch", "planwatch observations", "")
	x.text("str:Structure", DSDURN)
	x.close("str:Dataflow")
	x.close("str:Dataflows")

	x.open("str:DataStructures")
	x.open("str:DataStructure", "id", DSDID, "urn", DSDURN, "agencyID", Agency, "version", Version)
	x.names("Cấu trúc số liệu của planwatch", "planwatch data structure", "")
	x.open("str:DataStructureComponents")
	x.open("str:DimensionList", "id", "DimensionDescriptor")
	dims := append([]string{RefArea, Indicator}, s.Dimensions...)
	lists := map[string]string{RefArea: "CL_AREA", Indicator: "CL_INDICATOR"}
	for i, d := range dims {
		cl := lists[d]
		if cl == "" {
			cl = codelistID(d)
		}
		x.open("str:Dimension", "id", d, "position", fmt.Sprint(i+1))
		x.text("str:ConceptIdentity", urnConcept+ref(conceptsID)+"."+d)
		x.open("str:LocalRepresentation")
		x.text("str:Enumeration", urnCodelist+ref(cl))
		x.close("str:LocalRepresentation")
		x.close("str:Dimension")
	}
	x.open("str:TimeDimension", "id", Time)
	x.text("str:ConceptIdentity", urnConcept+ref(conceptsID)+"."+Time)
	x.open("str:LocalRepresentation")
	x.empty("str:TextFormat", "textType", "ObservationalTimePeriod")
	x.close("str:LocalRepresentation")
	x.close("str:TimeDimension")
	x.close("str:DimensionList")

	x.open("str:AttributeList", "id", "AttributeDescriptor")
	x.attribute(ObsStatus, "mandatory", urnCodelist+ref("CL_OBS_STATUS"), "")
	x.attribute(Unit, "optional", "", Indicator)
	x.attribute(Source, "optional", "", "")
	x.attribute(Comment, "optional", "", "")
	x.close("str:AttributeList")

	x.open("str:MeasureList", "id", "MeasureDescriptor")
	x.open("str:Measure", "id", ObsValue)
	x.text("str:ConceptIdentity", urnConcept+ref(conceptsID)+"."+ObsValue)
	x.open("str:LocalRepresentation")
	x.empty("str:TextFormat", "textType", "Double")
	x.close("str:LocalRepresentation")
	x.close("str:Measure")
	x.close("str:MeasureList")
	x.close("str:DataStructureComponents")
	x.close("str:DataStructure")
	x.close("str:DataStructures")

	x.close("mes:Structures")
	x.close("mes:Structure")
	return bw.Flush()
}

// attribute writes one attribute: coded by the codelist enum, else text;
// attached to a dimension, else to each observation.
func (x *xmlWriter) attribute(id, usage, enum, dim string) {
	x.open("str:Attribute", "id", id, "usage", usage)
	x.text("str:ConceptIdentity", urnConcept+ref(conceptsID)+"."+id)
	x.open("str:LocalRepresentation")
	if enum != "" {
		x.text("str:Enumeration", enum)
	} else {
		x.empty("str:TextFormat", "textType", "String")
	}
	x.close("str:LocalRepresentation")
	x.open("str:AttributeRelationship")
	if dim != "" {
		x.text("str:Dimension", dim)
	} else {
		x.empty("str:Observation")
	}
	x.close("str:AttributeRelationship")
	if dim == "" {
		x.open("str:MeasureRelationship")
		x.text("str:Measure", ObsValue)
		x.close("str:MeasureRelationship")
	}
	x.close("str:Attribute")
}

func (x *xmlWriter) codelist(id, vi, en string, codes []code) {
	x.open("str:Codelist", "id", id, "urn", urnCodelist+ref(id), "agencyID", Agency, "version", Version)
	x.names(vi, en, id)
	for _, c := range codes {
		x.open("str:Code", "id", c.id)
		x.names(c.vi, c.en, c.id)
		x.close("str:Code")
	}
	x.close("str:Codelist")
}

func ref(id string) string { return Agency + ":" + id + "(" + Version + ")" }

func codelistID(dim string) string { return "CL_" + strings.ToUpper(dim) }

func withUnit(name, unit string) string {
	if unit == "" {
		return name
	}
	if name == "" {
		return "(" + unit + ")"
	}
	return name + " (" + unit + ")"
}

// unitCodes lists the units as the data names them: a code used by one
// unit is its ID; a code that several units have had over time is listed
// bare (the data writes it so where the period says which unit it is)
// and with each unit's start date (24@2025-07-01).
func unitCodes(units []planwatch.Unit) []code {
	byCode := map[string][]planwatch.Unit{}
	var order []string
	for _, u := range units {
		if _, ok := byCode[u.Code]; !ok {
			order = append(order, u.Code)
		}
		byCode[u.Code] = append(byCode[u.Code], u)
	}
	var out []code
	for _, c := range order {
		us := byCode[c]
		if len(us) == 1 {
			out = append(out, code{c, us[0].NameVI, us[0].NameEN})
			continue
		}
		var vi, en []string
		for _, u := range us {
			span := describeDates(u)
			vi = append(vi, u.NameVI+" "+span)
			en = append(en, u.NameEN+" "+span)
		}
		out = append(out, code{c, strings.Join(vi, "; "), strings.Join(en, "; ")})
		for _, u := range us {
			if u.ValidFrom != "" {
				out = append(out, code{c + "@" + string(u.ValidFrom), u.NameVI, u.NameEN})
			}
		}
	}
	return out
}

func describeDates(u planwatch.Unit) string {
	from, to := string(u.ValidFrom), string(u.ValidTo)
	if from == "" {
		from = "…"
	}
	if to == "" {
		to = "…"
	}
	return "(" + from + "/" + to + ")"
}
