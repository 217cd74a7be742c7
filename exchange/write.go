package exchange

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	"planwatch"
	"planwatch/period"
)

// Filter narrows an export. Unit is a unit reference (a code, or
// code@date); Period keeps records whose period lies within it.
type Filter struct {
	Unit      string
	Indicator string
	Period    period.Period
}

// Export writes every record of one kind, as canonical CSV, in an order that
// depends only on the records: an export imported into an empty store and
// exported again gives the same bytes. A text cell that a spreadsheet would
// run as a formula, or that starts with an apostrophe, is written after an
// apostrophe, which Read takes off again (see cell.go).
func Export(ctx context.Context, s planwatch.Reader, kind string, f Filter, w io.Writer) error {
	layout, ok := LayoutOf(kind)
	if !ok {
		return planwatch.Errorf(planwatch.EINVALID, "kind %q is not one of %s", kind, KindNames())
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(layout.Columns); err != nil {
		return err
	}
	err := eachKindRows(ctx, s, kind, f, func(rows [][]string) error {
		for _, row := range rows {
			for i, c := range row {
				row[i] = canonicalCell(c)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export %s: %w", kind, err)
	}
	return nil
}

// eachKindRows calls fn with the rows of kindRows: the observations a
// chunk at a time (see eachChunk; fn may not keep the rows), so that an
// export of a million figures holds fifty thousand; every other kind at
// once.
func eachKindRows(ctx context.Context, s planwatch.Reader, kind string, f Filter, fn func([][]string) error) error {
	if kind != "observations" {
		rows, err := kindRows(ctx, s, kind, f)
		if err != nil {
			return err
		}
		return fn(rows)
	}
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	of := planwatch.ObservationFilter{Period: f.Period}
	if f.Unit != "" {
		if of.Units, err = x.Matching(f.Unit); err != nil {
			return err
		}
	}
	if f.Indicator != "" {
		of.Indicators = []string{f.Indicator}
	}
	type keyed struct{ key, row []string }
	var chunk []keyed
	var rows [][]string
	return eachChunk(ctx, s, x, of, func(obs []planwatch.Observation) error {
		chunk = chunk[:0]
		for _, o := range obs {
			u, _ := x.ByID(o.Unit)
			row := []string{x.RefWithin(u, planwatch.PeriodSpan(o.Period)), o.Indicator, o.Period.String(), planwatch.FormatNumber(o.Value), string(o.Dims), o.Status, o.Source, o.Note}
			chunk = append(chunk, keyed{sortKey(kind, row), row})
		}
		slices.SortStableFunc(chunk, func(a, b keyed) int { return slices.Compare(a.key, b.key) })
		rows = rows[:0]
		for _, k := range chunk {
			rows = append(rows, k.row)
		}
		return fn(rows)
	})
}

// kindRows are the records of a kind as canonical rows, in the order of
// the export: their fields as text, before a CSV cell protects them.
func kindRows(ctx context.Context, s planwatch.Reader, kind string, f Filter) ([][]string, error) {
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	x := planwatch.NewUnitIndex(units)
	var unitIDs []int64
	if f.Unit != "" {
		// A bare code means every unit that has had it.
		if unitIDs, err = x.Matching(f.Unit); err != nil {
			return nil, err
		}
	}
	wantUnit := func(id int64) bool { return len(unitIDs) == 0 || slices.Contains(unitIDs, id) }
	wantPeriod := func(p period.Period) bool { return f.Period.IsZero() || f.Period.Contains(p) }
	ref := func(id int64, within planwatch.Span) string {
		u, _ := x.ByID(id)
		return x.RefWithin(u, within)
	}

	var rows [][]string
	switch kind {
	case "units":
		for _, u := range x.All() {
			if !wantUnit(u.ID) {
				continue
			}
			parent := ""
			if u.Parent != 0 {
				parent = ref(u.Parent, u.Validity())
			}
			rows = append(rows, []string{u.Code, u.NameVI, u.NameEN, string(u.Level), parent, string(u.ValidFrom), string(u.ValidTo)})
		}
	case "lineage":
		events, err := s.Lineage(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if !wantUnit(e.From) && !wantUnit(e.To) {
				continue
			}
			rows = append(rows, []string{string(e.Date), string(e.Event), ref(e.From, planwatch.Day(e.Date.AddDays(-1))), ref(e.To, planwatch.Day(e.Date)), optNum(e.Share)})
		}
	case "groups":
		members, err := s.GroupMembers(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if wantUnit(m.Unit) {
				rows = append(rows, []string{m.Group, m.NameVI, m.NameEN, ref(m.Unit, m.Validity()), string(m.ValidFrom), string(m.ValidTo)})
			}
		}
	case "indicators":
		inds, err := s.Indicators(ctx)
		if err != nil {
			return nil, err
		}
		for _, in := range inds {
			if f.Indicator != "" && in.Code != f.Indicator {
				continue
			}
			rows = append(rows, []string{in.Code, in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, planwatch.FormatDimensions(in.Dimensions)})
		}
	case "codes":
		codes, err := s.Codes(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range codes {
			rows = append(rows, []string{c.Dimension, c.Value, c.NameVI, c.NameEN})
		}
	case "sources":
		sources, err := s.Sources(ctx)
		if err != nil {
			return nil, err
		}
		for _, src := range sources {
			rows = append(rows, []string{src.Code, src.TitleVI, src.TitleEN, src.PublisherVI, src.PublisherEN, string(src.Issued), src.URL})
		}
	case "plans":
		plans, err := s.Plans(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range plans {
			if wantUnit(p.Unit) {
				rows = append(rows, []string{p.Code, string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), ref(p.Unit, planwatch.PeriodSpan(p.Horizon)), p.Horizon.String(),
					p.Parent, p.VisionVI, p.VisionEN, p.Assessment})
			}
		}
	case "targets":
		tf := planwatch.TargetFilter{Indicator: f.Indicator, Units: unitIDs}
		targets, err := s.Targets(ctx, tf)
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			if !wantPeriod(t.Period) {
				continue
			}
			bp := ""
			if !t.BaselinePeriod.IsZero() {
				bp = t.BaselinePeriod.String()
			}
			rows = append(rows, []string{t.Plan, ref(t.Unit, planwatch.PeriodSpan(t.Period)), t.Indicator, string(t.Dims), t.Period.String(), string(t.Kind),
				optNum(t.Value), optNum(t.Low), optNum(t.High), bp, optNum(t.BaselineValue), t.Wording, t.WordingLang, t.WordingTranslation, planwatch.FormatMilestones(t.Milestones)})
		}
	case "observations":
		err := eachKindRows(ctx, s, kind, f, func(chunk [][]string) error {
			rows = append(rows, chunk...)
			return nil
		})
		return rows, err
	}
	slices.SortStableFunc(rows, func(a, b []string) int { return slices.Compare(sortKey(kind, a), sortKey(kind, b)) })
	return rows, nil
}

// sortKey makes the order of rows a function of their content alone.
// Periods sort as periods, not as strings.
func sortKey(kind string, row []string) []string {
	if kind == "observations" {
		p, _ := period.Parse(row[2])
		return []string{row[0], row[1], row[4], periodKey(p), row[2]}
	}
	if kind == "targets" {
		p, _ := period.Parse(row[4])
		return append([]string{row[0], row[1], row[2], row[3], periodKey(p)}, row[4:]...)
	}
	return row
}

// periodKey sorts like period.Compare: by start, the longer first.
func periodKey(p period.Period) string {
	return p.Start().Format("2006-01") + fmt.Sprintf("|%04d|%d", 9999-p.Months(), p.Freq())
}

func optNum(v *float64) string {
	if v == nil {
		return ""
	}
	return planwatch.FormatNumber(*v)
}
