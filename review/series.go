package review

import (
	"fmt"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
)

// A break in a series is where a figure is not comparable with the one
// before it, so that growth between them would measure the change of
// source rather than of the economy: 133,600 (the review of Resolution 54,
// 2022) and 136,900 (the provincial portal's 2024 estimate) read as
// stagnation while the second source says +6.03 %.
//
// The rule, between two adjacent stored figures of one series and
// frequency:
//   - the later one has the SDMX status B (time series break), or
//   - they cite different documents: a source's document is its text up to
//     the first colon ("Báo Bắc Ninh, ..., 31/12/2025: \"quote\""), compared
//     without case and spacing. A new document is also a new vintage: a
//     yearbook of another year, an estimate against the final figure.
//
// A different price basis is a different series (price is a dimension of
// the series' key), so it never meets this rule. Figures planwatch
// computes (by formula, or rebuilt from predecessors) have no document of
// their own and never mark a break.

// Document is the document a source cites: its text up to the first
// colon, without case and extra spaces.
func Document(source string) string {
	doc, _, _ := strings.Cut(source, ":")
	return strings.Join(strings.Fields(strings.ToLower(doc)), " ")
}

// breakBetween says whether a stored figure is not comparable with the
// stored figure before it in its series, and why, in English and
// Vietnamese; rv, when given, names a cited document by its title in each
// language.
func (rv *Review) breakBetween(prev, cur planwatch.Observation) (en, vi string, ok bool) {
	if cur.Status == "B" {
		return fmt.Sprintf("the source marks a break in the series at %s (status B)", cur.Period),
			fmt.Sprintf("nguồn ghi chuỗi số liệu bị gãy tại %s (trạng thái B)", cur.Period), true
	}
	if prev.Source != cur.Source && Document(prev.Source) != Document(cur.Source) {
		return fmt.Sprintf("%s and %s come from different sources (%s; %s)", prev.Period, cur.Period, rv.docName(prev.Source, locale.EN), rv.docName(cur.Source, locale.EN)),
			fmt.Sprintf("số liệu %s và %s từ hai nguồn khác nhau (%s; %s)", prev.Period, cur.Period, rv.docName(prev.Source, locale.VI), rv.docName(cur.Source, locale.VI)), true
	}
	return "", "", false
}

// docName names the document a source cites, for a sentence in the
// language: a known document's title, at most 90 characters; else the
// excerpt of the text. rv may be nil.
func (rv *Review) docName(source string, l locale.Lang) string {
	if rv != nil {
		if c := rv.Cite(source); c.Document != nil {
			if t := []rune(c.Title(l)); len(t) > 90 {
				return string(t[:89]) + "…"
			}
			return c.Title(l)
		}
	}
	return docExcerpt(source)
}

// docExcerpt is a source's document, shortened for a sentence: without a
// gloss in brackets, at most 90 characters.
func docExcerpt(source string) string {
	doc, _, _ := strings.Cut(source, ":")
	if before, _, ok := strings.Cut(doc, " ("); ok && strings.TrimSpace(before) != "" {
		doc = before
	}
	doc = strings.TrimSpace(doc)
	if r := []rune(doc); len(r) > 90 {
		return string(r[:89]) + "…"
	}
	if doc == "" {
		return "no source"
	}
	return doc
}

// SeriesPoint is a stored figure of a series, and whether it is comparable
// with the figure before it.
type SeriesPoint struct {
	planwatch.Observation
	// Break is set when the figure is not comparable with the previous
	// one of the same frequency; BreakReason and BreakReasonVI say why.
	Break                      bool
	BreakReason, BreakReasonVI string
}

// Points is a unit's current figures of one indicator, oldest first, with
// the breaks in the series marked.
func (rv *Review) Points(unit int64, code string, dims planwatch.Dims) []SeriesPoint {
	return rv.markBreaks(rv.Series(unit, code, dims))
}

// MarkBreaks marks the breaks in one series' figures, given oldest first;
// the reasons cite the documents as the sources write them (Points names
// them by their titles).
func MarkBreaks(obs []planwatch.Observation) []SeriesPoint {
	var rv *Review
	return rv.markBreaks(obs)
}

func (rv *Review) markBreaks(obs []planwatch.Observation) []SeriesPoint {
	out := make([]SeriesPoint, len(obs))
	prev := map[string]planwatch.Observation{}
	for i, o := range obs {
		out[i].Observation = o
		k := frequency(o.Period)
		if p, ok := prev[k]; ok {
			out[i].BreakReason, out[i].BreakReasonVI, out[i].Break = rv.breakBetween(p, o)
		}
		prev[k] = o
	}
	return out
}

// frequency groups the periods whose figures follow one another: years
// with years, quarters with quarters, each kind of interval apart.
func frequency(p period.Period) string {
	if p.IsInterval() {
		return fmt.Sprintf("%v/%d", p.Freq(), p.Len())
	}
	return p.Freq().String()
}

// breakYears lists the years whose yearly figure in the series is not
// comparable with the yearly figure before it, among the figures within
// selects.
func (rv *Review) breakYears(unit int64, code string, dims planwatch.Dims, within func(period.Period) bool) []int {
	var years []int
	var prev *planwatch.Observation
	for _, o := range rv.Series(unit, code, dims) {
		if o.Period.Freq() != period.Annual || o.Period.IsInterval() || !within(o.Period) {
			continue
		}
		if prev != nil {
			if _, _, ok := rv.breakBetween(*prev, o); ok {
				years = append(years, o.Period.StartYear())
			}
		}
		p := o
		prev = &p
	}
	return years
}

// sameSourceYears lists the years of the stored yearly figures, among
// those within selects, that compare with the last of them across breaks:
// they cite its document, and no figure from them on marks a break itself
// (status B).
func (rv *Review) sameSourceYears(unit int64, code string, dims planwatch.Dims, within func(period.Period) bool) []int {
	var years []planwatch.Observation
	for _, o := range rv.Series(unit, code, dims) {
		if o.Period.Freq() == period.Annual && !o.Period.IsInterval() && within(o.Period) {
			years = append(years, o)
		}
	}
	var out []int
	for i := range years {
		if i < len(years)-1 && SameSource(years, i, len(years)-1) {
			out = append(out, years[i].Period.StartYear())
		}
	}
	return out
}

// SameSource reports whether the figures i and j (i before j) of one
// series, given oldest first, compare with each other whatever lies
// between: they cite one document and none of the figures after i up to j
// marks a break itself (status B). Adjacent figures with no break between
// them always do.
func SameSource(obs []planwatch.Observation, i, j int) bool {
	if i >= j || Document(obs[i].Source) != Document(obs[j].Source) {
		return false
	}
	for k := i + 1; k <= j; k++ {
		if obs[k].Status == "B" {
			return false
		}
	}
	return true
}

// growthRate is the indicator of the published growth rates of a series
// (CODE_GROWTH), restricted to the series' dimensions, if there is one
// that applies. A growth rate without a price basis of its own is real
// growth, at constant prices, as statistics offices publish it: it does not
// apply to figures at current prices.
func (rv *Review) growthRate(code string, dims planwatch.Dims) (planwatch.Indicator, planwatch.Dims, bool) {
	g, ok := rv.inds[code+"_GROWTH"]
	if !ok {
		return g, "", false
	}
	if dims.Get("price") == "current" && !slices.ContainsFunc(g.Dimensions, func(d planwatch.Dimension) bool { return d.Name == "price" }) {
		return g, "", false
	}
	return g, g.Restrict(dims), true
}
