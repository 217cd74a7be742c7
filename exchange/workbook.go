package exchange

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/pxweb"
	"planwatch/exchange/record"
	"planwatch/exchange/xlsx"
)

// A workbook (XLSX) holds, sheet by sheet:
//   - a canonical table, the kind named by the sheet ("units",
//     "observations") or by its header row (the canonical columns, in any
//     of the first rows, below a title): read as the canonical files are;
//   - an entry template (see entry.go): its rows with a value are
//     observations;
//   - a statistics table: a label column and a column per period (or the
//     reverse), merged header cells, read as pxweb reads its tables,
//     through a mapping;
//   - explanations (README, Hướng dẫn, Instructions), which are skipped.
//
// Cells are read as they hold their values: a number cell as a number, a
// text cell as text. A number written as text is read the way it can
// only be read (72.497,5 the Vietnamese way) or the way its column's
// header or its sheet's name says ("(vi)", "(en)"), and said so; one
// whose reading depends on that ("72.497") is an error naming its cell. A
// cell shown as a percentage holds a fraction (0.125 for 12.5%): it is
// read as the percentage. A date column's date cells are dates.

// readmeSheets are the sheets of explanations a workbook may have.
var readmeSheets = map[string]bool{"readme": true, "đọc trước": true, "hướng dẫn": true, "instructions": true, "ghi chú": true, "notes": true}

// sheetKinds of a workbook, besides the canonical kinds.
const (
	entrySheet = "entry"
	tableSheet = "table"
)

// sheetPlan is what a sheet holds and where its rows start.
type sheetPlan struct {
	name   string
	kind   string
	layout Layout
	header []string // lower case, "" for an empty header cell
	first  int      // the first row of data
}

// numberColumns are the canonical columns that hold numbers.
var numberColumns = map[string]bool{"value": true, "low": true, "high": true, "baseline_value": true, "share": true}

// dateColumns are the canonical columns that hold dates.
var dateColumns = map[string]bool{"valid_from": true, "valid_to": true, "date": true, "issued": true}

// planSheet finds what a sheet holds from its first rows.
func planSheet(book *xlsx.Book, sheet string) (sheetPlan, error) {
	sp := sheetPlan{name: sheet, kind: tableSheet}
	named, byName := LayoutOf(strings.ToLower(strings.TrimSpace(sheet)))
	var rows [][]string
	if err := book.Rows(sheet, func(n int, cells []string) bool {
		rows = append(rows, slices.Clone(cells))
		return n < 12
	}); err != nil {
		return sp, err
	}
	empty := true
	for i, cells := range rows {
		header := make([]string, len(cells))
		var present []string
		for j, c := range cells {
			header[j] = strings.ToLower(strings.TrimSpace(c))
			if header[j] != "" {
				present = append(present, header[j])
				empty = false
			}
		}
		if len(present) == 0 {
			continue
		}
		if isEntryHeader(present) {
			sp.kind, sp.header, sp.first = entrySheet, header, i+3 // the machine row, the people's header, then data
			sp.layout, _ = LayoutOf("observations")
			return sp, nil
		}
		if l, err := Detect(present); err == nil {
			if byName && l.Kind != named.Kind {
				return sp, fmt.Errorf("the sheet is named %s, but its header row %d is that of %s", sheet, i+1, l.Kind)
			}
			sp.kind, sp.layout, sp.header, sp.first = l.Kind, l, header, i+2
			return sp, nil
		}
		if byName {
			_, err := Detect(present)
			return sp, fmt.Errorf("row %d: %v", i+1, err)
		}
	}
	if empty {
		sp.kind = ""
	}
	return sp, nil
}

// sheetRows are a worksheet's rows as a canonical table's: as wide as the
// header, blank rows left out.
type sheetRows struct {
	it     *xlsx.RowIter
	plan   sheetPlan
	row    int
	buf    []string
	book   *xlsx.Book
	native bool
	file   string
	vi     int    // numbers read the Vietnamese way
	pct    int    // percent cells read as percentages
	ex     string // the first of those
}

func (s *sheetRows) Read() ([]string, error) {
	for {
		n, cells, err := s.it.Next()
		if err != nil {
			return nil, err
		}
		if n < s.plan.first {
			continue
		}
		s.row = n
		s.buf = s.buf[:0]
		blank := true
		for i := range s.plan.header {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			blank = blank && strings.TrimSpace(v) == ""
			s.buf = append(s.buf, v)
		}
		if blank {
			continue
		}
		if s.plan.kind == entrySheet {
			// A row left empty is a figure not entered; a row entered
			// without a source has the cell as its source.
			if s.get("value") == "" {
				continue
			}
			if i := slices.Index(s.plan.header, "status"); i >= 0 {
				s.buf[i] = statusCode(s.buf[i])
			}
			if i := slices.Index(s.plan.header, "source"); i >= 0 && strings.TrimSpace(s.buf[i]) == "" {
				s.buf[i] = s.file + " " + s.plan.name + "!" + xlsx.CellName(slices.Index(s.plan.header, "value"), n)
			}
		}
		if !s.native {
			for i, h := range s.plan.header {
				if dateColumns[h] && s.buf[i] != "" && !s.book.IsText(s.plan.name, xlsx.CellName(i, n)) {
					if d, ok := xlsx.SerialDate(s.buf[i]); ok {
						s.buf[i] = d
					}
				}
			}
		}
		return s.buf, nil
	}
}

func (s *sheetRows) get(col string) string {
	if i := slices.Index(s.plan.header, col); i >= 0 {
		return strings.TrimSpace(s.buf[i])
	}
	return ""
}

func (s *sheetRows) Line() int { return s.row }

// ambiguous is a number whose reading depends on its style: one dot
// before a group of three digits.
var ambiguous = regexp.MustCompile(`^[+-]?[1-9]\d{0,2}\.\d{3}$`)

// number reads a number cell of the table: a number cell as it is
// stored; text as it can only be read, or as its column's header says.
func (s *sheetRows) number(column, text string) (float64, error) {
	if s.native {
		return planwatch.ParseNumber(text)
	}
	cell := xlsx.CellName(slices.Index(s.plan.header, column), s.row)
	isText := s.book.IsText(s.plan.name, cell)
	if !isText {
		v, err := planwatch.ParseNumber(text)
		if err == nil && s.book.IsPercent(s.plan.name, cell) {
			v, _ = planwatch.ParseNumber(planwatch.FormatNumber(roundDigits(v * 100)))
			if s.pct++; s.pct == 1 {
				s.ex = fmt.Sprintf("%s!%s = %s%%", s.plan.name, cell, planwatch.FormatNumber(v))
			}
		}
		return v, err
	}
	style := record.Either
	if low := strings.ToLower(s.plan.name); strings.HasSuffix(low, "(vi)") {
		style = record.Vietnamese
	} else if strings.HasSuffix(low, "(en)") {
		style = record.English
	}
	v, read, err := record.ReadNumber(text, style)
	if err != nil {
		return 0, err
	}
	if read == record.Vietnamese {
		s.vi++
	}
	return v, nil
}

func roundDigits(v float64) float64 {
	x, _ := planwatch.ParseNumber(fmt.Sprintf("%.15g", v))
	return x
}

// notes say what was read other than as it was written.
func (s *sheetRows) notes() []string {
	var out []string
	if s.vi > 0 {
		out = append(out, fmt.Sprintf("%s %s: %d ô chữ đọc là số kiểu Việt Nam (72.497,5 là 72497,5) / %d text cells read as numbers written the Vietnamese way (72.497,5 is 72497.5)", s.file, s.plan.name, s.vi, s.vi))
	}
	if s.pct > 0 {
		out = append(out, fmt.Sprintf("%s %s: %d ô định dạng phần trăm đọc là số phần trăm (%s) / %d cells formatted as percentages read as the percentage they show (%s)", s.file, s.plan.name, s.pct, s.ex, s.pct, s.ex))
	}
	return out
}

// decoder reads the sheet's rows as a canonical table of its kind.
func (s *sheetRows) decoder() *decoder {
	name := s.file + " " + s.plan.name
	d := decoderFor(name, s.plan.layout, s.plan.header, s)
	delete(d.rd.col, "")
	if s.plan.kind == entrySheet {
		for _, c := range entryOnly {
			delete(d.rd.col, c)
		}
	}
	d.rd.raw = true
	d.rd.number = s.number
	d.rd.cell = func(line int, column string) planwatch.Pos {
		i, ok := d.rd.col[column]
		if !ok || line == 0 {
			return planwatch.Pos{File: name, Line: line}
		}
		return planwatch.Pos{File: name + "!" + xlsx.CellName(i, line)}
	}
	return d
}

// openWorkbook reads a workbook's sheets: the canonical tables of kinds
// other than observations at once, the observations, entry templates and
// statistics tables as streams, in the order of the sheets.
func openWorkbook(name string, r io.Reader, opt Options) (*planwatch.Batch, error) {
	book, err := xlsx.Open(r)
	if err != nil {
		return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name}, Msg: err.Error()}
	}
	b := &planwatch.Batch{}
	var errs planwatch.ErrorList
	var streams []planwatch.ObservationStream
	for _, sheet := range book.Sheets() {
		if readmeSheets[strings.ToLower(strings.TrimSpace(sheet))] {
			continue
		}
		sp, err := planSheet(book, sheet)
		if err != nil {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name + " " + sheet}, Msg: shortQuotes(err.Error())})
			continue
		}
		switch sp.kind {
		case "":
			continue
		case tableSheet:
			c := newConverter(name, opt)
			streams = append(streams, convertStream(c, func(emit func(*record.Point) bool) error {
				return tablePoints(book, name, sheet, emit)
			}))
		case "observations", entrySheet:
			streams = append(streams, func(emit func(planwatch.ObservationRecord) bool) error {
				return sheetObservations(book, name, sp, opt, emit)
			})
		default:
			it, err := book.Iter(sheet)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rows := &sheetRows{it: it, plan: sp, book: book, native: book.Native(), file: name}
			if err := rows.decoder().run(b, nil); err != nil {
				errs = append(errs, err.(planwatch.ErrorList)...)
			}
			for _, n := range rows.notes() {
				b.Warnings = append(b.Warnings, n)
			}
			it.Close()
		}
	}
	if len(errs) > 0 {
		book.Close()
		return nil, errs
	}
	if len(streams) == 0 {
		book.Close()
		return b, nil
	}
	// The last stream closes the workbook (its large sheets are in
	// temporary files).
	last := len(streams) - 1
	done := streams[last]
	streams[last] = func(emit func(planwatch.ObservationRecord) bool) error {
		defer book.Close()
		return done(emit)
	}
	b.Streams = streams
	return b, nil
}

// sheetObservations streams a sheet of observations or an entry sheet.
func sheetObservations(book *xlsx.Book, file string, sp sheetPlan, opt Options, emit func(planwatch.ObservationRecord) bool) error {
	it, err := book.Iter(sp.name)
	if err != nil {
		return planwatch.ErrorList{err}
	}
	defer it.Close()
	rows := &sheetRows{it: it, plan: sp, book: book, native: book.Native(), file: file}
	d := rows.decoder()
	batch := &planwatch.Batch{}
	err = d.run(batch, func() bool {
		for _, o := range batch.Observations {
			if !emit(o) {
				return false
			}
		}
		batch.Observations = batch.Observations[:0]
		return true
	})
	if opt.Notes != nil {
		for _, n := range rows.notes() {
			opt.Notes(file, n)
		}
	}
	return err
}

// tablePoints reads a sheet as a statistics table.
func tablePoints(book *xlsx.Book, file, sheet string, emit func(*record.Point) bool) error {
	g, notes, err := book.Grid(file, sheet)
	if err != nil {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file + " " + sheet}, Msg: err.Error()}}
	}
	t, err := pxweb.Parse(g, nil)
	if err != nil {
		msg := err.Error()
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file + " " + sheet}, Msg: "is neither a table of planwatch's (a header row of its columns) nor a statistics table: " + excerpt.Quote(msg)}}
	}
	t.Notes = append(notes, t.Notes...)
	t.Points(emit)
	return nil
}

// inspectWorkbook reports on every sheet of a workbook.
func inspectWorkbook(name string, r io.Reader, in *record.Inspector) error {
	book, err := xlsx.Open(r)
	if err != nil {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: name}, Msg: err.Error()}
	}
	defer book.Close()
	for _, sheet := range book.Sheets() {
		if readmeSheets[strings.ToLower(strings.TrimSpace(sheet))] {
			continue
		}
		sp, err := planSheet(book, sheet)
		if err != nil {
			return &planwatch.FieldError{Pos: planwatch.Pos{File: name + " " + sheet}, Msg: err.Error()}
		}
		switch sp.kind {
		case "":
		case tableSheet:
			if err := tablePoints(book, name, sheet, func(p *record.Point) bool { in.Add(p); return true }); err != nil {
				return err
			}
		default:
			it, err := book.Iter(sheet)
			if err != nil {
				return err
			}
			rows := &sheetRows{it: it, plan: sp, book: book, native: book.Native(), file: name}
			header := slices.Clone(sp.header)
			for i, h := range header {
				if sp.kind == entrySheet && slices.Contains(entryOnly, h) {
					header[i] = ""
				} else if sp.layout.Kind != "observations" && h != "" {
					// Each kind's columns apart: units' code from indicators'.
					header[i] = sp.layout.Kind + "." + h
				}
			}
			err = inspectRows(name+" "+sheet, sp.layout, header, rows, in)
			it.Close()
			if err != nil {
				return err
			}
		}
	}
	return nil
}
