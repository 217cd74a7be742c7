package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/formula"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

func runShow(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "show", "show [--db FILE] --unit U [--period P] [--lang vi|en]",
		"Print a unit's figures, with their status and source (numbered, listed below the table).\nIndicators defined by a formula are derived from the unit's own figures (status =).")
	unit := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD")
	per := fs.String("period", "", "only periods within this one (2025, 2021/2025 ...)")
	lang := langFlag(fs, "language of names, headers and numbers")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *unit == "" {
		fmt.Fprintln(e.stderr, "show needs --unit")
		return errUsage
	}
	l := locale.Parse(*lang)
	var p period.Period
	within := planwatch.Span{}
	if *per != "" {
		var err error
		if p, err = period.Parse(*per); err != nil {
			return fmt.Errorf("--period: %v", err)
		}
		within = planwatch.PeriodSpan(p)
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	u, err := planwatch.NewUnitIndex(units).Resolve(*unit, within)
	if err != nil {
		return err
	}
	inds, err := db.Indicators(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]planwatch.Indicator{}
	for _, in := range inds {
		byCode[in.Code] = in
	}
	obs, err := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: p})
	if err != nil {
		return err
	}
	// A source that cites a known document is listed by its title in the
	// table's language.
	sources, err := db.Sources(ctx)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, s := range sources {
		titles[s.Code] = s.Title(string(l))
	}
	cite := func(source string) string {
		if code, _ := planwatch.CitedSource(source); titles[code] != "" {
			return titles[code]
		}
		return document(source)
	}
	fmt.Fprintf(e.stdout, "%s (%s), %s, %s\n", u.Name(string(l)), u.Code, locale.Level(string(u.Level), l), validity(u, l))
	if len(obs) == 0 {
		fmt.Fprintln(e.stdout, say(l, "không có số liệu", "no figures"))
		return nil
	}
	// Breaks in each series: a figure from another document than the one
	// before it is marked, and growth is not read across it.
	series := map[planwatch.SeriesKey][]planwatch.Observation{}
	for _, o := range obs {
		series[o.Key()] = append(series[o.Key()], o)
	}
	broken := map[planwatch.SeriesKey]map[period.Period]bool{}
	for k, os := range series {
		slices.SortFunc(os, func(a, b planwatch.Observation) int { return a.Period.Compare(b.Period) })
		for _, pt := range review.MarkBreaks(os) {
			if pt.Break {
				if broken[k] == nil {
					broken[k] = map[period.Period]bool{}
				}
				broken[k][pt.Period] = true
			}
		}
	}
	var notes footnotes
	var rows []row
	statuses := map[string]bool{}
	breaks := false
	for _, o := range obs {
		in := byCode[o.Indicator]
		status := o.Status
		if broken[o.Key()][o.Period] {
			status += "*"
			breaks = true
		}
		rows = append(rows, row{cells: []string{o.Indicator, review.IndicatorText(in, o.Dims, l), o.Period.String(),
			locale.Number(o.Value, l), locale.Unit(in.MeasureUnit, l), status, notes.ref(review.Document(o.Source), cite(o.Source))}})
		statuses[o.Status] = true
	}
	for _, d := range derived(inds, obs) {
		in := byCode[d.indicator]
		rows = append(rows, row{cells: []string{d.indicator, review.IndicatorText(in, "", l), d.period.String(),
			locale.Fixed(d.value, 2, l), locale.Unit(in.MeasureUnit, l), "=", notes.ref("= "+in.Formula, "= "+in.Formula)}})
		statuses["="] = true
	}
	cols := []column{{head: say(l, "MÃ", "CODE")}, {head: say(l, "CHỈ TIÊU", "INDICATOR"), flex: true}, {head: say(l, "KỲ", "PERIOD")},
		{head: say(l, "GIÁ TRỊ", "VALUE"), right: true}, {head: say(l, "ĐƠN VỊ", "UNIT"), max: 14}, {head: say(l, "TT", "ST")}, {head: say(l, "NGUỒN", "SOURCE")}}
	if err := renderTable(e.stdout, cols, rows); err != nil {
		return err
	}
	if err := statusLegend(e.stdout, statuses, l); err != nil {
		return err
	}
	if breaks {
		if err := paragraph(e.stdout, say(l, "*: chuỗi số liệu bị gãy trước số này (khác nguồn với số trước); tốc độ tăng không tính qua chỗ gãy",
			"*: a break in the series before this figure (another source than the one before); growth is not measured across it")); err != nil {
			return err
		}
	}
	return notes.write(e.stdout, say(l, "Nguồn:", "Sources:"))
}

// validity says when a unit was valid: "hiệu lực từ 2025-07-01".
func validity(u planwatch.Unit, l locale.Lang) string {
	switch {
	case u.ValidFrom != "" && u.ValidTo != "":
		return say(l, "hiệu lực từ ", "valid from ") + string(u.ValidFrom) + say(l, " đến ", " to ") + string(u.ValidTo)
	case u.ValidFrom != "":
		return say(l, "hiệu lực từ ", "valid from ") + string(u.ValidFrom)
	case u.ValidTo != "":
		return say(l, "hiệu lực đến ", "valid to ") + string(u.ValidTo)
	}
	return say(l, "hiệu lực suốt thời kỳ", "valid throughout")
}

// document is the document part of a source, as a footnote gives it; the
// whole source when that part is a single word ("Computed").
func document(source string) string {
	doc, _, _ := strings.Cut(source, ":")
	switch doc = strings.TrimSpace(doc); {
	case doc == "":
		return "-"
	case !strings.Contains(doc, " "):
		return source
	}
	return doc
}

// footnotes number the sources a table cites, each once.
type footnotes struct {
	keys  []string
	texts []string
}

func (f *footnotes) ref(key, text string) string {
	if key == "" {
		return "-"
	}
	i := slices.Index(f.keys, key)
	if i < 0 {
		f.keys = append(f.keys, key)
		f.texts = append(f.texts, text)
		i = len(f.keys) - 1
	}
	return fmt.Sprintf("[%d]", i+1)
}

func (f *footnotes) write(w io.Writer, title string) error {
	if len(f.keys) == 0 {
		return nil
	}
	fmt.Fprintln(w, title)
	for i, t := range f.texts {
		lines := wrap(t, tableWidth-5)
		fmt.Fprintf(w, "%-4s %s\n", fmt.Sprintf("[%d]", i+1), lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "     %s\n", l)
		}
	}
	return nil
}

// statusLegend names the statuses a table shows: "TT: E ước tính, = tính
// theo công thức".
func statusLegend(w io.Writer, shown map[string]bool, l locale.Lang) error {
	var codes []string
	for c := range shown {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, c+" "+locale.ObsStatus(c, l))
	}
	return paragraph(w, say(l, "TT (trạng thái): ", "ST (status): ")+strings.Join(parts, ", "))
}

type figure struct {
	indicator string
	period    period.Period
	value     float64
}

// derived computes the indicators defined by a formula from the unit's own
// figures of the same period, where every operand is there and nothing is
// stored for the indicator itself. Status "=" marks them.
func derived(inds []planwatch.Indicator, obs []planwatch.Observation) []figure {
	values := map[period.Period]map[string]float64{}
	var periods []period.Period
	for _, o := range obs {
		if o.Dims != "" {
			continue
		}
		if values[o.Period] == nil {
			values[o.Period] = map[string]float64{}
			periods = append(periods, o.Period)
		}
		values[o.Period][o.Indicator] = o.Value
	}
	var out []figure
	for _, in := range inds {
		if in.Formula == "" {
			continue
		}
		e, err := formula.Parse(in.Formula)
		if err != nil {
			continue
		}
		for _, p := range periods {
			if _, stored := values[p][in.Code]; stored {
				continue
			}
			v, err := e.Eval(func(name string) (float64, bool) { v, ok := values[p][name]; return v, ok })
			if err == nil {
				out = append(out, figure{in.Code, p, v})
			}
		}
	}
	return out
}
