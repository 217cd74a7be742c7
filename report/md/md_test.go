package md

import (
	"bytes"
	"strings"
	"testing"

	"planwatch/report"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"IP_LEASED / IP_LEASABLE * 100": `IP_LEASED / IP_LEASABLE \* 100`,
		"_emphasis_ [link](x) <b>":      `\_emphasis\_ \[link\](x) \<b\>`,
		"a | b":                         `a \| b`,
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// A table cell keeps its note and its second line; a sentence's note is a
// footnote the notes section defines.
func TestNotesAndTables(t *testing.T) {
	r := &report.Report{Title: "T", Sections: []report.Section{{Heading: "H", Blocks: []report.Block{
		{Paragraph: &report.Paragraph{Sentences: []report.Sentence{{Spans: []report.Span{{Text: "Exports reached "}, {Text: "USD 94 bn", Figure: &report.Figure{}}, {Text: "."}}, Note: 1}}}},
		{Table: &report.Table{Head: []string{"A", "B"}, Rows: [][]report.Cell{{{Spans: []report.Span{{Text: "x|y"}}, Note: 2}, {Spans: []report.Span{{Text: "achieved"}}, Sub: "126%"}}}}},
	}}}, Notes: []report.Note{{N: 1, Items: []report.NoteItem{{Figure: "USD 94 bn", Text: "version 1", Sources: []int{1}}}}, {N: 2}},
		Sources: []report.Source{{N: 1, Document: "Bao Bac Ninh"}}, Labels: report.Labels{Notes: "Notes", Sources: "Sources"}}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Exports reached USD 94 bn.[^1]", "| x\\|y[^2] | achieved<br>126% |", "[^1]: USD 94 bn: version 1 [1].", "1. Bao Bac Ninh"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("missing %q in:\n%s", s, b.String())
		}
	}
}
