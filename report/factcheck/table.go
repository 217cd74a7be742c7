package factcheck

import "strings"

// A table in a draft is a run of lines whose cells are apart by tabs (a
// DOCX table's text) or by "|" (Markdown). Its first line names the
// columns: a number in a column headed "Target" or "Mục tiêu" is a
// target, checked against the plans' targets, not against the figures.

// tableLines marks, for each token, the line it is on, whether that line
// is a table's row, and the header line of its table (-1 for none).
type tableLines struct {
	line   []int // by token
	start  []int // first token of each line
	row    []bool
	header []int
}

func (d *doc) tables() *tableLines {
	if d.tbl != nil {
		return d.tbl
	}
	t := &tableLines{line: make([]int, len(d.toks))}
	for i := range d.toks {
		if i == 0 || d.toks[i].newline {
			t.start = append(t.start, i)
		}
		t.line[i] = len(t.start) - 1
	}
	n := len(t.start)
	t.row, t.header = make([]bool, n), make([]int, n)
	for l := 0; l < n; l++ {
		a, b := t.bounds(l, len(d.toks))
		for i := a; i < b && !t.row[l]; i++ {
			t.row[l] = d.toks[i].key == "|" || i > a && strings.Contains(d.text[d.toks[i-1].end:d.toks[i].start], "\t")
		}
		t.header[l] = -1
		if t.row[l] {
			t.header[l] = l
			if l > 0 && t.row[l-1] {
				t.header[l] = t.header[l-1]
			}
		}
	}
	d.tbl = t
	return t
}

func (t *tableLines) bounds(l, ntoks int) (int, int) {
	b := ntoks
	if l+1 < len(t.start) {
		b = t.start[l+1]
	}
	return t.start[l], b
}

// cell is the index of the cell of its line that token i is in.
func (d *doc) cell(t *tableLines, i int) int {
	a, _ := t.bounds(t.line[i], len(d.toks))
	n := 0
	for k := a; k <= i; k++ {
		if k < i && d.toks[k].key == "|" || k > a && strings.Contains(d.text[d.toks[k-1].end:d.toks[k].start], "\t") {
			n++
		}
	}
	return n
}

// targetHeaders name a table's column of targets.
var targetHeaders = phrases("target", "targets", "mục tiêu")

// inTargetColumn reports whether token i is in a table's row (not its
// header) under a column headed as targets.
func (d *doc) inTargetColumn(i int) bool {
	t := d.tables()
	l := t.line[i]
	h := t.header[l]
	if h < 0 || h == l {
		return false
	}
	want := d.cell(t, i)
	a, b := t.bounds(h, len(d.toks))
	for k := a; k < b; k++ {
		if d.cell(t, k) != want || d.toks[k].key == "|" {
			continue
		}
		for k < b && d.toks[k].key == "|" {
			k++
		}
		return anyAt(d.toks, k, b, targetHeaders) > 0
	}
	return false
}
