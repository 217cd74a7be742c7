package review

import (
	"maps"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
)

// Accessors for the documents figures cite and the names of dimension
// values, for the pages, the reports and the DOCX annex.

// Sources lists the documents the store knows, by code.
func (rv *Review) Sources() []planwatch.Source {
	return slices.SortedFunc(maps.Values(rv.sources), func(a, b planwatch.Source) int { return strings.Compare(a.Code, b.Code) })
}

// Source returns a document by code.
func (rv *Review) Source(code string) (planwatch.Source, bool) {
	s, ok := rv.sources[code]
	return s, ok
}

// Citation is an observation's source as a reader sees it: the document it
// cites, when the text starts with a known source's code, and the detail
// after the code (a page, a quote); otherwise no document, and the whole
// text is the detail.
type Citation struct {
	Document *planwatch.Source
	Detail   string
}

// Cite resolves an observation's source (see planwatch.CitedSource).
func (rv *Review) Cite(source string) Citation {
	code, detail := planwatch.CitedSource(source)
	if s, ok := rv.sources[code]; ok && code != "" {
		return Citation{Document: &s, Detail: detail}
	}
	return Citation{Detail: source}
}

// Title is the cited document's title in the language, or "" when the
// source cites no known document.
func (c Citation) Title(l locale.Lang) string {
	if c.Document == nil {
		return ""
	}
	return c.Document.Title(string(l))
}

// Text is the citation in one line for a reader of the language: the
// document's title, then the detail after a colon; or the text as written.
func (c Citation) Text(l locale.Lang) string {
	t := c.Title(l)
	switch {
	case t == "":
		return c.Detail
	case c.Detail == "":
		return t
	}
	return t + ": " + c.Detail
}

// CodeName names a value of a dimension in the language: the store's codes
// first, then planwatch's own names (locale), then "name=value" as files
// write it.
func (rv *Review) CodeName(dim, value string, l locale.Lang) string {
	if c, ok := rv.codes[[2]string{dim, value}]; ok {
		return c.Name(string(l))
	}
	return locale.DimValue(dim, value, l)
}

// DimsName names each value of dims in the language, as CodeName does,
// joined by "; ": "giá so sánh 2010; dịch vụ". No dims is "".
func (rv *Review) DimsName(dims planwatch.Dims, l locale.Lang) string {
	var out []string
	for _, kv := range dims.Pairs() {
		out = append(out, rv.CodeName(kv[0], kv[1], l))
	}
	return strings.Join(out, "; ")
}
