package pxweb

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"planwatch/exchange/record"
	"planwatch/locale"
	"planwatch/period"
)

// Grid is a statistics table as cells: a CSV file's rows, or a
// worksheet's with its merged cells filled in. Rows may differ in length.
type Grid struct {
	File string
	Rows [][]string
	// Lines are the file lines the rows start on (CSV); for a workbook,
	// Sheet names the sheet instead and cells are named Sheet!B7.
	Lines []int
	Sheet string
	// Numeric reports whether a cell holds a number rather than text (a
	// workbook's number cells): it is read as it is, never in a style.
	Numeric func(row, col int) bool
	// Style is how text cells write numbers when the table does not say;
	// record.Either reads each as it can only be read.
	Style record.NumberStyle
}

func (g *Grid) cell(r, c int) string {
	if r < len(g.Rows) && c < len(g.Rows[r]) {
		return strings.TrimSpace(g.Rows[r][c])
	}
	return ""
}

// RaggedError is a row with a value beyond the header's columns.
type RaggedError struct{ Row, Col, Width int }

func (e *RaggedError) Error() string {
	return fmt.Sprintf("a value in column %d, beyond the header's %d columns", e.Col+1, e.Width)
}

// Table is a grid read as a statistics table: a title, a label column
// (the stub: provinces and regions, or items) and columns whose headers
// hold a period, after or before a breakdown ("Total Prel. 2016", "2011
// Area (Km2)"), or the reverse (periods down, labels across).
type Table struct {
	Title string
	// Stub is the header of the label column ("Cities, provincies").
	Stub string
	// Breakdown names what the columns' words besides the period are (the
	// title's "Average population", "Items"); Time what the period is
	// ("Year").
	Breakdown, Time string
	// Places says the labels are places (provinces, regions, the whole
	// country), to be matched to units by name.
	Places bool
	// TitlePeriod is the period the title names ("licensed in 2016"),
	// for tables whose columns have none.
	TitlePeriod      period.Period
	TitlePeriodLabel string
	Transposed       bool
	Columns          []Column
	Rows             []Row
	// Style is how the table's text cells were read.
	Style record.NumberStyle
	Notes []string

	grid *Grid
	// at maps a row and column of the table to the grid's.
	at func(r, c int) (int, int)
}

// Column is one column header, split.
type Column struct {
	Label  string
	Prefix string // the breakdown, "" for none
	// Period is the period the header names, zero for none (then the
	// title's, if any); PeriodLabel as written ("Prel. 2016").
	Period      period.Period
	PeriodLabel string
	Status      string // the status the label implies: P for "Prel."
	// Vietnamese or English when the header says how its text cells write
	// numbers ("(vi)"), else Plain.
	style record.NumberStyle
}

// Row is one row: its label, each cell as written, and each value read
// (NaN for a missing, empty or unreadable cell).
type Row struct {
	Label  string
	Cells  []string
	Values []float64
	// Errs holds, for each cell that is text where a number belongs, why.
	Errs []string
}

// Missing marks a value a statistics office does not have.
func Missing(s string) bool {
	switch s {
	case "..", "...", "…", "-", "–":
		return true
	}
	return false
}

// Parse reads a grid as a statistics table. decode repairs a label's
// text, or is nil.
func Parse(g *Grid, decode func(string) string) (*Table, error) {
	if decode == nil {
		decode = func(s string) string { return s }
	}
	// Each text is decoded once: the decoder counts what it repaired.
	memo := map[string]string{}
	plain := decode
	decode = func(s string) string {
		if d, ok := memo[s]; ok {
			return d
		}
		d := plain(s)
		memo[s] = d
		return d
	}
	t := &Table{grid: g}
	r := 0
	// The title: rows of one text (a merged cell fills a row with it).
	var titles []string
	for ; r < len(g.Rows); r++ {
		if blank(g, r) {
			continue
		}
		if distinct(g, r) != 1 || g.cell(r, 0) == "" || r+1 >= len(g.Rows) {
			break
		}
		// A title is followed by more than one column; a row of one text
		// before the header of a one-column table is that header.
		titles = append(titles, decode(g.cell(r, 0)))
	}
	t.Title = strings.Join(titles, " ")
	for ; r < len(g.Rows) && blank(g, r); r++ {
	}
	if r == len(g.Rows) {
		return nil, fmt.Errorf("no header row: a table has a header row, then a row for each label")
	}
	header := []int{r}
	for r++; r < len(g.Rows); r++ {
		first := g.cell(r, 0)
		if blank(g, r) || first != "" && first != g.cell(header[0], 0) {
			break
		}
		header = append(header, r)
	}
	var data []int
	for ; r < len(g.Rows); r++ {
		if !blank(g, r) {
			data = append(data, r)
		}
	}
	width := 0
	for _, h := range header {
		for c := range g.Rows[h] {
			if g.cell(h, c) != "" {
				width = max(width, c+1)
			}
		}
	}
	for _, r := range data {
		for c := width; c < len(g.Rows[r]); c++ {
			if g.cell(r, c) != "" {
				return nil, &RaggedError{Row: r, Col: c, Width: width}
			}
		}
	}
	label := func(c int) string {
		var parts []string
		for _, h := range header {
			v := decode(g.cell(h, c))
			if v != "" && (len(parts) == 0 || parts[len(parts)-1] != v) {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " ")
	}
	t.Stub = label(0)
	// Periods across, or down.
	across, down := 0, 0
	for c := 1; c < width; c++ {
		if _, ok := splitHeader(label(c)); ok {
			across++
		}
	}
	for _, r := range data {
		if _, _, err := period.ParseLabel(g.cell(r, 0)); err == nil {
			down++
		}
	}
	if across == 0 && down > 0 && down*2 >= len(data) && len(header) == 1 {
		t.Transposed = true
	}
	if !t.Transposed {
		t.at = func(r, c int) (int, int) { return data[r], c + 1 }
		for c := 1; c < width; c++ {
			t.Columns = append(t.Columns, column(label(c)))
		}
		for _, r := range data {
			t.Rows = append(t.Rows, Row{Label: decode(strings.Join(strings.Fields(g.cell(r, 0)), " "))})
		}
	} else {
		// The header's labels become the rows, the first column's periods
		// the columns.
		h := header[0]
		t.at = func(r, c int) (int, int) { return data[c], r + 1 }
		for _, r := range data {
			t.Columns = append(t.Columns, column(g.cell(r, 0)))
		}
		for c := 1; c < width; c++ {
			t.Rows = append(t.Rows, Row{Label: decode(strings.Join(strings.Fields(g.cell(h, c)), " "))})
		}
		t.Stub = ""
	}
	t.names(decode)
	t.values()
	return t, nil
}

func blank(g *Grid, r int) bool {
	for c := range g.Rows[r] {
		if g.cell(r, c) != "" {
			return false
		}
	}
	return true
}

// distinct counts the distinct texts of a row.
func distinct(g *Grid, r int) int {
	seen := map[string]bool{}
	for c := range g.Rows[r] {
		if v := g.cell(r, c); v != "" {
			seen[v] = true
		}
	}
	return len(seen)
}

func column(h string) Column {
	c, ok := splitHeader(h)
	if !ok {
		c = Column{Label: h, Prefix: h}
	}
	low := strings.ToLower(c.Prefix)
	for _, s := range []struct {
		mark  string
		style record.NumberStyle
	}{{"(vi)", record.Vietnamese}, {"[vi]", record.Vietnamese}, {"(en)", record.English}, {"[en]", record.English}} {
		if strings.HasSuffix(low, s.mark) {
			c.style = s.style
			c.Prefix = strings.TrimSpace(c.Prefix[:len(c.Prefix)-len(s.mark)])
		}
	}
	return c
}

// splitHeader finds the period in a column header: a year, with the
// words around it that make a period label ("Prel. 2016", "2016 (*)"),
// anywhere in the header; the other words are the breakdown.
func splitHeader(h string) (Column, bool) {
	h = strings.Join(strings.Fields(h), " ")
	words := strings.Fields(h)
	best := Column{}
	bestLen := 0
	for i := range words {
		for j := i + 1; j <= len(words) && j-i <= 4; j++ {
			lab := strings.Join(words[i:j], " ")
			p, status, err := period.ParseLabel(lab)
			if err != nil || j-i <= bestLen {
				continue
			}
			best = Column{Label: h, Prefix: strings.Join(append(append([]string{}, words[:i]...), words[j:]...), " "), Period: p, PeriodLabel: lab, Status: status}
			bestLen = j - i
		}
	}
	return best, bestLen > 0
}

// names finds, from the title, what the columns' breakdown and the time
// are called, and whether the labels are places.
func (t *Table) names(decode func(string) string) {
	t.Time = "Year"
	list := ""
	low := locale.Fold(t.Title)
	for _, by := range []string{" chia theo ", " phan theo ", " by "} {
		if i := strings.LastIndex(low, by); i >= 0 {
			list = foldedSuffix(t.Title, low[i+len(by):])
			break
		}
	}
	var rest []string
	if list != "" {
		items := splitList(list)
		for _, it := range items {
			f := locale.Fold(it)
			switch {
			case f == "year" || f == "years" || f == "nam" || f == "thoi gian" || f == "period":
				t.Time = it
			case t.Stub != "" && containsFolded(t.Stub, it):
			default:
				rest = append(rest, it)
			}
		}
	}
	t.Breakdown = strings.Join(rest, ", ")
	prefixes := false
	hasPeriod := false
	for _, c := range t.Columns {
		prefixes = prefixes || c.Prefix != ""
		hasPeriod = hasPeriod || !c.Period.IsZero()
	}
	if t.Breakdown == "" && prefixes {
		t.Breakdown = "Items"
	}
	if !hasPeriod {
		// "licensed in 2016", "as of 31/12/2016": the last year the title
		// names.
		words := strings.FieldsFunc(t.Title, func(r rune) bool { return r == ' ' || r == '/' || r == '(' || r == ')' || r == ',' })
		for i := len(words) - 1; i >= 0; i-- {
			if len(words[i]) == 4 {
				if p, err := period.Parse(words[i]); err == nil {
					t.TitlePeriod, t.TitlePeriodLabel = p, words[i]
					break
				}
			}
		}
	}
	stub := " " + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '?' {
			return r
		}
		return ' '
	}, locale.Fold(t.Stub)) + " "
	stub = " " + strings.Join(strings.Fields(stub), " ") + " "
	for _, w := range placeWords {
		if strings.Contains(stub, " "+w+" ") {
			t.Places = true
		}
	}
	for _, r := range t.Rows {
		if nationWords[locale.Fold(r.Label)] {
			t.Places = true
		}
	}
	if t.Transposed {
		t.Places = true
	}
}

// placeWords in a label column's header say it holds places.
var placeWords = []string{"province", "provinces", "provincies", "city", "cities", "dia phuong", "d?a phuong", "tinh", "thanh pho",
	"region", "regions", "vung", "country", "countries", "nation", "quoc gia", "name", "ten", "place", "don vi"}

// nationWords are the labels of a whole country's row.
var nationWords = map[string]bool{"whole country": true, "ca nuoc": true, "c? nu?c": true, "toan quoc": true, "viet nam": true, "vietnam": true, "total country": true}

// foldedSuffix is the end of s whose folded form is suffix.
func foldedSuffix(s, suffix string) string {
	words := strings.Fields(s)
	n := len(strings.Fields(suffix))
	if n > len(words) {
		return suffix
	}
	return strings.Join(words[len(words)-n:], " ")
}

// splitList splits "Cities, provincies, Year and Items" into its items.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		for _, w := range []string{" and ", " và ", " va "} {
			part = strings.ReplaceAll(part, w, ",")
		}
		for _, p := range strings.Split(part, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// containsFolded reports whether the words of item appear in s, without
// case or diacritics, a ? in s standing for any letter.
func containsFolded(s, item string) bool {
	a, b := []rune(locale.Fold(s)), []rune(locale.Fold(item))
	for i := 0; i+len(b) <= len(a); i++ {
		ok := true
		for j := range b {
			if a[i+j] != b[j] && a[i+j] != '?' && b[j] != '?' {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// values reads every cell: numbers in the style the table's text cells
// allow (all that can be read one way only agree), or that a column's
// header gives.
func (t *Table) values() {
	g := t.grid
	type cellRef struct{ r, c int }
	count := map[record.NumberStyle]int{}
	for i := range t.Rows {
		for j := range t.Columns {
			gr, gc := t.at(i, j)
			s := g.cell(gr, gc)
			if s == "" || Missing(s) || g.Numeric != nil && g.Numeric(gr, gc) {
				continue
			}
			if _, st, err := record.ReadNumber(s, record.Either); err == nil {
				count[st]++
			}
		}
	}
	t.Style = g.Style
	if t.Style == record.Either || t.Style == record.Plain {
		switch {
		case count[record.Vietnamese] > 0 && count[record.English] == 0:
			t.Style = record.Vietnamese
		case count[record.English] > 0 && count[record.Vietnamese] == 0:
			t.Style = record.English
		default:
			t.Style = record.Either
		}
	}
	if count[record.Vietnamese] > 0 && count[record.English] > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%s: các ô chữ ghi số theo cả kiểu Việt Nam (72.497,5) lẫn kiểu Anh (72,497.5): mỗi ô chỉ được đọc khi chỉ có một cách đọc / text cells write numbers both the Vietnamese way (72.497,5) and the English way (72,497.5): each is read only where it can be read one way", t.where()))
	}
	vi := 0
	for i := range t.Rows {
		row := &t.Rows[i]
		row.Cells = make([]string, len(t.Columns))
		row.Values = make([]float64, len(t.Columns))
		row.Errs = make([]string, len(t.Columns))
		for j, col := range t.Columns {
			gr, gc := t.at(i, j)
			s := g.cell(gr, gc)
			row.Cells[j] = s
			row.Values[j] = math.NaN()
			switch {
			case s == "" || Missing(s):
				continue
			case g.Numeric != nil && g.Numeric(gr, gc):
				v, _, err := record.ReadNumber(s, record.Plain)
				if err != nil {
					row.Errs[j] = err.Error()
					continue
				}
				row.Values[j] = v
				continue
			}
			style := t.Style
			if col.style != record.Plain {
				style = col.style
			}
			v, read, err := record.ReadNumber(s, style)
			if err != nil {
				row.Errs[j] = err.Error()
				continue
			}
			if read == record.Vietnamese {
				vi++
			}
			row.Values[j] = v
		}
	}
	if vi > 0 && g.Sheet != "" {
		t.Notes = append(t.Notes, fmt.Sprintf("%s: %d ô chữ đọc là số kiểu Việt Nam (72.497,5 là 72497,5) / %d text cells read as numbers written the Vietnamese way (72.497,5 is 72497.5)", t.where(), vi, vi))
	} else if vi > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%s: %d số đọc theo kiểu Việt Nam (72.497,5 là 72497,5) / %d numbers read as written the Vietnamese way (72.497,5 is 72497.5)", t.where(), vi, vi))
	}
}

func (t *Table) where() string {
	if t.grid.Sheet != "" {
		return t.grid.File + " " + t.grid.Sheet
	}
	return t.grid.File
}

// Where names the place of a table's cell in the file.
func (t *Table) Where(r, c int) record.Where {
	g := t.grid
	gr, gc := t.at(r, c)
	w := record.Where{File: g.File, Field: t.Columns[c].Label}
	if g.Sheet != "" {
		w.Cell = g.Sheet + "!" + cellName(gc, gr)
	} else if gr < len(g.Lines) {
		w.Line = g.Lines[gr]
	}
	return w
}

// cellName is a cell's A1 name from its zero-based column and row.
func cellName(c, r int) string {
	name := ""
	for c++; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return fmt.Sprintf("%s%d", name, r+1)
}

// StatusField is the attribute that carries the status a period label
// implies.
const StatusField = "OBS_STATUS"

// Points calls emit for each cell with a value or a missing mark, stopping
// when emit returns false. Each point's dimensions are the label
// (under the stub's name) and the column's breakdown; its period the
// column's (or the title's); the status a label such as "Prel." implies.
func (t *Table) Points(emit func(*record.Point) bool) bool {
	p := &record.Point{}
	for _, n := range t.Notes {
		p.Remark(t.grid.File, n)
		if !emit(p) {
			return false
		}
	}
	stub := t.Stub
	if stub == "" {
		stub = "Label"
	}
	roles := &record.Roles{Status: StatusField}
	if t.Places {
		roles.UnitNames = stub
	}
	for i, row := range t.Rows {
		for j, col := range t.Columns {
			s := row.Cells[j]
			if s == "" {
				continue
			}
			p.Reset()
			p.Where = t.Where(i, j)
			p.Structure = t.Title
			p.Roles = roles
			p.Dims = append(p.Dims, record.Field{Name: stub, Value: row.Label})
			if col.Prefix != "" {
				p.Dims = append(p.Dims, record.Field{Name: t.Breakdown, Value: col.Prefix})
			}
			per, label := col.Period, col.PeriodLabel
			if per.IsZero() {
				per, label = t.TitlePeriod, t.TitlePeriodLabel
			}
			if !per.IsZero() {
				p.Period, p.PeriodField = label, t.Time
				p.Start, p.End, p.Canonical = per.Start(), per.End(), per.String()
			}
			if col.Status != "" {
				p.Attrs = append(p.Attrs, record.Field{Name: StatusField, Value: col.Status})
			}
			p.Value = s
			switch {
			case Missing(s):
				p.Missing = true
			case row.Errs[j] == "":
				p.Number, p.IsNumber = row.Values[j], true
			default:
				p.ValueError = row.Errs[j]
			}
			if !emit(p) {
				return false
			}
		}
	}
	return true
}
