package web

import (
	"bytes"
	"encoding/csv"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"planwatch/exchange"
	"planwatch/locale"
)

// Every table a page shows downloads as ?format=csv or ?format=xlsx, for
// people who put the figures into a document or a spreadsheet: headers in
// the page's language, names beside codes, one value per cell, numbers
// rounded as the page shows them.

// sheet is a table as a download.
type sheet struct {
	name   string // the file's name, without extension
	title  string // the worksheet's name, in the page's language
	header []string
	rows   [][]cell
}

// cell is one value of a download: a text, or a number with the decimals
// the page shows it with.
type cell struct {
	text  string
	num   float64
	isNum bool
	dec   int // decimals; -1: every digit the number has
}

func text(s string) cell { return cell{text: s} }

// number is a figure rounded to dec decimals (-1: as stored); none is an
// empty cell.
func number(v *float64, dec int) cell {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return cell{}
	}
	x := *v
	if dec >= 0 {
		p := math.Pow(10, float64(dec))
		x = math.Round(x*p) / p
	}
	return cell{num: x, isNum: true, dec: dec}
}

// integer is a whole number (a rank, a count); 0 is given, not empty.
func integer(n int) cell { return cell{num: float64(n), isNum: true, dec: 0} }

// csvText is the cell as a CSV field: numbers with a point, as programs
// read them; texts that a spreadsheet would run as a formula behind an
// apostrophe.
func (c cell) csvText() string {
	if !c.isNum {
		return exchange.SafeCell(c.text)
	}
	return strconv.FormatFloat(c.num, 'f', c.dec, 64)
}

// wantsDownload is the format a request asks for: csv, xlsx, or "".
func wantsDownload(r *http.Request) string {
	switch f := r.URL.Query().Get("format"); f {
	case "csv", "xlsx":
		return f
	}
	return ""
}

// download writes the sheet when ?format= asks for one, and reports
// whether it did.
func download(w http.ResponseWriter, r *http.Request, s sheet) bool {
	switch wantsDownload(r) {
	case "csv":
		var buf bytes.Buffer
		// A byte-order mark, without which Excel on Windows reads the UTF-8
		// as its own code page and garbles every Vietnamese letter.
		buf.WriteString("\uFEFF")
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true // as spreadsheets write CSV
		head := make([]string, len(s.header))
		for i, h := range s.header {
			head[i] = exchange.SafeCell(h)
		}
		cw.Write(head)
		for _, row := range s.rows {
			rec := make([]string, len(row))
			for i, c := range row {
				rec[i] = c.csvText()
			}
			cw.Write(rec)
		}
		cw.Flush()
		attachment(w, s.name+".csv", "text/csv; charset=utf-8")
		w.Write(buf.Bytes())
		return true
	case "xlsx":
		b, err := s.xlsx()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return true
		}
		attachment(w, s.name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Write(b)
		return true
	}
	return false
}

// attachment sets the headers of a file to save: its type and its name, in
// ASCII for old clients and in UTF-8 for the others.
func attachment(w http.ResponseWriter, name, contentType string) {
	ascii := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == '@':
			return r
		}
		return '_'
	}, locale.ASCII(name))
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+ascii+`"; filename*=UTF-8''`+url.PathEscape(name))
}

// xlsx is the sheet as a workbook: the header in bold and frozen, columns
// as wide as their texts, numbers as numbers shown with their decimals,
// texts as texts (never formulas, whatever they start with).
func (s sheet) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := sheetName(s.title)
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	styles := map[int]int{}
	numStyle := func(dec int) (int, error) {
		if st, ok := styles[dec]; ok {
			return st, nil
		}
		format := "General"
		if dec == 0 {
			format = "#,##0"
		} else if dec > 0 {
			format = "#,##0." + strings.Repeat("0", dec)
		}
		st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		styles[dec] = st
		return st, err
	}
	widths := make([]int, len(s.header))
	for i, h := range s.header {
		cellName, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(name, cellName, h); err != nil {
			return nil, err
		}
		widths[i] = min(utf8.RuneCountInString(h), 30)
	}
	if len(s.header) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(s.header), 1)
		if err := f.SetCellStyle(name, "A1", last, bold); err != nil {
			return nil, err
		}
	}
	for i, row := range s.rows {
		for j, c := range row {
			cellName, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if !c.isNum {
				if c.text == "" {
					continue
				}
				if err := f.SetCellStr(name, cellName, c.text); err != nil {
					return nil, err
				}
				if j < len(widths) {
					widths[j] = max(widths[j], min(utf8.RuneCountInString(c.text), 60))
				}
				continue
			}
			if err := f.SetCellFloat(name, cellName, c.num, -1, 64); err != nil {
				return nil, err
			}
			st, err := numStyle(c.dec)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(name, cellName, cellName, st); err != nil {
				return nil, err
			}
			if j < len(widths) {
				widths[j] = max(widths[j], len(strconv.FormatFloat(c.num, 'f', c.dec, 64))+2)
			}
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, float64(wd)+2); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetName is a worksheet's name as Excel allows it: at most 31
// characters, none of : \ / ? * [ ].
func sheetName(title string) string {
	title = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return ' '
		}
		return r
	}, title)
	title = strings.Join(strings.Fields(title), " ")
	if r := []rune(title); len(r) > 31 {
		title = strings.TrimSpace(string(r[:31]))
	}
	if title == "" {
		return "Sheet1"
	}
	return title
}

// csvOut writes a table of texts as CSV or XLSX when ?format= asks for it,
// and reports whether it did. Numbers and codes are told apart by their
// text: a cell that reads as a number is one, with the decimals it is
// written with, unless it has a leading zero ("01", a code). Pages that know their columns build a sheet instead.
func csvOut(w http.ResponseWriter, r *http.Request, name string, header []string, rows [][]string) bool {
	if wantsDownload(r) == "" {
		return false
	}
	s := sheet{name: name, title: name, header: header}
	for _, row := range rows {
		cells := make([]cell, len(row))
		for j, v := range row {
			x, err := strconv.ParseFloat(v, 64)
			if err == nil && !(len(v) > 1 && v[0] == '0' && v[1] != '.') && !math.IsInf(x, 0) && !math.IsNaN(x) {
				// As many decimals as the text has ("94.20" stays so).
				dec := -1
				if i := strings.IndexByte(v, '.'); i >= 0 && !strings.ContainsAny(v, "eE") {
					dec = len(v) - i - 1
				} else if !strings.ContainsAny(v, "eE") {
					dec = 0
				}
				cells[j] = number(&x, dec)
			} else {
				cells[j] = text(v)
			}
		}
		s.rows = append(s.rows, cells)
	}
	return download(w, r, s)
}
