// Package demo is the demonstration data embedded in the binary: what the
// seed documents state about Bac Ninh, the units and plans they name, and
// real published figures of the other provinces for ranks and shares.
//
// Some figures were published twice: a first estimate, then the statistics
// office's figure (the old Bac Ninh's GRDP of 2023). The first stands in
// data/, the later one in data/later/; Load writes the first and then the
// later, so that the store keeps both versions and shows the revision.
package demo

import (
	"context"
	"embed"
	"io/fs"

	"planwatch"
	"planwatch/exchange"
)

//go:embed data/*.csv data/later/*.csv
var files embed.FS

// Files lists the demo's canonical files, the later versions last.
func Files() []string {
	names, _ := fs.Glob(files, "data/*.csv")
	later, _ := fs.Glob(files, "data/later/*.csv")
	return append(names, later...)
}

// Open opens one of the demo's files.
func Open(name string) (fs.File, error) { return files.Open(name) }

func read(pattern string) (*planwatch.Batch, error) {
	names, _ := fs.Glob(files, pattern)
	all := &planwatch.Batch{}
	for _, name := range names {
		f, err := files.Open(name)
		if err != nil {
			return nil, err
		}
		b, _, err := exchange.Read("demo/"+name[len("data/"):], f)
		f.Close()
		if err != nil {
			return nil, err
		}
		all.Append(b)
	}
	return all, nil
}

// obsKey names a figure of a batch as its file does.
type obsKey struct {
	unit, indicator, dims, period string
}

func keyOf(r planwatch.ObservationRecord) obsKey {
	return obsKey{r.Unit, r.Observation.Indicator, string(r.Observation.Dims), r.Observation.Period.String()}
}

// parts reads the demo: everything but the figures published again later,
// those figures as first published, and their later versions.
func parts() (base, first, later *planwatch.Batch, err error) {
	if base, err = read("data/*.csv"); err != nil {
		return nil, nil, nil, err
	}
	if later, err = read("data/later/*.csv"); err != nil {
		return nil, nil, nil, err
	}
	revised := map[obsKey]bool{}
	for _, r := range later.Observations {
		revised[keyOf(r)] = true
	}
	first = &planwatch.Batch{}
	kept := base.Observations[:0:0]
	for _, r := range base.Observations {
		if revised[keyOf(r)] {
			first.Observations = append(first.Observations, r)
		} else {
			kept = append(kept, r)
		}
	}
	base.Observations = kept
	return base, first, later, nil
}

// Batch is the demo in one batch, as it stands after Load: each figure
// published twice in its later version only (one batch holds one version
// of a figure).
func Batch() (*planwatch.Batch, error) {
	base, _, later, err := parts()
	if err != nil {
		return nil, err
	}
	base.Append(later)
	return base, nil
}

// Load writes the demo into the store: everything, with the figures
// published twice first as first published and then in their later
// version, each step all or nothing. Loading it again changes nothing: a
// first version is written only where the store has no figure yet.
func Load(ctx context.Context, s planwatch.Store, opt planwatch.ApplyOptions) (planwatch.Summary, error) {
	base, first, later, err := parts()
	if err != nil {
		return nil, err
	}
	sum, err := planwatch.Apply(ctx, s, base, opt)
	if err != nil {
		return nil, err
	}
	// The first versions of figures the store holds already (from an
	// earlier load) are not written again: they would be a new version
	// over the later one.
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	x := planwatch.NewUnitIndex(units)
	missing := &planwatch.Batch{}
	for _, r := range first.Observations {
		o := r.Observation
		u, err := x.Resolve(r.Unit, planwatch.PeriodSpan(o.Period))
		if err != nil {
			return nil, err
		}
		dims := o.Dims
		have, err := s.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{o.Indicator}, Dims: &dims, Period: o.Period, Exact: true})
		if err != nil {
			return nil, err
		}
		if len(have) == 0 {
			missing.Observations = append(missing.Observations, r)
		}
	}
	for _, b := range []*planwatch.Batch{missing, later} {
		if len(b.Observations) == 0 {
			continue
		}
		more, err := planwatch.Apply(ctx, s, b, opt)
		if err != nil {
			return nil, err
		}
		sum = add(sum, more)
	}
	return sum, nil
}

// add sums two summaries kind by kind.
func add(a, b planwatch.Summary) planwatch.Summary {
	for i := range a {
		c := b.Get(a[i].Kind)
		a[i].Added += c.Added
		a[i].Changed += c.Changed
		a[i].Unchanged += c.Unchanged
	}
	return a
}
