package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Writer makes a workbook of formatted tables: each sheet a header row,
// bold on a tinted ground and frozen, with a filter, then its rows
// streamed (a million rows hold no more than a row in memory), texts as
// text cells, never formulas, and numbers as number cells showing the
// digits they have, with thousands grouped.
type Writer struct {
	f       *excelize.File
	header  int
	text    int
	wrap    int
	numbers map[int]int // decimals -> style
	first   bool
}

// NewWriter starts a workbook; title and subject go into its document
// properties, with planwatch as its author.
func NewWriter(title, subject string) (*Writer, error) {
	f := excelize.NewFile()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: Creator, Title: title, Subject: subject}); err != nil {
		return nil, err
	}
	w := &Writer{f: f, numbers: map[int]int{}, first: true}
	var err error
	if w.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE6F1"}, Pattern: 1},
		Border: []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	if w.text, err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return nil, err
	}
	if w.wrap, err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return nil, err
	}
	return w, nil
}

// File is the workbook, for a caller that adds what Writer does not.
func (w *Writer) File() *excelize.File { return w.f }

// Sheet adds a sheet for the caller to fill through File: the first is
// the one a new workbook has, renamed.
func (w *Writer) Sheet(name string) error { return w.sheet(name) }

// sheet names the next sheet: the first is the one a new workbook has.
func (w *Writer) sheet(name string) error {
	if w.first {
		w.first = false
		return w.f.SetSheetName("Sheet1", name)
	}
	_, err := w.f.NewSheet(name)
	return err
}

// Column is a column of a table: its header, its width in characters, and
// whether its long texts wrap.
type Column struct {
	Header string
	Width  float64
	Wrap   bool
}

// Table is a sheet being written.
type Table struct {
	w    *Writer
	sw   *excelize.StreamWriter
	cols []Column
	row  int
	buf  []any
}

// Table starts a sheet of a table.
func (w *Writer) Table(name string, cols []Column) (*Table, error) {
	if err := w.sheet(name); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		width := c.Width
		if width == 0 {
			width = 14
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: w.header, Value: c.Header}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	return &Table{w: w, sw: sw, cols: cols, row: 1, buf: make([]any, len(cols))}, nil
}

// Row writes a row: a string is a text cell, a float64 a number cell, nil
// an empty one.
func (t *Table) Row(cells ...any) error {
	t.row++
	for i := range t.buf {
		t.buf[i] = nil
	}
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			if v == "" {
				continue
			}
			style := t.w.text
			if i < len(t.cols) && t.cols[i].Wrap {
				style = t.w.wrap
			}
			t.buf[i] = excelize.Cell{StyleID: style, Value: v}
		case float64:
			style, err := t.w.number(v)
			if err != nil {
				return err
			}
			t.buf[i] = excelize.Cell{StyleID: style, Value: v}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, t.row)
	return t.sw.SetRow(cell, t.buf)
}

// Close ends the sheet, with a filter on its header.
func (t *Table) Close() error {
	if len(t.cols) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(t.cols), max(t.row, 2))
		if err := t.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "", StyleName: "", ShowRowStripes: boolPtr(false)}); err != nil {
			// A table needs unique headers; without one the sheet is still
			// right.
			_ = err
		}
	}
	return t.sw.Flush()
}

func boolPtr(b bool) *bool { return &b }

// number is the style of a number cell that shows the digits v has,
// thousands grouped: 72,497.5 (or 72.497,5 in a Vietnamese Excel).
func (w *Writer) number(v float64) (int, error) {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	if d > 15 {
		d = 15
	}
	if id, ok := w.numbers[d]; ok {
		return id, nil
	}
	format := "#,##0"
	if d > 0 {
		format += "." + strings.Repeat("0", d)
	}
	id, err := w.f.NewStyle(&excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return 0, err
	}
	w.numbers[d] = id
	return id, nil
}

// Text writes a sheet of text, for a README: rows of cells, those that
// bold says in bold, a row of one cell across every column; printed on A4
// across, one page wide.
func (w *Writer) Text(name string, widths []float64, rows [][]string, bold func(row int) bool) error {
	if err := w.sheet(name); err != nil {
		return err
	}
	landscape, a4, wide, tall, fit := "landscape", 9, 1, 0, true
	if err := w.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := w.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	for i, width := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := w.f.SetCellStr(name, cell, v); err != nil {
				return err
			}
			style := w.wrap
			if bold != nil && bold(r) {
				style = w.header
			}
			if err := w.f.SetCellStyle(name, cell, cell, style); err != nil {
				return err
			}
		}
		if len(row) == 1 && len(widths) > 1 && row[0] != "" {
			a, _ := excelize.CoordinatesToCellName(1, r+1)
			z, _ := excelize.CoordinatesToCellName(len(widths), r+1)
			if err := w.f.MergeCell(name, a, z); err != nil {
				return err
			}
			st := w.wrap
			if bold != nil && bold(r) {
				st = w.header
			}
			if err := w.f.SetCellStyle(name, a, z, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteTo writes the workbook, its first sheet active.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	w.f.SetActiveSheet(0)
	n, err := w.f.WriteTo(out)
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("writing the workbook: %w", err)
	}
	return n, nil
}
