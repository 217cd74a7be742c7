// Package xlsx reads and writes Excel workbooks (through excelize): a
// workbook's sheets as rows of cell text, streamed for large sheets, or as
// a grid with merged cells filled, number cells told from text cells and
// percent cells read as percentages, for statistics tables; and workbooks
// written as planwatch writes them: formatted tables with frozen headers
// and a README sheet, and entry templates with drop-down lists and locked
// cells. What the sheets mean is exchange's to say.
package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"planwatch/exchange/pxweb"
	"planwatch/exchange/record"
)

// Name is the format's name, as `planwatch inspect` reports it.
const Name = "xlsx"

// MaxWorkbook is the largest workbook read: excelize reads the file whole
// (its large sheets it then streams from temporary files). A million
// figures make some 30 MB.
const MaxWorkbook = 512 << 20

// Creator is the author planwatch writes in the workbooks it makes: a
// workbook by it has its canonical sheets' values as number cells.
const Creator = "planwatch"

// Detect recognises a workbook: a zip file whose first entries are those
// of an Office Open XML spreadsheet.
func Detect(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) && (bytes.Contains(head, []byte("xl/")) || bytes.Contains(head, []byte("[Content_Types].xml"))) &&
		!bytes.Contains(head, []byte("word/")) && !bytes.Contains(head, []byte("ppt/"))
}

// Book is an open workbook.
type Book struct {
	f      *excelize.File
	sheets []string
	native bool
}

// Open reads a workbook.
func Open(r io.Reader) (*Book, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkbook+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxWorkbook {
		return nil, fmt.Errorf("larger than %d MiB, more than planwatch reads in one workbook: split it", MaxWorkbook>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) || errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, fmt.Errorf("not a workbook planwatch can read (encrypted, or not XLSX): %v", err)
		}
		return nil, fmt.Errorf("not a workbook: %v", err)
	}
	b := &Book{f: f, sheets: f.GetSheetList()}
	if p, err := f.GetDocProps(); err == nil && p.Creator == Creator {
		b.native = true
	}
	return b, nil
}

// Close removes the temporary files of the workbook's large sheets.
func (b *Book) Close() error { return b.f.Close() }

// Sheets lists the sheets in their order.
func (b *Book) Sheets() []string { return b.sheets }

// Native reports whether planwatch wrote the workbook.
func (b *Book) Native() bool { return b.native }

// Rows streams a sheet's rows as their cells' text, a number cell's
// value as stored (72497.5), without number formats: row numbers from 1,
// cells from column A, trailing empty cells left out. fn stops the
// reading by returning false.
func (b *Book) Rows(sheet string, fn func(row int, cells []string) bool) error {
	it, err := b.Iter(sheet)
	if err != nil {
		return err
	}
	defer it.Close()
	for {
		n, cells, err := it.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !fn(n, cells) {
			return nil
		}
	}
}

// RowIter hands out a sheet's rows one at a time.
type RowIter struct {
	rows *excelize.Rows
	n    int
}

// Iter starts reading a sheet's rows.
func (b *Book) Iter(sheet string) (*RowIter, error) {
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &RowIter{rows: rows}, nil
}

// Next returns the next row's number and cells, or io.EOF.
func (it *RowIter) Next() (int, []string, error) {
	if !it.rows.Next() {
		if err := it.rows.Error(); err != nil {
			return 0, nil, err
		}
		return 0, nil, io.EOF
	}
	it.n++
	cells, err := it.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return it.n, nil, fmt.Errorf("row %d: %v", it.n, err)
	}
	return it.n, cells, nil
}

// Close ends the reading.
func (it *RowIter) Close() error { return it.rows.Close() }

// IsText reports whether a cell holds text (a string cell), not a number,
// a boolean or a date.
func (b *Book) IsText(sheet, cell string) bool {
	t, err := b.f.GetCellType(sheet, cell)
	return err == nil && (t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString || t == excelize.CellTypeFormula)
}

// percentFormats are the built-in number formats that show a percentage.
var percentFormats = map[int]bool{9: true, 10: true}

// IsPercent reports whether a cell's number format shows its value as a
// percentage (0.125 shown as 12.5%).
func (b *Book) IsPercent(sheet, cell string) bool {
	id, err := b.f.GetCellStyle(sheet, cell)
	if err != nil || id == 0 {
		return false
	}
	st, err := b.f.GetStyle(id)
	if err != nil {
		return false
	}
	if percentFormats[st.NumFmt] {
		return true
	}
	return st.CustomNumFmt != nil && strings.Contains(strings.ReplaceAll(*st.CustomNumFmt, `"%"`, ""), "%")
}

// Grid reads a sheet whole as a statistics table's grid: merged cells
// carry their value into every cell they cover (a header spanning
// columns), number cells are flagged as such, and a percent cell's value
// is the percentage it shows (12.5 for 0.125 shown as 12.5%), which the
// notes say. A sheet whose name ends in "(vi)" writes its text numbers
// the Vietnamese way.
func (b *Book) Grid(file, sheet string) (*pxweb.Grid, []string, error) {
	rows, err := b.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, err
	}
	merges, err := b.f.GetMergeCells(sheet)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || (r2-r1+1)*(c2-c1+1) > 1<<16 {
			continue
		}
		v := m.GetCellValue()
		if r1 <= len(rows) && c1 <= len(rows[r1-1]) {
			v = rows[r1-1][c1-1] // the raw value, not the formatted one
		}
		for r := r1; r <= r2; r++ {
			for len(rows) < r {
				rows = append(rows, nil)
			}
			for c := c1; c <= c2; c++ {
				for len(rows[r-1]) < c {
					rows[r-1] = append(rows[r-1], "")
				}
				rows[r-1][c-1] = v
			}
		}
	}
	numeric := make([][]bool, len(rows))
	percents := 0
	example := ""
	for r, row := range rows {
		numeric[r] = make([]bool, len(row))
		for c, v := range row {
			if strings.TrimSpace(v) == "" {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if b.IsText(sheet, name) {
				continue
			}
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				continue
			}
			numeric[r][c] = true
			if b.IsPercent(sheet, name) {
				p, _ := strconv.ParseFloat(strconv.FormatFloat(x*100, 'g', 15, 64), 64)
				rows[r][c] = strconv.FormatFloat(p, 'f', -1, 64)
				if percents++; percents == 1 {
					example = fmt.Sprintf("%s!%s = %s%%", sheet, name, rows[r][c])
				}
			}
		}
	}
	var notes []string
	if percents > 0 {
		notes = append(notes, fmt.Sprintf("%s %s: %d ô định dạng phần trăm đọc là số phần trăm (%s) / %d cells formatted as percentages read as the percentage they show (%s)", file, sheet, percents, example, percents, example))
	}
	g := &pxweb.Grid{File: file, Sheet: sheet, Rows: rows, Numeric: func(r, c int) bool { return r < len(numeric) && c < len(numeric[r]) && numeric[r][c] }, Style: record.Either}
	if low := strings.ToLower(strings.TrimSpace(sheet)); strings.HasSuffix(low, "(vi)") || strings.HasSuffix(low, "[vi]") {
		g.Style = record.Vietnamese
	} else if strings.HasSuffix(low, "(en)") || strings.HasSuffix(low, "[en]") {
		g.Style = record.English
	}
	return g, notes, nil
}

// CellName is a cell's A1 name from its column (from 0) and row (from 1).
func CellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row)
	return name
}

// SerialDate turns a spreadsheet's day number (45839) into the date it
// stands for (2025-07-01), for a date column that a spreadsheet stored as
// a date; ok is false for anything else.
func SerialDate(s string) (string, bool) {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n < 1 || n > 2958465 || n != math.Trunc(n) {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}
