package main

import (
	"flag"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"planwatch/locale"
)

// tableWidth is what every table of the command line fits in.
const tableWidth = 100

// column is one column of a table.
type column struct {
	head  string
	max   int  // cells wider than this wrap; 0: no limit
	right bool // numbers align to the right
	flex  bool // takes the width the other columns leave
}

// row is one row of a table: its cells (a cell may hold several lines,
// split by "\n"), and notes printed under it across the whole width.
type row struct {
	cells []string
	notes []string
}

// width is how many columns of a terminal s takes: one per character,
// none for the combining marks of decomposed Vietnamese.
func width(s string) int {
	n := 0
	for _, r := range norm.NFC.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			n++
		}
	}
	return n
}

// wrap breaks s into lines of at most w columns, at spaces where it can.
func wrap(s string, w int) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for width(word) > w {
				// A word longer than the line: break it.
				if line != "" {
					out = append(out, line)
					line = ""
				}
				r := []rune(word)
				out = append(out, string(r[:w]))
				word = string(r[w:])
			}
			switch {
			case line == "":
				line = word
			case width(line)+1+width(word) <= w:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		out = append(out, line)
	}
	return out
}

// renderTable writes the rows in columns that fit tableWidth: a column's
// cells wrap at its max width, the flexible column gets what the others
// leave (at least 12), and each row's notes follow it, indented and
// wrapped to the whole width.
func renderTable(w io.Writer, cols []column, rows []row) error {
	const gap = 2
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = width(c.head)
		for _, r := range rows {
			if i < len(r.cells) {
				for _, l := range strings.Split(r.cells[i], "\n") {
					widths[i] = max(widths[i], width(l))
				}
			}
		}
		if c.max > 0 && widths[i] > c.max {
			widths[i] = max(c.max, width(c.head))
		}
	}
	total := gap * (len(cols) - 1)
	flex := -1
	for i, c := range cols {
		total += widths[i]
		if c.flex {
			flex = i
		}
	}
	if flex >= 0 && total > tableWidth {
		widths[flex] = max(12, widths[flex]-(total-tableWidth))
	}
	var b strings.Builder
	line := func(cells []string) {
		var parts []string
		for i, c := range cells {
			pad := strings.Repeat(" ", max(0, widths[i]-width(c)))
			if cols[i].right {
				parts = append(parts, pad+c)
			} else {
				parts = append(parts, c+pad)
			}
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, strings.Repeat(" ", gap)), " "))
		b.WriteByte('\n')
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	line(heads)
	for _, r := range rows {
		cells := make([][]string, len(cols))
		n := 1
		for i := range cols {
			if i < len(r.cells) {
				cells[i] = wrap(r.cells[i], widths[i])
			}
			n = max(n, len(cells[i]))
		}
		for k := 0; k < n; k++ {
			out := make([]string, len(cols))
			for i := range cols {
				if k < len(cells[i]) {
					out[i] = cells[i][k]
				}
			}
			line(out)
		}
		for _, note := range r.notes {
			for _, l := range wrap(note, tableWidth-4) {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// paragraph writes text wrapped to tableWidth.
func paragraph(w io.Writer, text string) error {
	_, err := io.WriteString(w, strings.Join(wrap(text, tableWidth), "\n")+"\n")
	return err
}

// langFlag adds --lang: Vietnamese by default, since the users are
// Vietnamese officers.
func langFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("lang", "vi", what+": vi (Vietnamese, the default) or en (English)")
}

// say picks the phrase of the language.
func say(l locale.Lang, vi, en string) string {
	if l == locale.VI {
		return vi
	}
	return en
}
