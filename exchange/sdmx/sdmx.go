// Package sdmx reads and writes SDMX data: SDMX-CSV 1.0 and 2.0,
// SDMX-JSON 1.0 and 2.0 data messages, and writes planwatch's data
// structure definition as an SDMX-ML 3.0 structure message.
//
// Readers yield record.Points. Without the data structure definition a
// CSV file does not say which columns are dimensions and which are
// attributes: the reader takes the SDMX cross-domain attributes
// (OBS_STATUS, OBS_CONF, COMMENT_OBS ...), columns named ATT..., At_... or
// OBS_... for attributes, Me_... and OBS_VALUE for measures, TIME_PERIOD
// for the time, and every other column for a dimension. A file planwatch
// wrote names planwatch's structure, whose components are known.
package sdmx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"

	"planwatch/exchange/record"
	"planwatch/period"
)

// Format names, as `planwatch inspect` reports them.
const (
	CSV10  = "sdmx-csv-1.0"
	CSV20  = "sdmx-csv-2.0"
	JSON10 = "sdmx-json-1.0"
	JSON20 = "sdmx-json-2.0"
)

// planwatch's own structure: the agency, the data structure definition and
// the dataflow its files name, and the components.
const (
	Agency    = "PLANWATCH"
	DSDID     = "DSD_OBSERVATIONS"
	FlowID    = "DF_OBSERVATIONS"
	Version   = "1.0.0"
	FlowRef   = Agency + ":" + FlowID + "(" + Version + ")"
	DSDRef    = Agency + ":" + DSDID + "(" + Version + ")"
	FlowURN   = "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=" + FlowRef
	DSDURN    = "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=" + DSDRef
	RefArea   = "REF_AREA"
	Indicator = "INDICATOR"
	Time      = "TIME_PERIOD"
	ObsValue  = "OBS_VALUE"
	ObsStatus = "OBS_STATUS"
	Unit      = "UNIT_MEASURE"
	Source    = "OBS_SOURCE"
	Comment   = "COMMENT_OBS"
)

// Formats lists the SDMX formats for exchange's registry.
var Formats = []record.Format{
	{Name: CSV10, Detect: isCSV10, Read: ReadCSV},
	{Name: CSV20, Detect: isCSV20, Read: ReadCSV},
	{Name: JSON10, Detect: func(h []byte) bool { return jsonVersion(h) == JSON10 }, Read: ReadJSON},
	{Name: JSON20, Detect: func(h []byte) bool { return jsonVersion(h) == JSON20 }, Read: ReadJSON},
}

func isCSV10(head []byte) bool {
	return bytes.HasPrefix(head, []byte("DATAFLOW")) && len(head) > 8 && (head[8] == ',' || head[8] == ';' || head[8] == '\t' || head[8] == ':' || head[8] == '\r' || head[8] == '\n')
}

func isCSV20(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("STRUCTURE")) || len(head) <= 9 {
		return false
	}
	c := head[9]
	return c == ',' || c == ';' || c == '\t' || c == '['
}

// jsonVersion tells an SDMX-JSON 2.0 message (data.structures, an array)
// from a 1.0 one (structure, an object, at the top or in data) by the
// names its first 4096 bytes use; "" when it is neither.
func jsonVersion(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return ""
	}
	if !bytes.Contains(head, []byte(`"dataSets"`)) && !bytes.Contains(head, []byte(`"structure`)) {
		return ""
	}
	switch {
	case bytes.Contains(head, []byte(`"structures"`)):
		return JSON20
	case bytes.Contains(head, []byte(`"structure"`)):
		return JSON10
	}
	return ""
}

// knownAttributes are the SDMX cross-domain concepts that data structures
// use as attributes, and the attribute IDs of the big agencies' structures.
var knownAttributes = map[string]bool{
	"OBS_STATUS": true, "OBS_CONF": true, "OBS_PRE_BREAK": true, "OBS_COM": true, "OBS_EDP_WBB": true,
	"CONF_STATUS": true, "PRE_BREAK_VALUE": true, "COMMENT_OBS": true, "COMMENT_TS": true, "COMMENT_DSET": true,
	"UNIT_MULT": true, "DECIMALS": true, "TITLE": true, "TITLE_COMPL": true, "NAT_TITLE": true,
	"TIME_FORMAT": true, "TIME_PER_COLLECT": true, "COLLECTION": true, "AVAILABILITY": true,
	"COMPILATION": true, "COMPILING_ORG": true, "COVERAGE": true, "SOURCE_AGENCY": true, "SOURCE_PUB": true,
	"DATA_COMP": true, "BREAKS": true, "DOM_SER_IDS": true, "PUBL_ECB": true, "PUBL_MU": true,
	"PUBL_PUBLIC": true, "UNIT_INDEX_BASE": true, "BASE_PER": true, "BASE_YEAR": true, "EMBARGO_TIME": true,
	"REF_PERIOD_DETAIL": true, "DISS_ORG": true, "DIS_FLAG": true, "DISS_FLAG": true, "UNIT": true,
	"NATURE": true, "SOURCE_DETAIL": true, "FOOTNOTE": true,
}

// Component roles of a column.
type role int

const (
	dimension role = iota
	attribute
	measure
	timeDim
)

// roleOf classifies a component ID when no structure says what it is.
func roleOf(id string) role {
	u := strings.ToUpper(id)
	switch {
	case u == Time || u == "TIME":
		return timeDim
	case u == ObsValue || strings.HasPrefix(u, "OBS_VALUE") || strings.HasPrefix(u, "ME_") || strings.HasPrefix(u, "MEAS"):
		return measure
	case knownAttributes[u] || strings.HasPrefix(u, "OBS_") || strings.HasPrefix(u, "AT_") || strings.HasPrefix(u, "ATT") || strings.HasPrefix(u, "COMMENT"):
		return attribute
	}
	return dimension
}

// nativeRoles are the roles of planwatch's own files: every dimension
// other than the unit and the indicator is a planwatch dimension.
func nativeRoles(dims []string) *record.Roles {
	r := &record.Roles{Native: true, Unit: RefArea, Indicator: Indicator, Status: ObsStatus, Source: Source, Note: Comment}
	for _, d := range dims {
		if d != RefArea && d != Indicator {
			r.DimFields = append(r.DimFields, d)
		}
	}
	return r
}

// foreignRoles are what the SDMX conventions let planwatch assume of any
// other file: REF_AREA is the place, INDICATOR (when there is one) the
// indicator, OBS_STATUS the status, a comment the note.
func foreignRoles(attrs []string) *record.Roles {
	r := &record.Roles{Unit: RefArea, Indicator: Indicator, Status: ObsStatus}
	for _, a := range attrs {
		if a == Comment || a == "OBS_COM" {
			r.Note = a
		}
	}
	return r
}

// isNative reports whether a structure reference names planwatch's
// dataflow or data structure, of any version.
func isNative(ref string) bool {
	ref = strings.TrimPrefix(ref, "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=")
	ref = strings.TrimPrefix(ref, "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=")
	id, _, _ := strings.Cut(ref, "(")
	return id == Agency+":"+FlowID || id == Agency+":"+DSDID
}

// missingStatuses are the CL_OBS_STATUS codes of a missing value.
var missingStatuses = map[string]bool{"L": true, "M": true, "O": true, "Q": true}

// readValue fills p's value fields from an OBS_VALUE as written. decimal
// is the decimal separator the file uses. NaN and the missing markers
// make the point missing.
func readValue(p *record.Point, s string, decimal byte) {
	s = strings.TrimSpace(s)
	p.Value = s
	switch s {
	case "":
		p.Missing = missingStatuses[p.Attr(ObsStatus)]
		return
	case "NaN", "nan", "..", "NA", "-":
		p.Missing = true
		return
	}
	t := s
	if decimal == ',' && strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	if v, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(v, 0) && numeric(t) {
		p.Number, p.IsNumber = v, true
	}
}

func isInfOrNaN(v float64) bool {
	return v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308
}

// numeric accepts what SDMX writes for a number: digits, a sign, a dot, an
// exponent; not hexadecimal or Inf, which strconv would take.
func numeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// readTime fills p's period fields from an SDMX time period: a Gregorian
// period (2025, 2025-09, 2025-09-30), a reporting period (2025-A1,
// 2025-S1, 2025-T1, 2025-Q3, 2025-M09, 2025-W05, 2025-D001), a date-time,
// a time range (2025-01-01/P1Y), or planwatch's intervals (2021/2025).
func readTime(p *record.Point, field, s string) {
	s = strings.TrimSpace(s)
	p.Period, p.PeriodField = s, field
	if s == "" {
		return
	}
	p.Start, p.End, p.Canonical = parseTime(s)
}

func parseTime(s string) (start, end time.Time, canonical string) {
	if q, err := period.Parse(s); err == nil {
		return q.Start(), q.End(), q.String()
	}
	if a, b, ok := strings.Cut(s, "/"); ok {
		st, _, _ := parseTime(a)
		if st.IsZero() {
			return
		}
		if strings.HasPrefix(b, "P") {
			en, ok := addDuration(st, b)
			if !ok || !en.After(st) {
				return time.Time{}, time.Time{}, ""
			}
			// A duration in years or in months keeps that frequency, as
			// planwatch writes its intervals (2005-01-01/P15Y).
			if n, unit, ok := simpleDuration(b); ok && st.Day() == 1 && st.Hour()+st.Minute()+st.Second() == 0 {
				f, count := period.Monthly, n
				if unit == 'Y' && st.Month() == time.January {
					f = period.Annual
				} else if unit == 'Y' {
					count = 12 * n
				}
				sub := int(st.Month())
				if f == period.Annual {
					sub = 1
				}
				if a, err := period.New(f, st.Year(), sub); err == nil {
					if sp, err := period.Span(a, a.Shift(count-1)); err == nil {
						return st, en, sp.String()
					}
				}
			}
			return st, en, record.CanonicalSpan(st, en)
		}
		_, en, _ := parseTime(b)
		if en.IsZero() || !en.After(st) {
			return time.Time{}, time.Time{}, ""
		}
		return st, en, record.CanonicalSpan(st, en)
	}
	if len(s) < 6 || s[4] != '-' {
		return
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < period.MinYear || year > period.MaxYear {
		return
	}
	rest := s[5:]
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, t.AddDate(0, 0, 1), ""
	}
	if len(s) > 10 && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			t = t.UTC()
			return t, t.Add(time.Second), ""
		}
		if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
			return t, t.Add(time.Second), ""
		}
		return
	}
	if len(rest) < 2 {
		return
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil || n < 1 {
		return
	}
	y0 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	switch rest[0] {
	case 'T': // trimester: four months
		if n <= 3 && len(rest) == 2 {
			st := y0.AddDate(0, 4*(n-1), 0)
			return st, st.AddDate(0, 4, 0), record.CanonicalSpan(st, st.AddDate(0, 4, 0))
		}
	case 'M':
		if n <= 12 && len(rest) == 3 {
			st := y0.AddDate(0, n-1, 0)
			return st, st.AddDate(0, 1, 0), record.CanonicalSpan(st, st.AddDate(0, 1, 0))
		}
	case 'W': // ISO 8601 weeks: week 1 holds the year's first Thursday
		if n <= 53 && len(rest) == 3 {
			jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
			monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
			st := monday.AddDate(0, 0, 7*(n-1))
			return st, st.AddDate(0, 0, 7), ""
		}
	case 'D':
		if n <= 366 && len(rest) == 4 {
			st := y0.AddDate(0, 0, n-1)
			if st.Year() == year {
				return st, st.AddDate(0, 0, 1), ""
			}
		}
	}
	return
}

// addDuration adds an ISO 8601 duration of years, months and days (P1Y,
// P3M, P7D, P1Y6M) to t.
func addDuration(t time.Time, d string) (time.Time, bool) {
	d = strings.TrimPrefix(d, "P")
	if d == "" || strings.Contains(d, "T") {
		return time.Time{}, false
	}
	var y, m, days int
	num := 0
	digits := false
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= '0' && c <= '9':
			num = num*10 + int(c-'0')
			digits = true
			if num > 10000 {
				return time.Time{}, false
			}
		case (c == 'Y' || c == 'M' || c == 'W' || c == 'D') && digits:
			switch c {
			case 'Y':
				y = num
			case 'M':
				m = num
			case 'W':
				days += 7 * num
			case 'D':
				days += num
			}
			num, digits = 0, false
		default:
			return time.Time{}, false
		}
	}
	if digits {
		return time.Time{}, false
	}
	return t.AddDate(y, m, days), true
}

// simpleDuration reads a duration of whole years or whole months (P15Y,
// P9M).
func simpleDuration(d string) (int, byte, bool) {
	if len(d) < 3 || d[0] != 'P' {
		return 0, 0, false
	}
	unit := d[len(d)-1]
	n, err := strconv.Atoi(d[1 : len(d)-1])
	if err != nil || n < 1 || n > 1000 || unit != 'Y' && unit != 'M' {
		return 0, 0, false
	}
	return n, unit, true
}

// FormatTime writes a planwatch period as an SDMX time period: single
// periods as they are (2025, 2025-S1, 2025-Q3, 2025-09); an interval of
// years or months as a time range with a duration in its frequency
// (2005-01-01/P15Y, 2025-01-01/P9M). SDMX has no form for an interval of
// quarters or half-years: those stay in planwatch's form (2025-Q1/2025-Q3),
// which planwatch reads back.
func FormatTime(p period.Period) string {
	if !p.IsInterval() {
		return p.String()
	}
	start := p.Start().Format("2006-01-02")
	switch p.Freq() {
	case period.Annual:
		return start + "/P" + strconv.Itoa(p.Len()) + "Y"
	case period.Monthly:
		return start + "/P" + strconv.Itoa(p.Len()) + "M"
	}
	return p.String()
}

// splitLabel splits "ID: Name" as labels=both writes it.
func splitLabel(s string) (id, label string) {
	if i := strings.Index(s, ": "); i > 0 && !strings.ContainsAny(s[:i], " \t") {
		return s[:i], s[i+2:]
	}
	return s, ""
}
