// Package worldbank reads the World Bank's data files: the World
// Development Indicators bulk download (a four-line preamble, "Data
// Source" and "Last Updated Date", then a row per country and indicator,
// a column per year, a comma after every line) and DataBank's CSV export
// (Country Name, Country Code, Series Name, Series Code, then columns
// such as "2015 [YR2015]"; ".." for missing; footer rows after the data:
// "Data from database: ...", "Last Updated: ...").
//
// Points have the country code and the indicator (series) code as
// dimensions, with their names as labels. Countries are ISO 3166 alpha-3
// codes, which a mapping turns into planwatch's units; Viet Nam's VNM is
// the unit VN without one.
package worldbank

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/internal/bound"
	"planwatch/exchange/record"
	"planwatch/period"
)

// Format names, as `planwatch inspect` reports them.
const (
	WDI      = "wdi-csv"
	DataBank = "databank-csv"
)

// The fields of a point.
const (
	CountryCode   = "Country Code"
	IndicatorCode = "Indicator Code"
	SeriesCode    = "Series Code"
	TimeField     = "Time"
)

// Formats lists the World Bank's formats for exchange's registry.
var Formats = []record.Format{
	{Name: WDI, Detect: isWDI, Read: ReadWDI},
	{Name: DataBank, Detect: isDataBank, Read: ReadDataBank},
}

// Aliases are the World Bank's codes of planwatch's own units.
var Aliases = map[string]string{"VNM": "VN"}

func firstLine(head []byte) string {
	for _, l := range bytes.Split(head, []byte("\n")) {
		if s := strings.TrimSpace(string(l)); s != "" {
			return s
		}
	}
	return ""
}

func isWDI(head []byte) bool {
	l := firstLine(head)
	return strings.HasPrefix(l, `"Data Source",`) || strings.HasPrefix(l, "Data Source,") ||
		strings.HasPrefix(l, `"Country Name","Country Code","Indicator Name","Indicator Code"`)
}

func isDataBank(head []byte) bool {
	l := firstLine(head)
	return (strings.Contains(l, "Country Code") || strings.Contains(l, "Economy Code")) && strings.Contains(l, "Series Code")
}

// yearColumn reads a year column's header: "2015", "2015 [YR2015]",
// "YR2015".
var yearColumn = regexp.MustCompile(`^(?:(\d{4})(?: \[YR\d{4}\])?|YR(\d{4}))$`)

func year(h string) (period.Period, bool) {
	m := yearColumn.FindStringSubmatch(strings.TrimSpace(h))
	if m == nil {
		return period.Period{}, false
	}
	y := m[1] + m[2]
	p, err := period.Parse(y)
	return p, err == nil
}

func csvErr(file string, err error) error {
	var tl *bound.TooLongError
	if errors.As(err, &tl) {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: tl.Line}, Msg: tl.Msg()}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: pe.Line}, Msg: pe.Err.Error()}
	}
	return &planwatch.FieldError{Pos: planwatch.Pos{File: file}, Msg: err.Error()}
}

func newCSV(file string, r io.Reader) *csv.Reader {
	br := bufio.NewReaderSize(bound.NewReader(file, r, ','), 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// value fills a point's value from a cell: "" is no point, ".." missing.
func value(p *record.Point, s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	p.Value = s
	if s == ".." {
		p.Missing = true
		return true
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) && numeric(s) {
		p.Number, p.IsNumber = v, true
	}
	return true
}

func numeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

func field(rec []string, i int) string {
	if i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// ReadWDI reads a World Development Indicators bulk file.
func ReadWDI(file string, r io.Reader, emit func(*record.Point) bool) error {
	return readWDI(file, r, emit, nil)
}

// wdiHooks, for ReadTable, are told the source, the date it was updated
// and the years of the columns, and each row, with a value or not.
type wdiHooks struct {
	head func(source, updated string, years []period.Period)
	row  func(rec []string)
}

func readWDI(file string, r io.Reader, emit func(*record.Point) bool, hooks *wdiHooks) error {
	cr := newCSV(file, r)
	source, updated := "World Development Indicators", ""
	var header []string
	for header == nil {
		rec, err := cr.Read()
		if err == io.EOF {
			return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: 1}, Msg: `not a World Bank bulk file: no header starting with "Country Name"`}}
		}
		if err != nil {
			return planwatch.ErrorList{csvErr(file, err)}
		}
		switch field(rec, 0) {
		case "Data Source":
			source = field(rec, 1)
		case "Last Updated Date":
			updated = field(rec, 1)
		case "Country Name":
			header = trimTrailing(append([]string(nil), rec...))
		}
	}
	line, _ := cr.FieldPos(0)
	if len(header) < 5 || field(header, 1) != CountryCode || field(header, 3) != IndicatorCode {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Msg: fmt.Sprintf("header %s is not Country Name, Country Code, Indicator Name, Indicator Code, years", excerpt.Quote(strings.Join(header, ",")))}}
	}
	years := make([]period.Period, len(header))
	for i, h := range header[4:] {
		y, ok := year(h)
		if !ok {
			return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Column: h, Msg: fmt.Sprintf("header column %s is not a year", excerpt.Quote(h))}}
		}
		years[i+4] = y
	}
	if hooks != nil {
		hooks.head(source, updated, years[4:])
	}
	structure := source
	if updated != "" {
		structure += " (" + updated + ")"
	}
	roles := &record.Roles{Unit: CountryCode, Indicator: IndicatorCode, UnitAliases: Aliases}
	p := &record.Point{}
	var errs planwatch.ErrorList
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvErr(file, err))
			break
		}
		line, _ := cr.FieldPos(0)
		rec = trimTrailing(rec)
		if len(rec) == 0 || len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))})
			if len(errs) >= planwatch.MaxErrors {
				break
			}
			continue
		}
		if hooks != nil {
			hooks.row(rec)
		}
		for i := 4; i < len(rec); i++ {
			p.Reset()
			if !value(p, rec[i]) {
				continue
			}
			p.File, p.Line, p.Field = file, line, header[i]
			p.Structure, p.Roles = structure, roles
			p.Dims = append(p.Dims, record.Field{Name: CountryCode, Value: field(rec, 1), Label: field(rec, 0)},
				record.Field{Name: IndicatorCode, Value: field(rec, 3), Label: field(rec, 2)})
			setPeriod(p, header[i], years[i])
			if !emit(p) {
				return errs.Err()
			}
		}
	}
	return errs.Err()
}

func setPeriod(p *record.Point, label string, y period.Period) {
	p.Period, p.PeriodField = strings.TrimSpace(label), TimeField
	p.Start, p.End, p.Canonical = y.Start(), y.End(), y.String()
}

// trimTrailing drops the empty field the trailing comma makes.
func trimTrailing(rec []string) []string {
	if n := len(rec); n > 0 && rec[n-1] == "" {
		return rec[:n-1]
	}
	return rec
}

// MaxDataBank is the largest DataBank export read: it is read whole, for
// the footer that names its database comes after the data.
const MaxDataBank = 64 << 20

// ReadDataBank reads a DataBank CSV export: its columns by name (Country
// Name and Code, Series Name and Code, and either a column per year or a
// Time column with a value column per series), rows until the footer.
func ReadDataBank(file string, r io.Reader, emit func(*record.Point) bool) error {
	data, err := io.ReadAll(io.LimitReader(bound.NewReader(file, r, ','), MaxDataBank+1))
	if err != nil {
		return planwatch.ErrorList{csvErr(file, err)}
	}
	if len(data) > MaxDataBank {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file}, Msg: "larger than " + bound.Size(MaxDataBank) + ": export it from DataBank in parts"}}
	}
	cr := newCSV(file, bytes.NewReader(data))
	type row struct {
		rec  []string
		line int
	}
	var rows []row
	database, updated := "World Bank DataBank", ""
	var header []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return planwatch.ErrorList{csvErr(file, err)}
		}
		line, _ := cr.FieldPos(0)
		first := field(rec, 0)
		switch {
		case header == nil:
			header = append([]string(nil), rec...)
			continue
		case strings.HasPrefix(first, "Data from database:"):
			database = strings.TrimSpace(strings.TrimPrefix(first, "Data from database:"))
			continue
		case strings.HasPrefix(first, "Last Updated:"):
			updated = strings.TrimSpace(strings.TrimPrefix(first, "Last Updated:"))
			continue
		case strings.Join(rec, "") == "":
			continue
		}
		rows = append(rows, row{append([]string(nil), rec...), line})
	}
	col := map[string]int{}
	years := map[int]period.Period{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		col[h] = i
		if y, ok := year(h); ok {
			years[i] = y
		}
	}
	country, ok := col[CountryCode]
	if !ok {
		country, ok = col["Economy Code"]
	}
	series, ok2 := col[SeriesCode]
	if !ok || !ok2 {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: 1}, Msg: "a DataBank export has the columns Country Code and Series Code"}}
	}
	countryName, seriesName := -1, -1
	if i, ok := col["Country Name"]; ok {
		countryName = i
	} else if i, ok := col["Economy"]; ok {
		countryName = i
	}
	if i, ok := col["Series Name"]; ok {
		seriesName = i
	}
	timeCol := -1
	if i, ok := col["Time"]; ok && len(years) == 0 {
		timeCol = i
	}
	if len(years) == 0 && timeCol < 0 {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: 1}, Msg: `no year columns ("2015 [YR2015]") and no Time column`}}
	}
	structure := database
	if updated != "" {
		structure += " (" + updated + ")"
	}
	roles := &record.Roles{Unit: CountryCode, Indicator: SeriesCode, UnitAliases: Aliases}
	p := &record.Point{}
	var errs planwatch.ErrorList
	for _, rw := range rows {
		rec := rw.rec
		// A row without a country or a series code is a footer note.
		if field(rec, country) == "" && field(rec, series) == "" {
			continue
		}
		cells := map[int]period.Period{}
		if timeCol >= 0 {
			y, ok := year(field(rec, timeCol))
			if !ok {
				errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: rw.line}, Column: "Time", Msg: fmt.Sprintf("%s is not a year", excerpt.Quote(field(rec, timeCol)))})
				continue
			}
			// The value is in the column after the codes: the one named by
			// no other role.
			for i, h := range header {
				if i != country && i != series && i != countryName && i != seriesName && i != timeCol && h != "Time Code" {
					cells[i] = y
				}
			}
		} else {
			cells = years
		}
		for i := range header {
			y, ok := cells[i]
			if !ok {
				continue
			}
			p.Reset()
			if !value(p, field(rec, i)) {
				continue
			}
			p.File, p.Line, p.Field = file, rw.line, header[i]
			p.Structure, p.Roles = structure, roles
			p.Dims = append(p.Dims, record.Field{Name: CountryCode, Value: field(rec, country), Label: field(rec, countryName)},
				record.Field{Name: SeriesCode, Value: field(rec, series), Label: field(rec, seriesName)})
			label := header[i]
			if timeCol >= 0 {
				label = field(rec, timeCol)
			}
			setPeriod(p, label, y)
			if !emit(p) {
				return errs.Err()
			}
		}
	}
	return errs.Err()
}

// Table is a bulk file's rows, for code that works on them whole (tests
// computing measures on the World Bank's figures).
type Table struct {
	Source, Updated string
	Years           []int
	Rows            []Row
}

// Row is one country's or aggregate's series; missing values are NaN.
type Row struct {
	CountryName, CountryCode, IndicatorName, IndicatorCode string
	Values                                                 []float64
}

// ReadTable reads a World Development Indicators bulk file whole: every
// row, with a value or not.
func ReadTable(r io.Reader) (*Table, error) {
	t := &Table{}
	column := map[string]int{}
	var perr error
	err := readWDI("", r, func(p *record.Point) bool {
		if !p.IsNumber {
			perr = fmt.Errorf("line %d, %s %s: %s is not a number", p.Line, p.Dim(CountryCode), p.Period, excerpt.Quote(p.Value))
			return false
		}
		t.Rows[len(t.Rows)-1].Values[column[p.Canonical]] = p.Number
		return true
	}, &wdiHooks{head: func(source, updated string, years []period.Period) {
		t.Source, t.Updated = source, updated
		for j, y := range years {
			t.Years = append(t.Years, y.StartYear())
			column[y.String()] = j
		}
	}, row: func(rec []string) {
		row := Row{CountryName: field(rec, 0), CountryCode: field(rec, 1), IndicatorName: field(rec, 2), IndicatorCode: field(rec, 3), Values: make([]float64, len(t.Years))}
		for j := range row.Values {
			row.Values[j] = math.NaN()
		}
		t.Rows = append(t.Rows, row)
	}})
	if err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, perr
	}
	return t, nil
}
