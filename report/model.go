// Package report writes the reviews officers write by hand today: the
// year-end report of a unit (the key results of the year, the plan's
// targets with their verdicts, next year's objectives) and the review of a
// term's resolution (average growth, scale, share and rank, multiples of a
// base year, each target with its verdict), and the revision report that
// compares a report as known on two dates.
//
// Build makes one model of a report from a review snapshot: sections of
// paragraphs made of sentences, tables, charts, numbered notes and the
// sources they cite. The sentences come from templates in both languages
// (words.go): one code path writes both. The renderers in report/md,
// report/html and report/docx only lay the model out.
package report

// Kind is the kind of report.
type Kind string

const (
	// YearEnd is the report on one year: seed 002's kind.
	YearEnd Kind = "year-end"
	// TermReview is the review of a term's plan: seed 000's kind.
	TermReview Kind = "term-review"
	// Revisions lists what changed between a report as known on two dates.
	Revisions Kind = "revisions"
)

// Report is the model every renderer lays out.
type Report struct {
	Kind     Kind
	Lang     string // "vi" or "en"
	Title    string
	Subtitle []string // lines under the title: the unit, the period, the date the figures were known on
	Sections []Section
	// Notes are numbered from 1; a sentence or a cell refers to one.
	Notes []Note
	// Sources are the documents the notes cite, numbered from 1: the annex.
	Sources []Source
	// Figures lists every figure stated, by key, for comparing two reports.
	Figures []Figure
	// Labels are the renderers' fixed words in the report's language.
	Labels Labels
}

// Labels are the words a renderer needs around the model.
type Labels struct {
	Notes, Sources, Figures, Page, Of string
}

// Section is a heading and what follows it.
type Section struct {
	Heading string
	Blocks  []Block
}

// Block is one of a paragraph, a list, a table or a chart.
type Block struct {
	Paragraph *Paragraph
	List      []Paragraph
	Table     *Table
	Chart     *Chart
}

// Paragraph is a run of sentences.
type Paragraph struct {
	Sentences []Sentence
}

// Sentence is text and figures; Note is the number of the note that gives
// the sources of its figures, 0 for none.
type Sentence struct {
	Spans []Span
	Note  int
}

// Span is plain text, or a figure when Figure is set (Text is then the
// figure as written).
type Span struct {
	Text   string
	Figure *Figure
}

// Figure is a number the report states. Key names what it measures
// ("EXPORTS||24|2025|growth"), the same in both languages and on every
// date, so that two reports can be compared; Label says it in words; Href
// is the page of the figure on the web, relative to the site's root.
type Figure struct {
	Key   string
	Label string
	Text  string
	Href  string
	// Refs are the stored versions the figure was computed from, as
	// "unit indicator [dims] period vN".
	Refs []string
}

// Table is a captioned grid; Num marks the columns of numbers.
type Table struct {
	Caption string
	Head    []string
	Num     []bool
	Rows    [][]Cell
}

// Cell is a table cell: its spans, an optional second line in smaller
// type (a reason), a note, and a class for the renderer (a verdict's
// status, to colour it).
type Cell struct {
	Spans []Span
	Sub   string
	Note  int
	Class string
}

// Chart is an SVG chart as the web draws it, with its size in SVG units
// (from its viewBox) and a caption.
type Chart struct {
	Title         string
	SVG           string
	Width, Height float64
	Caption       string
}

// Note is a numbered note: one line per figure of its sentence.
type Note struct {
	N     int
	Items []NoteItem
}

// NoteItem says where one figure comes from: the figure as written, what
// it is and how it was computed, and the sources (numbers into
// Report.Sources) of the versions it used.
type NoteItem struct {
	Figure  string
	Text    string
	Sources []int
}

// Source is a document figures come from (or a plan that set a figure),
// with each version used from it.
type Source struct {
	N        int
	Document string
	// Short is the document's name as a footnote cites it: without a
	// gloss in brackets, its first three parts ("Báo Bắc Ninh, bản tiếng
	// Anh, 31/12/2025").
	Short   string
	Entries []SourceEntry
}

// SourceEntry is one stored version used: what it is, its value, status,
// version and when it was recorded, and the quote its source gives.
type SourceEntry struct {
	What  string
	Value string
	Meta  string
	Quote string
}

// Text is the plain text of a sentence.
func (s Sentence) Text() string {
	var b []byte
	for _, sp := range s.Spans {
		b = append(b, sp.Text...)
	}
	return string(b)
}

// Text is the plain text of a cell.
func (c Cell) Text() string { return Sentence{Spans: c.Spans}.Text() }
