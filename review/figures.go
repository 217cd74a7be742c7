package review

import (
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"planwatch"
	"planwatch/period"
)

// figures is how a review gets observations. Load reads them all at once;
// Open reads them from the store as they are asked for, in two shapes, and
// keeps what it read in a bounded cache:
//   - a unit's figures, every series and period (for a dashboard, a
//     chart, an assessment: whatever walks a series);
//   - an indicator's figures at one period across the units of one level
//     (for ranks, aggregates and comparisons, and for any single figure of
//     a unit not read whole).
//
// Both are read through the store's Observations filter, with the revision
// the review was opened at as a bound, so that what it reads later is what
// the store held then, whatever was imported meanwhile.
type figures struct {
	r       planwatch.Reader
	base    planwatch.ObservationFilter // KnownOn and the revision bound
	ctx     context.Context             // for the reads: the opener's values, never its end
	timeout time.Duration
	// complete is set when every observation was read at load: a unit
	// not held has no figures, and nothing is read later.
	complete bool
	limit    int64 // observations held at most (0: no bound)
	held     atomic.Int64
	units    sync.Map // int64 -> *entry
	slices   sync.Map // sliceKey -> *entry
	frames   sync.Map // frameKey -> *entry
	series   sync.Map // seriesRead -> *entry
	// levelOf is each unit's level, and ofLevel the units of each level,
	// that an indicator's figures are read for together.
	levelOf  map[int64]planwatch.Level
	ofLevel  map[planwatch.Level][]int64
	evicting sync.Mutex
	// failures counts reads that failed; results computed while it moved
	// are not kept. lastErr is the latest failure.
	failures atomic.Int64
	lastErr  atomic.Pointer[error]
}

// sliceKey names an indicator's figures at one period, of the units of
// one level.
type sliceKey struct {
	code  string
	p     period.Period
	level planwatch.Level
}

// frameKey names every figure at one period of the units of one level:
// what the facts of each of them at that period look at.
type frameKey struct {
	level planwatch.Level
	p     period.Period
}

// seriesRead names every figure of one indicator of one unit, in all its
// dimensions and periods: what a verdict on a target walks.
type seriesRead struct {
	unit int64
	code string
}

// unitFigures is every current figure of one unit.
type unitFigures struct {
	keys   []planwatch.SeriesKey // in the store's order: indicator, dims
	series map[planwatch.SeriesKey]map[period.Period]planwatch.Observation
}

// entry is one read, being made or made. ready is closed once the read is
// done; used is set by every look, and cleared by eviction.
type entry struct {
	ready chan struct{}
	done  atomic.Bool
	unit  *unitFigures
	slice map[planwatch.SeriesKey]planwatch.Observation
	// byUnit lists, in a frame, each unit's series with a figure.
	byUnit map[int64][]planwatch.SeriesKey
	err    error
	n      int64
	used   atomic.Bool
}

func newEntry() *entry { return &entry{ready: make(chan struct{})} }

func (e *entry) finish(n int64, err error) {
	e.n, e.err = n, err
	e.done.Store(true)
	close(e.ready)
}

var noFigures = &unitFigures{series: map[planwatch.SeriesKey]map[period.Period]planwatch.Observation{}}

// DefaultCacheLimit is how many observations a review opened lazily keeps
// at most (some 250 bytes each).
const DefaultCacheLimit = 400_000

// readTimeout bounds one read of the store.
const readTimeout = 2 * time.Minute

func (f *figures) read(filter planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	filter.KnownOn, filter.Revision, filter.Approved = f.base.KnownOn, f.base.Revision, f.base.Approved
	ctx, cancel := context.WithTimeout(f.ctx, f.timeout)
	defer cancel()
	return f.r.Observations(ctx, filter)
}

func (f *figures) fail(err error) {
	f.failures.Add(1)
	f.lastErr.Store(&err)
}

// holdAll keeps every observation read at load, as units' figures.
func (f *figures) holdAll(obs []planwatch.Observation) {
	f.complete = true
	for id, u := range group(obs) {
		e := newEntry()
		e.unit = u
		e.finish(0, nil)
		f.units.Store(id, e)
	}
}

// group sorts observations (in the store's order) into units' figures.
func group(obs []planwatch.Observation) map[int64]*unitFigures {
	out := map[int64]*unitFigures{}
	for _, o := range obs {
		u := out[o.Unit]
		if u == nil {
			u = &unitFigures{series: map[planwatch.SeriesKey]map[period.Period]planwatch.Observation{}}
			out[o.Unit] = u
		}
		k := o.Key()
		m := u.series[k]
		if m == nil {
			m = map[period.Period]planwatch.Observation{}
			u.series[k] = m
			u.keys = append(u.keys, k)
		}
		m[o.Period] = o
	}
	return out
}

// loadedUnit returns a unit's figures if they are held, without reading.
func (f *figures) loadedUnit(id int64) *unitFigures {
	v, ok := f.units.Load(id)
	if !ok {
		if f.complete {
			return noFigures
		}
		return nil
	}
	e := v.(*entry)
	if !e.done.Load() || e.err != nil {
		return nil
	}
	e.used.Store(true)
	return e.unit
}

// unit returns a unit's figures, reading them when they are not held.
func (f *figures) unit(id int64) *unitFigures {
	if u := f.loadedUnit(id); u != nil {
		return u
	}
	v, loaded := f.units.LoadOrStore(id, newEntry())
	e := v.(*entry)
	e.used.Store(true)
	if loaded {
		<-e.ready
	} else {
		obs, err := f.read(planwatch.ObservationFilter{Units: []int64{id}})
		u := group(obs)[id]
		if u == nil {
			u = noFigures
		}
		e.unit = u
		e.finish(int64(len(obs)), err)
		f.added(e, err)
	}
	if e.err != nil {
		f.units.CompareAndDelete(id, e)
		return noFigures
	}
	return e.unit
}

// added counts what a read brought in, and makes room when the cache is
// over its bound.
func (f *figures) added(e *entry, err error) {
	if err != nil {
		f.fail(err)
		return
	}
	if f.held.Add(e.n) > f.limit && f.limit > 0 {
		f.evict()
	}
}

// evict drops the reads not looked at since the last eviction (a clock
// sweep), and then, while still over the bound, any read done.
func (f *figures) evict() {
	if !f.evicting.TryLock() {
		return
	}
	defer f.evicting.Unlock()
	for pass := 0; pass < 2 && f.held.Load() > f.limit; pass++ {
		sweep := func(k, v any, m *sync.Map) bool {
			e := v.(*entry)
			if !e.done.Load() {
				return true
			}
			if e.used.Swap(false) && pass == 0 {
				return true
			}
			if m.CompareAndDelete(k, e) {
				f.held.Add(-e.n)
			}
			return f.held.Load() > f.limit*3/4
		}
		f.frames.Range(func(k, v any) bool { return sweep(k, v, &f.frames) })
		f.series.Range(func(k, v any) bool { return sweep(k, v, &f.series) })
		f.slices.Range(func(k, v any) bool { return sweep(k, v, &f.slices) })
		f.units.Range(func(k, v any) bool { return sweep(k, v, &f.units) })
	}
}

// loadedSlice returns an indicator's figures at a period of the units of a
// level if they are held.
func (f *figures) loadedSlice(code string, p period.Period, level planwatch.Level) map[planwatch.SeriesKey]planwatch.Observation {
	v, ok := f.slices.Load(sliceKey{code, p, level})
	if !ok {
		return nil
	}
	e := v.(*entry)
	if !e.done.Load() || e.err != nil {
		return nil
	}
	e.used.Store(true)
	return e.slice
}

// at is the stored figure of a series at a period: from the unit's figures
// when they are held, else from the indicator's at that period, read if
// need be.
func (f *figures) at(k planwatch.SeriesKey, p period.Period) (planwatch.Observation, bool) {
	if u := f.loadedUnit(k.Unit); u != nil {
		o, ok := u.series[k][p]
		return o, ok
	}
	if u := f.loadedSeries(k.Unit, k.Indicator); u != nil {
		o, ok := u.series[k][p]
		return o, ok
	}
	level := f.levelOf[k.Unit]
	if fr := f.loadedFrame(level, p); fr != nil {
		o, ok := fr.slice[k]
		return o, ok
	}
	if s := f.loadedSlice(k.Indicator, p, level); s != nil {
		o, ok := s[k]
		return o, ok
	}
	// What was just read, even if the cache dropped it already.
	if e := f.prefetch([]string{k.Indicator}, p, level)[k.Indicator]; e != nil && e.err == nil {
		o, ok := e.slice[k]
		return o, ok
	}
	return planwatch.Observation{}, false
}

// prefetch reads the figures of the indicators at a period of the units of
// a level, those not held, in one read, and returns the reads by
// indicator.
func (f *figures) prefetch(codes []string, p period.Period, level planwatch.Level) map[string]*entry {
	if f.complete || len(f.ofLevel[level]) == 0 || f.loadedFrame(level, p) != nil {
		return nil
	}
	var mine []string
	var theirs []*entry
	entries := map[string]*entry{}
	for _, c := range codes {
		if _, dup := entries[c]; dup {
			continue
		}
		v, loaded := f.slices.LoadOrStore(sliceKey{c, p, level}, newEntry())
		e := v.(*entry)
		entries[c] = e
		e.used.Store(true)
		if loaded {
			theirs = append(theirs, e)
		} else {
			mine = append(mine, c)
		}
	}
	if len(mine) > 0 {
		slices.Sort(mine)
		obs, err := f.read(planwatch.ObservationFilter{Units: f.ofLevel[level], Indicators: mine, Period: p, Exact: true})
		by := map[string]map[planwatch.SeriesKey]planwatch.Observation{}
		for _, o := range obs {
			m := by[o.Indicator]
			if m == nil {
				m = map[planwatch.SeriesKey]planwatch.Observation{}
				by[o.Indicator] = m
			}
			m[o.Key()] = o
		}
		for _, c := range mine {
			e := entries[c]
			e.slice = by[c]
			e.finish(int64(len(e.slice)), err)
			if err != nil {
				f.slices.CompareAndDelete(sliceKey{c, p, level}, e)
			}
		}
		if err != nil {
			f.fail(err)
		} else if f.held.Add(int64(len(obs))) > f.limit && f.limit > 0 {
			f.evict()
		}
	}
	for _, e := range theirs {
		<-e.ready
	}
	return entries
}

// loadedFrame returns every figure at a period of the units of a level if
// they are held.
func (f *figures) loadedFrame(level planwatch.Level, p period.Period) *entry {
	v, ok := f.frames.Load(frameKey{level, p})
	if !ok {
		return nil
	}
	e := v.(*entry)
	if !e.done.Load() || e.err != nil {
		return nil
	}
	e.used.Store(true)
	return e
}

// frame reads every figure at some periods of the units of a level, the
// periods not held, in one read: the facts of all of them at a period
// need those of the period and of the year before, and no other.
func (f *figures) frame(level planwatch.Level, ps ...period.Period) {
	if f.complete || len(f.ofLevel[level]) == 0 {
		return
	}
	var mine []period.Period
	var theirs []*entry
	entries := map[period.Period]*entry{}
	for _, p := range ps {
		if _, dup := entries[p]; dup || p.IsZero() {
			continue
		}
		v, loaded := f.frames.LoadOrStore(frameKey{level, p}, newEntry())
		e := v.(*entry)
		entries[p] = e
		e.used.Store(true)
		if loaded {
			theirs = append(theirs, e)
		} else {
			mine = append(mine, p)
		}
	}
	if len(mine) > 0 {
		obs, err := f.read(planwatch.ObservationFilter{Units: f.ofLevel[level], Periods: mine})
		for _, p := range mine {
			entries[p].slice, entries[p].byUnit = map[planwatch.SeriesKey]planwatch.Observation{}, map[int64][]planwatch.SeriesKey{}
		}
		for _, o := range obs {
			e := entries[o.Period]
			if e == nil {
				continue
			}
			k := o.Key()
			e.slice[k] = o
			e.byUnit[o.Unit] = append(e.byUnit[o.Unit], k)
		}
		for _, p := range mine {
			e := entries[p]
			e.finish(int64(len(e.slice)), err)
			if err != nil {
				f.frames.CompareAndDelete(frameKey{level, p}, e)
			}
		}
		if err != nil {
			f.fail(err)
		} else if f.held.Add(int64(len(obs))) > f.limit && f.limit > 0 {
			f.evict()
		}
	}
	for _, e := range theirs {
		<-e.ready
	}
}

// keysAt lists the series of a unit with a figure at a period: from the
// frame of its level when it is held, else from its figures, read whole.
func (f *figures) keysAt(id int64, p period.Period) []planwatch.SeriesKey {
	if fr := f.loadedFrame(f.levelOf[id], p); fr != nil {
		return fr.byUnit[id]
	}
	u := f.unit(id)
	var out []planwatch.SeriesKey
	for _, k := range u.keys {
		if _, ok := u.series[k][p]; ok {
			out = append(out, k)
		}
	}
	return out
}

// loadedSeries returns the figures of one indicator of a unit, every
// dimension and period, if they are held (alone, or with the unit's).
func (f *figures) loadedSeries(id int64, code string) *unitFigures {
	if u := f.loadedUnit(id); u != nil {
		return u
	}
	v, ok := f.series.Load(seriesRead{id, code})
	if !ok {
		return nil
	}
	e := v.(*entry)
	if !e.done.Load() || e.err != nil {
		return nil
	}
	e.used.Store(true)
	return e.unit
}

// seriesOf is a series' figures by period: from the indicator's figures of
// the unit when they are held, else from the unit's, read whole.
func (f *figures) seriesOf(k planwatch.SeriesKey) map[period.Period]planwatch.Observation {
	if u := f.loadedSeries(k.Unit, k.Indicator); u != nil {
		return u.series[k]
	}
	return f.unit(k.Unit).series[k]
}

// readSeries reads the figures of some indicators of some units, every
// dimension and period, those not held, in one read: the verdicts on the
// targets of many units walk the series of a few indicators each.
func (f *figures) readSeries(units []int64, codes []string) {
	if f.complete || len(units) == 0 || len(codes) == 0 {
		return
	}
	var theirs []*entry
	entries := map[seriesRead]*entry{}
	wantUnits, wantCodes := map[int64]bool{}, map[string]bool{}
	for _, id := range units {
		if f.loadedUnit(id) != nil {
			continue
		}
		for _, c := range codes {
			k := seriesRead{id, c}
			if _, dup := entries[k]; dup {
				continue
			}
			v, loaded := f.series.LoadOrStore(k, newEntry())
			e := v.(*entry)
			e.used.Store(true)
			if loaded {
				theirs = append(theirs, e)
				continue
			}
			entries[k] = e
			wantUnits[id], wantCodes[c] = true, true
		}
	}
	if len(entries) > 0 {
		ids := slices.Sorted(maps.Keys(wantUnits))
		cs := slices.Sorted(maps.Keys(wantCodes))
		obs, err := f.read(planwatch.ObservationFilter{Units: ids, Indicators: cs})
		byRead := map[seriesRead][]planwatch.Observation{}
		n := 0
		for _, o := range obs {
			k := seriesRead{o.Unit, o.Indicator}
			if entries[k] != nil {
				byRead[k] = append(byRead[k], o)
				n++
			}
		}
		for k, e := range entries {
			e.unit = noFigures
			if u := group(byRead[k])[k.unit]; u != nil {
				e.unit = u
			}
			e.finish(int64(len(byRead[k])), err)
			if err != nil {
				f.series.CompareAndDelete(k, e)
			}
		}
		if err != nil {
			f.fail(err)
		} else if f.held.Add(int64(n)) > f.limit && f.limit > 0 {
			f.evict()
		}
	}
	for _, e := range theirs {
		<-e.ready
	}
}
