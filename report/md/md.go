// Package md writes a report as Markdown, for people who paste it into
// another document or a message: headings, paragraphs, lists and tables;
// each sentence's sources as a footnote ([^1], which GitHub, GitLab and
// most editors render); the annex of sources as a numbered list. Charts
// are drawings Markdown cannot hold: their captions stay, and the HTML and
// DOCX reports carry them.
package md

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"planwatch/report"
)

// Write writes the report as Markdown.
func Write(w io.Writer, r *report.Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", escape(r.Title))
	for _, s := range r.Subtitle {
		p("*%s*  \n", escape(s))
	}
	p("\n")
	for _, sec := range r.Sections {
		p("## %s\n\n", escape(sec.Heading))
		for _, blk := range sec.Blocks {
			switch {
			case blk.Paragraph != nil:
				p("%s\n\n", paragraph(*blk.Paragraph))
			case blk.List != nil:
				for _, it := range blk.List {
					p("- %s\n", paragraph(it))
				}
				p("\n")
			case blk.Table != nil:
				table(bw, blk.Table)
			case blk.Chart != nil:
				p("*%s*\n\n", escape(blk.Chart.Caption))
			}
		}
	}
	if len(r.Notes) > 0 {
		p("## %s\n\n", escape(r.Labels.Notes))
		for _, n := range r.Notes {
			p("[^%d]: %s\n", n.N, noteText(n))
		}
		p("\n")
	}
	if len(r.Sources) > 0 {
		p("## %s\n\n", escape(r.Labels.Sources))
		for _, s := range r.Sources {
			p("%d. %s\n", s.N, escape(s.Document))
			for _, e := range s.Entries {
				line := escape(e.What) + ": " + escape(e.Value)
				if e.Meta != "" {
					line += " (" + escape(e.Meta) + ")"
				}
				if e.Quote != "" {
					line += ". " + escape(e.Quote)
				}
				p("   - %s\n", line)
			}
		}
	}
	return bw.Flush()
}

func paragraph(pr report.Paragraph) string {
	var parts []string
	for _, s := range pr.Sentences {
		parts = append(parts, sentence(s))
	}
	return strings.Join(parts, " ")
}

func sentence(s report.Sentence) string {
	var b strings.Builder
	for _, sp := range s.Spans {
		b.WriteString(escape(sp.Text))
	}
	if s.Note > 0 {
		fmt.Fprintf(&b, "[^%d]", s.Note)
	}
	return b.String()
}

func table(w io.Writer, t *report.Table) {
	cell := func(s string) string { return strings.ReplaceAll(s, "\n", " ") }
	if t.Caption != "" {
		fmt.Fprintf(w, "**%s**\n\n", escape(t.Caption))
	}
	var head, rule []string
	for i, h := range t.Head {
		head = append(head, cell(escape(h)))
		if i < len(t.Num) && t.Num[i] {
			rule = append(rule, "---:")
		} else {
			rule = append(rule, "---")
		}
	}
	fmt.Fprintf(w, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
	for _, row := range t.Rows {
		var cs []string
		for _, c := range row {
			s := escape(c.Text())
			if c.Note > 0 {
				s += "[^" + strconv.Itoa(c.Note) + "]"
			}
			if c.Sub != "" {
				s += "<br>" + escape(c.Sub)
			}
			cs = append(cs, cell(s))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cs, " | "))
	}
	fmt.Fprintln(w)
}

// noteText writes a note's items, each with the sources it cites.
func noteText(n report.Note) string {
	var parts []string
	for _, it := range n.Items {
		s := escape(it.Figure) + ": " + escape(it.Text)
		if len(it.Sources) > 0 {
			s += " " + sources(it.Sources)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ". ") + "."
}

func sources(ns []int) string {
	var parts []string
	for _, n := range ns {
		parts = append(parts, strconv.Itoa(n))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// escape keeps Markdown from reading text as markup: emphasis, links,
// tags, table bars and backslashes.
func escape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '\\', '*', '[', ']', '<', '>', '|', '`':
			b.WriteByte('\\')
		case '_':
			// Within a word (IP_LEASED) an underscore is no emphasis.
			if i == 0 || i == len(rs)-1 || !isWord(rs[i-1]) || !isWord(rs[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
