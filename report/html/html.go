// Package html writes a report as one HTML page that prints on A4: the
// text with every figure a link to its page on the web, each sentence's
// note number a link to the note that gives its sources, the charts as the
// web draws them (SVG, inline), the notes and the annex of sources at the
// end. Write gives a whole document with its style sheet inline, for a
// download that opens anywhere; WriteArticle gives only the article, for
// a page that links CSS (the style sheet) itself.
package html

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"planwatch/report"
)

// CSS is the style sheet of a report: the page, the tables, the notes,
// the charts' classes, and A4 print rules.
//
//go:embed report.css
var CSS string

//go:embed report.html
var page string

// Options set how links are written.
type Options struct {
	// BaseURL goes before each figure's link ("https://planwatch.example"),
	// for a file read away from the site; empty for links relative to the
	// site's root.
	BaseURL string
}

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"spans": spans,
	"svg":   func(s string) template.HTML { return template.HTML(s) }, // drawn by package chart, which escapes its text
	"sentence": func(base string, s report.Sentence) sentenceView {
		return sentenceView{HTML: spans(base, s.Spans), Note: s.Note}
	},
}).Parse(page))

type sentenceView struct {
	HTML template.HTML
	Note int
}

type view struct {
	*report.Report
	Base  string
	CSS   template.CSS
	Whole bool
}

// Write writes the report as a whole HTML document.
func Write(w io.Writer, r *report.Report, o Options) error {
	return tmpl.ExecuteTemplate(w, "document", view{Report: r, Base: o.BaseURL, CSS: template.CSS(CSS), Whole: true})
}

// WriteArticle writes the report's article alone, for a page that has its
// own head and links CSS.
func WriteArticle(w io.Writer, r *report.Report, o Options) error {
	return tmpl.ExecuteTemplate(w, "article", view{Report: r, Base: o.BaseURL})
}

// spans writes text and figures, each figure a link to its page.
func spans(base string, ss []report.Span) template.HTML {
	var b strings.Builder
	for _, s := range ss {
		if s.Figure == nil || s.Figure.Href == "" {
			b.WriteString(template.HTMLEscapeString(s.Text))
			continue
		}
		b.WriteString(`<a class="fig" href="`)
		b.WriteString(template.HTMLEscapeString(base + s.Figure.Href))
		b.WriteString(`" title="`)
		b.WriteString(template.HTMLEscapeString(s.Figure.Label))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(s.Text))
		b.WriteString(`</a>`)
	}
	return template.HTML(b.String())
}
