// Package record is what every reader of an outside format yields: data
// points as the file gives them, before planwatch's codes are put on them.
// A point keeps where it came from, the file's own dimension values and
// attributes, the value as written and as read, and the SDMX action. The
// package also accumulates the report of `planwatch inspect` from points,
// and holds the mapping rules that turn outside codes into planwatch's.
//
// It does no I/O: readers live in one package per format (exchange/sdmx,
// exchange/dhis2), and exchange turns points into observations.
package record

import (
	"fmt"
	"io"
	"time"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/period"
)

// Action is what an SDMX message asks for a point: I (information), A
// (append), R (replace), M (merge) write the value; D (delete) withdraws it.
type Action byte

const (
	Information Action = 'I'
	Append      Action = 'A'
	Replace     Action = 'R'
	Merge       Action = 'M'
	Delete      Action = 'D'
)

// ParseAction reads an action as SDMX-CSV writes it (one letter) or as
// SDMX-JSON does (the word).
func ParseAction(s string) (Action, error) {
	switch s {
	case "", "I", "Information", "information":
		return Information, nil
	case "A", "Append", "append":
		return Append, nil
	case "R", "Replace", "replace":
		return Replace, nil
	case "M", "Merge", "merge":
		return Merge, nil
	case "D", "Delete", "delete":
		return Delete, nil
	}
	return 0, fmt.Errorf("%s is not an SDMX action (I, A, R, M or D)", excerpt.Quote(s))
}

func (a Action) String() string {
	if a == 0 {
		return string(Information)
	}
	return string(a)
}

// Where is the place in a file a point came from.
type Where struct {
	File string
	Line int    // 1-based line of a text file (the header is line 1)
	Cell string // Sheet1!D7, for a workbook
	// Field is the column, attribute or element that holds the value.
	Field string
}

func (w Where) String() string {
	s := w.File
	switch {
	case w.Cell != "":
		s += " " + w.Cell
	case w.Line > 0:
		s += fmt.Sprintf(" line %d", w.Line)
	}
	return s
}

// Field is one outside dimension or attribute value as the file writes it,
// with the label the file gives the value, if any ("VN: Viet Nam").
type Field struct {
	Name  string
	Value string
	Label string
}

// Point is one data point of an outside file. Readers reuse the Point they
// hand out: a consumer copies what it keeps.
type Point struct {
	Where
	// Structure names what the file says the point belongs to: an SDMX
	// dataflow or data structure (BIS:BIS_DER(1.0)), a DHIS2 data set.
	Structure string
	// Dims identify the point's series, in the file's order, without the
	// period.
	Dims []Field
	// Attrs are everything else the file says about the point: SDMX
	// attributes (OBS_STATUS, COMMENT_OBS), DHIS2 fields (storedBy ...).
	Attrs []Field
	// Period is the time as written ("2012Q1", "2013-01-18", "" when the
	// file gives none); Start and End the days it covers, [Start, End), zero
	// when the reader could not read it; Canonical planwatch's form of it
	// ("2012-Q1"), "" when planwatch has none (weeks, days).
	Period     string
	Start, End time.Time
	Canonical  string
	// PeriodField names the field the period came from (TIME_PERIOD, period).
	PeriodField string
	// Value is the value as written, "" when there is none. Number is it
	// read as a number when IsNumber. Missing says the file marks the point
	// as missing (an SDMX missing status, NaN, "..").
	Value    string
	Number   float64
	IsNumber bool
	Missing  bool
	// ValueError, for a Value that is not a number, says why when the
	// reader knows better than "not a number" (a text whose reading
	// depends on the style: "72.497").
	ValueError string
	Action     Action
	// Roles, when set, say which fields carry planwatch's unit, indicator,
	// dimensions, status, source and note.
	Roles *Roles
	// Note, on a point that carries nothing else, is a remark of the
	// reader about the file for the person importing it: an encoding it
	// repaired or could not, text it read as numbers. It is not data.
	Note string
}

// HasValue reports whether the point carries a value: what `inspect`
// counts as an observation.
func (p *Point) HasValue() bool { return p.Value != "" && !p.Missing }

// Dim returns the value of a dimension, or "".
func (p *Point) Dim(name string) string {
	for _, f := range p.Dims {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// Attr returns the value of an attribute, or "".
func (p *Point) Attr(name string) string {
	for _, f := range p.Attrs {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// Remark makes p a point that carries only a note about the file.
func (p *Point) Remark(file, note string) {
	p.Reset()
	p.File, p.Note = file, note
}

// Reset empties p for reuse, keeping its slices' memory.
func (p *Point) Reset() {
	dims, attrs := p.Dims[:0], p.Attrs[:0]
	*p = Point{Dims: dims, Attrs: attrs}
}

// Roles say which fields of a format carry what planwatch keeps. A file
// that planwatch wrote (Native) uses planwatch's codes in them: its unit
// and indicator fields hold unit and indicator codes, and each of DimFields
// is a planwatch dimension (NotApplicable meaning none).
type Roles struct {
	Native    bool
	Unit      string   // REF_AREA, orgUnit
	Indicator string   // INDICATOR, dataElement
	DimFields []string // native SDMX: the dimensions other than unit and indicator
	// DimsField holds a whole dims string (price=current;sector=industry):
	// DHIS2's categoryOptionCombo in the files planwatch writes.
	DimsField string
	Status    string // OBS_STATUS
	Source    string // OBS_SOURCE, source
	Note      string // COMMENT_OBS, comment
	// Defaults are the dimensions whose empty value is a default rather
	// than the wildcard it is in an SDMX deletion (DHIS2's option combos).
	Defaults []string
	// UnitNames is a field whose values are the names of places (a
	// statistics table's column of provinces), matched to the store's
	// units by name rather than by code.
	UnitNames string
	// UnitAliases are codes of the format's own that stand for a planwatch
	// unit without a mapping rule (the World Bank's VNM for VN).
	UnitAliases map[string]string
}

// Skip, as a mapping rule's unit or indicator, says to leave the points
// it matches out of the import (a row of a table that is no unit).
const Skip = "-"

// NotApplicable is the SDMX code for a dimension that does not apply to a
// point: planwatch writes it for a dimension an indicator does not have.
const NotApplicable = "_Z"

// Format is one outside file format: its name, how to recognise it from a
// file's first bytes, and its reader.
type Format struct {
	Name string
	// Detect reports whether a file starting with head (up to 4096 bytes,
	// a byte-order mark removed) is in this format.
	Detect func(head []byte) bool
	// Read calls emit for each point of the file in order, stopping early
	// when emit returns false, and returns the problems it found (a
	// planwatch.ErrorList of errors naming file, line and field), or nil.
	Read func(file string, r io.Reader, emit func(*Point) bool) error
}

// Row is one current figure as the writers of outside formats take it:
// the unit as a reference that reads back to the same unit, the
// indicator with its measure unit, and the figure's own fields.
type Row struct {
	Unit        string
	Indicator   string
	MeasureUnit string
	Dims        planwatch.Dims
	Period      period.Period
	Value       float64
	Status      string
	Source      string
	Note        string
}
