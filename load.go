package planwatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"planwatch/excerpt"
	"planwatch/formula"
	"planwatch/period"
)

// Records as read from files: the domain value, where it came from, and the
// references (unit codes, plan codes) still to be resolved against the store.
type (
	UnitRecord struct {
		Pos
		Unit   Unit
		Parent string
	}
	LineageRecord struct {
		Pos
		Event    LineageEvent
		From, To string
	}
	GroupRecord struct {
		Pos
		Member GroupMember
		Unit   string
	}
	IndicatorRecord struct {
		Pos
		Indicator Indicator
	}
	CodeRecord struct {
		Pos
		Code DimensionCode
	}
	SourceRecord struct {
		Pos
		Source Source
	}
	PlanRecord struct {
		Pos
		Plan Plan
		Unit string
	}
	TargetRecord struct {
		Pos
		Target Target
		Unit   string
	}
	ObservationRecord struct {
		Pos
		Observation Observation
		Unit        string
	}
)

// Batch is everything read from a set of files, to be written at once.
// Observations come as records, or as streams that produce them while the
// batch is applied.
type Batch struct {
	Units        []UnitRecord
	Lineage      []LineageRecord
	Groups       []GroupRecord
	Indicators   []IndicatorRecord
	Codes        []CodeRecord
	Sources      []SourceRecord
	Plans        []PlanRecord
	Targets      []TargetRecord
	Observations []ObservationRecord
	Streams      []ObservationStream
	// Warnings are faults of the source that the reader worked around and
	// reports (file and line), such as a ward filed under the wrong province.
	Warnings []string
}

// ObservationStream calls emit for each record of a file, stopping early
// when emit returns false, and returns the problems it found in the file
// (an ErrorList) or nil.
type ObservationStream func(emit func(ObservationRecord) bool) error

// Append adds the records of o to b.
func (b *Batch) Append(o *Batch) {
	b.Units = append(b.Units, o.Units...)
	b.Lineage = append(b.Lineage, o.Lineage...)
	b.Groups = append(b.Groups, o.Groups...)
	b.Indicators = append(b.Indicators, o.Indicators...)
	b.Codes = append(b.Codes, o.Codes...)
	b.Sources = append(b.Sources, o.Sources...)
	b.Plans = append(b.Plans, o.Plans...)
	b.Targets = append(b.Targets, o.Targets...)
	b.Observations = append(b.Observations, o.Observations...)
	b.Streams = append(b.Streams, o.Streams...)
	b.Warnings = append(b.Warnings, o.Warnings...)
}

// Kinds of record, in the order they are written.
var Kinds = []string{"units", "lineage", "groups", "indicators", "codes", "sources", "plans", "targets", "observations"}

// Count is what an import did to one kind of record.
type Count struct {
	Kind                      string
	Added, Changed, Unchanged int
}

// Summary is what an import did, kind by kind, in the order of Kinds.
type Summary []Count

func (s Summary) add(kind string, c Change) {
	for i := range s {
		if s[i].Kind == kind {
			switch c {
			case Added:
				s[i].Added++
			case Changed:
				s[i].Changed++
			default:
				s[i].Unchanged++
			}
		}
	}
}

// Get returns the count of a kind.
func (s Summary) Get(kind string) Count {
	for _, c := range s {
		if c.Kind == kind {
			return c
		}
	}
	return Count{Kind: kind}
}

// ApplyOptions tune Apply.
type ApplyOptions struct {
	DryRun     bool   // check and count, then write nothing
	RecordedBy string // who the new observation versions are recorded by
	// Plan, in a dry run, is given each record the import would add or
	// change (see dryrun.go): of the figures, the first PlanLimit (20 when
	// 0) in the store's order of units, each with the value it replaces.
	Plan      func(Planned)
	PlanLimit int
	// Approved writes the figures approved (an administrator's import of
	// figures approved elsewhere): new versions in an approved revision,
	// and figures equal to a current version not yet approved approve
	// it. Otherwise new versions are drafts.
	Approved bool
	// Optimistic writes each figure over the version it was read at, its
	// Observation.Version (0: the writer saw no figure): if another is
	// current now, nothing is written and the error lists a
	// *ConflictError for each such figure, with both values.
	Optimistic bool
	// Check, when set, runs in the transaction before the batch is checked
	// and written: the writer's own condition on what the store holds now
	// (a web form's plan or target is still the one it read). Its error
	// ends the import with nothing written.
	Check func(ctx context.Context, tx Tx) error
}

var errDryRun = errors.New("dry run")

// Apply writes a batch to the store in one transaction: every reference is
// resolved and every record checked first, and if anything is wrong nothing
// is written and the error lists each problem with its file, line and
// column. When the store runs the transaction again (see Store), the
// records are checked and written again; streams cannot be read twice, so
// a batch with streams fails instead, with nothing written.
func Apply(ctx context.Context, s Store, b *Batch, opt ApplyOptions) (Summary, error) {
	if msg := checkName("recorded_by", opt.RecordedBy); msg != "" {
		return nil, Errorf(EINVALID, "%s", msg)
	}
	var sum Summary
	runs := 0
	err := s.Update(ctx, func(tx Tx) error {
		if runs++; runs > 1 && len(b.Streams) > 0 {
			return Errorf(ECONFLICT, "another write to the store got in the way, and the files of this import can be read only once: nothing was imported; run it again")
		}
		if opt.Check != nil {
			if err := opt.Check(ctx, tx); err != nil {
				return err
			}
		}
		sum = make(Summary, len(Kinds))
		for i, k := range Kinds {
			sum[i].Kind = k
		}
		lopt := opt
		marker := ""
		if opt.DryRun && opt.Plan != nil {
			marker = dryRunRecorder()
			lopt.RecordedBy = marker
		}
		l := &loader{ctx: ctx, tx: tx, b: b, sum: sum, opt: lopt}
		if err := l.run(); err != nil {
			return err
		}
		if opt.DryRun {
			if marker != "" {
				if err := l.planObservations(marker); err != nil {
					return err
				}
				l.deliverPlan(ctx)
			}
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return sum, nil
}

type loader struct {
	ctx  context.Context
	tx   Tx
	b    *Batch
	sum  Summary
	opt  ApplyOptions
	errs ErrorList

	units      *UnitIndex
	indicators map[string]Indicator
	plans      map[string]Plan
	planned    []Planned // what a listing dry run would write
}

// fail records a problem; it reports false when there are too many to go on.
func (l *loader) fail(pos Pos, column, format string, args ...any) bool {
	if len(l.errs) < MaxErrors {
		l.errs = append(l.errs, &FieldError{Pos: pos, Column: column, Msg: fmt.Sprintf(format, args...)})
	}
	return len(l.errs) < MaxErrors
}

// failing reports whether a problem has been found: the transaction will
// be rolled back, so records are only checked from then on, not written
// (a target of a plan that was refused would not find it in the store).
func (l *loader) failing() bool { return len(l.errs) > 0 }

// failErr records an error from Validate, each of whose problems starts
// with the column name ("low: 8 is above high 7").
func (l *loader) failErr(pos Pos, err error) {
	parts := []string{err.Error()}
	var ps Problems
	if errors.As(err, &ps) {
		parts = ps
	}
	for _, part := range parts {
		col, msg, ok := strings.Cut(part, ": ")
		if !ok || strings.ContainsAny(col, " \"") {
			col, msg = "", part
		}
		l.fail(pos, col, "%s", msg)
	}
}

func (l *loader) run() error {
	steps := []func() error{l.loadUnits, l.loadIndicators, l.loadLineage, l.loadGroups, l.loadCodes, l.loadSources, l.loadPlans, l.loadTargets, l.loadObservations}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
		if len(l.errs) >= MaxErrors {
			break
		}
	}
	return l.errs.Err()
}

// PeriodSpan is the span of days a period covers.
func PeriodSpan(p period.Period) Span {
	return Span{DateOf(p.Start()), DateOf(p.End())}
}

func (l *loader) loadUnits() error {
	existing, err := l.tx.Units(l.ctx)
	if err != nil {
		return err
	}
	l.units = NewUnitIndex(existing)
	type key struct {
		code string
		from Date
	}
	seen := map[key]*UnitRecord{}
	pending := make([]*UnitRecord, 0, len(l.b.Units))
	for i := range l.b.Units {
		r := &l.b.Units[i]
		if err := r.Unit.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		k := key{r.Unit.Code, r.Unit.ValidFrom}
		if first, dup := seen[k]; dup {
			// Two files may both name a unit (the nation, a province that did
			// not change) as long as they agree.
			if first.File != r.File && first.Unit == r.Unit && first.Parent == r.Parent {
				continue
			}
			l.fail(r.Pos, "code", "unit %s valid from %s is also on %s", r.Unit.Code, orOpen(r.Unit.ValidFrom), first.Pos)
			continue
		}
		seen[k] = r
		// A code names one unit at a time: no other unit with the code may be
		// valid on a day this one is.
		for _, o := range l.units.ByCode(r.Unit.Code) {
			if o.ValidFrom != r.Unit.ValidFrom && o.Validity().Overlaps(r.Unit.Validity()) {
				l.fail(r.Pos, "valid_from", "code %s is already used by %s from %s to %s", r.Unit.Code, o, orOpen(o.ValidFrom), orOpen(o.ValidTo))
			}
		}
		pending = append(pending, r)
	}
	// Batch units may overlap one another in the same way.
	byCode := map[string][]*UnitRecord{}
	for _, r := range pending {
		for _, a := range byCode[r.Unit.Code] {
			if a.Unit.Validity().Overlaps(r.Unit.Validity()) {
				l.fail(r.Pos, "valid_from", "code %s is also used by the unit on %s for overlapping days", r.Unit.Code, a.Pos)
			}
		}
		byCode[r.Unit.Code] = append(byCode[r.Unit.Code], r)
	}
	// Put parents before children: repeat until no unit can be placed.
	// Units of the batch are indexed with temporary negative IDs first so
	// that a parent later in the file resolves.
	for i, r := range pending {
		u := r.Unit
		if u.ID == 0 {
			if old, err := l.units.Resolve(u.Ref(), u.Validity()); err == nil && old.ValidFrom == u.ValidFrom {
				u.ID = old.ID
			} else {
				u.ID = -int64(i + 1)
			}
		}
		r.Unit.ID = u.ID
		l.units.Add(u)
	}
	for len(pending) > 0 {
		var next []*UnitRecord
		for _, r := range pending {
			u := r.Unit
			if r.Parent != "" {
				p, err := l.units.Resolve(r.Parent, u.Validity())
				if err != nil {
					l.fail(r.Pos, "parent", "%v", err)
					continue
				}
				if p.ID < 0 {
					next = append(next, r)
					continue
				}
				if p.Code == u.Code && p.ValidFrom == u.ValidFrom {
					l.fail(r.Pos, "parent", "a unit cannot be its own parent")
					continue
				}
				u.Parent, u.ParentCode = p.ID, p.Code
			}
			if u.ID < 0 {
				u.ID = 0
			}
			c, err := l.tx.PutUnit(l.ctx, &u)
			if err != nil {
				return err
			}
			l.sum.add("units", c)
			l.plan("units", u.Ref(), r.Pos, c)
			l.units.Add(u)
		}
		if len(next) == len(pending) {
			for _, r := range next {
				l.fail(r.Pos, "parent", "parent %s is part of a cycle of parents", excerpt.Quote(r.Parent))
			}
			break
		}
		pending = next
	}
	return nil
}

func (l *loader) loadIndicators() error {
	existing, err := l.tx.Indicators(l.ctx)
	if err != nil {
		return err
	}
	l.indicators = map[string]Indicator{}
	for _, in := range existing {
		l.indicators[in.Code] = in
	}
	seen := map[string]Pos{}
	var ok []IndicatorRecord
	for _, r := range l.b.Indicators {
		if err := r.Indicator.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		if p, dup := seen[r.Indicator.Code]; dup {
			l.fail(r.Pos, "code", "indicator %s is also on %s", r.Indicator.Code, p)
			continue
		}
		seen[r.Indicator.Code] = r.Pos
		l.indicators[r.Indicator.Code] = r.Indicator
		ok = append(ok, r)
	}
	// A formula may lead back to its indicator through others, stored or in
	// the batch: evaluating it would never end. Each cycle is reported once,
	// on the first record of the batch that lies on it.
	deps := FormulaDeps(l.indicators)
	onCycle := map[string]bool{}
	for _, r := range ok {
		code := r.Indicator.Code
		if onCycle[code] {
			continue
		}
		if chain := FormulaCycle(deps, code); len(chain) > 2 {
			l.fail(r.Pos, "formula", "formulas form a cycle: %s", ChainString(chain))
			for _, c := range chain {
				onCycle[c] = true
			}
		}
	}
	for _, r := range ok {
		in := r.Indicator
		if in.Formula != "" {
			e, _ := formula.Parse(in.Formula)
			for _, v := range e.Vars() {
				if _, known := l.indicators[v]; !known {
					l.fail(r.Pos, "formula", "formula uses %s, which is not an indicator", v)
				}
				if v == in.Code {
					l.fail(r.Pos, "formula", "formula of %s uses %s itself", in.Code, in.Code)
				}
			}
		}
		if in.Aggregation.Rule == AggMean {
			if _, known := l.indicators[in.Aggregation.Weight]; !known {
				l.fail(r.Pos, "aggregation", "weight %s is not an indicator", in.Aggregation.Weight)
			}
		}
		if l.failing() {
			continue
		}
		c, err := l.tx.PutIndicator(l.ctx, in)
		if err != nil {
			return err
		}
		l.sum.add("indicators", c)
		l.plan("indicators", in.Code, r.Pos, c)
	}
	return nil
}

func (l *loader) loadLineage() error {
	type key struct {
		date     Date
		ev       Event
		from, to int64
	}
	seen := map[key]Pos{}
	shares := map[int64]float64{}
	for _, r := range l.b.Lineage {
		e := r.Event
		if err := e.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		from, err := l.units.Resolve(r.From, Day(e.Date.AddDays(-1)))
		if err != nil {
			l.fail(r.Pos, "from", "%v (the unit before %s)", err, e.Date)
			continue
		}
		to, err := l.units.Resolve(r.To, Day(e.Date))
		if err != nil {
			l.fail(r.Pos, "to", "%v (the unit on %s)", err, e.Date)
			continue
		}
		e.From, e.To, e.FromCode, e.ToCode = from.ID, to.ID, from.Code, to.Code
		// A unit that went wholly into another cannot outlive that day.
		if (e.Event == EventMerge || e.Event == EventRename || e.Event == EventRecode) && e.Share == nil && (from.ValidTo == "" || from.ValidTo > e.Date) {
			l.fail(r.Pos, "from", "%s is valid until %s, after its successor %s begins on %s", from, orOpen(from.ValidTo), to, e.Date)
			continue
		}
		k := key{e.Date, e.Event, e.From, e.To}
		if p, dup := seen[k]; dup {
			l.fail(r.Pos, "from", "the same event is also on %s", p)
			continue
		}
		seen[k] = r.Pos
		if e.Share != nil {
			shares[e.From] += *e.Share
			if shares[e.From] > 1+1e-9 {
				l.fail(r.Pos, "share", "shares of %s on %s add up to %.4g, more than 1", from, e.Date, shares[e.From])
				continue
			}
		}
		if l.failing() {
			continue
		}
		c, err := l.tx.PutLineage(l.ctx, e)
		if err != nil {
			return err
		}
		l.sum.add("lineage", c)
		l.plan("lineage", fmt.Sprintf("%s %s %s -> %s", e.Date, e.Event, r.From, r.To), r.Pos, c)
	}
	return nil
}

func (l *loader) loadGroups() error {
	type key struct {
		group string
		unit  int64
		from  Date
	}
	seen := map[key]Pos{}
	for _, r := range l.b.Groups {
		m := r.Member
		if err := m.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		u, err := l.units.Resolve(r.Unit, m.Validity())
		if err != nil {
			l.fail(r.Pos, "unit", "%v", err)
			continue
		}
		m.Unit, m.UnitCode = u.ID, u.Code
		k := key{m.Group, m.Unit, m.ValidFrom}
		if p, dup := seen[k]; dup {
			l.fail(r.Pos, "unit", "%s is already a member of %s from %s on %s", u, m.Group, orOpen(m.ValidFrom), p)
			continue
		}
		seen[k] = r.Pos
		if l.failing() {
			continue
		}
		c, err := l.tx.PutGroupMember(l.ctx, m)
		if err != nil {
			return err
		}
		l.sum.add("groups", c)
		l.plan("groups", m.Group+" "+r.Unit, r.Pos, c)
	}
	return nil
}

func (l *loader) loadCodes() error {
	type key struct{ dim, value string }
	seen := map[key]Pos{}
	for _, r := range l.b.Codes {
		c := r.Code
		if err := c.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		k := key{c.Dimension, c.Value}
		if p, dup := seen[k]; dup {
			l.fail(r.Pos, "value", "%s=%s is also on %s", c.Dimension, c.Value, p)
			continue
		}
		seen[k] = r.Pos
		if l.failing() {
			continue
		}
		ch, err := l.tx.PutCode(l.ctx, c)
		if err != nil {
			return err
		}
		l.sum.add("codes", ch)
		l.plan("codes", c.Dimension+"="+c.Value, r.Pos, ch)
	}
	return nil
}

func (l *loader) loadSources() error {
	seen := map[string]Pos{}
	for _, r := range l.b.Sources {
		s := r.Source
		if err := s.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		if p, dup := seen[s.Code]; dup {
			l.fail(r.Pos, "code", "source %s is also on %s", s.Code, p)
			continue
		}
		seen[s.Code] = r.Pos
		if l.failing() {
			continue
		}
		c, err := l.tx.PutSource(l.ctx, s)
		if err != nil {
			return err
		}
		l.sum.add("sources", c)
		l.plan("sources", s.Code, r.Pos, c)
	}
	return nil
}

func (l *loader) loadPlans() error {
	existing, err := l.tx.Plans(l.ctx)
	if err != nil {
		return err
	}
	l.plans = map[string]Plan{}
	for _, p := range existing {
		l.plans[p.Code] = p
	}
	seen := map[string]Pos{}
	var ok []Plan
	var pos []Pos
	for _, r := range l.b.Plans {
		p := r.Plan
		if err := p.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		if q, dup := seen[p.Code]; dup {
			l.fail(r.Pos, "plan", "plan %s is also on %s", p.Code, q)
			continue
		}
		seen[p.Code] = r.Pos
		u, err := l.units.Resolve(r.Unit, PeriodSpan(p.Horizon))
		if err != nil {
			l.fail(r.Pos, "unit", "%v", err)
			continue
		}
		p.Unit, p.UnitCode = u.ID, u.Code
		l.plans[p.Code] = p
		ok = append(ok, p)
		pos = append(pos, r.Pos)
	}
	for i, p := range ok {
		// The parent must exist, and following parents must not come back.
		cur, steps := p, 0
		for cur.Parent != "" {
			next, known := l.plans[cur.Parent]
			if !known {
				l.fail(pos[i], "parent", "plan %s is not known", cur.Parent)
				break
			}
			if steps++; next.Code == p.Code || steps > len(l.plans) {
				l.fail(pos[i], "parent", "plan %s is its own ancestor", p.Code)
				break
			}
			cur = next
		}
	}
	if len(l.errs) > 0 {
		return nil
	}
	for _, p := range ok {
		c, err := l.tx.PutPlan(l.ctx, p)
		if err != nil {
			return err
		}
		l.sum.add("plans", c)
		l.plan("plans", p.Code, Pos{}, c)
	}
	return nil
}

// indicatorDims checks that an indicator exists and declares the dims; the
// column of the problem comes back with it.
func (l *loader) indicatorDims(code string, dims Dims) (string, error) {
	in, ok := l.indicators[code]
	if !ok {
		return "indicator", fmt.Errorf("%s is not a known indicator", excerpt.Quote(code))
	}
	if err := in.CheckDims(dims); err != nil {
		return "dims", err
	}
	return "", nil
}

func (l *loader) loadTargets() error {
	seen := map[TargetKey]Pos{}
	for _, r := range l.b.Targets {
		t := r.Target
		if err := t.Validate(); err != nil {
			l.failErr(r.Pos, err)
			continue
		}
		if _, ok := l.plans[t.Plan]; !ok {
			l.fail(r.Pos, "plan", "%s is not a known plan", excerpt.Quote(t.Plan))
			continue
		}
		u, err := l.units.Resolve(r.Unit, PeriodSpan(t.Period))
		if err != nil {
			l.fail(r.Pos, "unit", "%v", err)
			continue
		}
		t.Unit, t.UnitCode = u.ID, u.Code
		if t.Wording != "" && t.WordingLang == "" {
			t.WordingLang = "vi" // the plan's own words are Vietnamese unless said
		}
		if col, err := l.indicatorDims(t.Indicator, t.Dims); err != nil {
			l.fail(r.Pos, col, "%v", err)
			continue
		}
		if p, dup := seen[t.Key()]; dup {
			l.fail(r.Pos, "plan", "the same target is also on %s", p)
			continue
		}
		seen[t.Key()] = r.Pos
		if l.failing() {
			continue
		}
		c, err := l.tx.PutTarget(l.ctx, t)
		if err != nil {
			return err
		}
		l.sum.add("targets", c)
		l.plan("targets", strings.Join(strings.Fields(t.Plan+" "+r.Unit+" "+t.Indicator+" "+string(t.Dims)+" "+t.Period.String()), " "), r.Pos, c)
	}
	return nil
}

// chunkSize is how many checked observations go to the store at a time:
// the more, the fewer statements, and the more memory they hold (184
// bytes a figure).
const chunkSize = 50000

// loadObservations checks observations on one goroutine, reading streams
// as it goes, while the transaction writes the chunks already checked:
// parsing and writing share the two halves of the work. Nothing is
// committed before everything is checked, so an error anywhere still
// leaves the store as it was.
func (l *loader) loadObservations() error {
	// Three chunks at most are held: one being filled, one waiting, one
	// being written. A written one is filled again (stores do not keep
	// what they are given), so that a million figures allocate three
	// chunks, not twenty.
	chunks := make(chan *obsChunk)
	free := make(chan *obsChunk, 2)
	var failed atomic.Bool
	if l.failing() {
		failed.Store(true) // check, write nothing
	}
	go func() {
		defer close(chunks)
		l.checkObservations(chunks, free, &failed)
	}()
	var werr error
	for chunk := range chunks {
		if werr != nil || failed.Load() {
			continue // drain, so that the checker finishes
		}
		if l.opt.Optimistic {
			if werr = l.checkOver(chunk.obs); werr != nil {
				continue
			}
		}
		c, err := l.tx.PutObservations(l.ctx, chunk.obs)
		select {
		case free <- chunk:
		default:
		}
		if err != nil {
			werr = err
			continue
		}
		for i := range l.sum {
			if l.sum[i].Kind == "observations" {
				l.sum[i].Added += c.Added
				l.sum[i].Changed += c.Changed
				l.sum[i].Unchanged += c.Unchanged
			}
		}
	}
	return werr
}

// checkOver checks that each figure is written over the version that is
// current: the one its writer read.
func (l *loader) checkOver(obs []Observation) error {
	var errs ErrorList
	for _, o := range obs {
		hist, err := l.tx.History(l.ctx, o.Key(), o.Period.String())
		if err != nil {
			return err
		}
		var cur Observation
		if len(hist) > 0 {
			cur = hist[len(hist)-1]
		}
		// The same figure over another version loses nothing.
		if cur.Version != o.Version && !(cur.Version > 0 && cur.SameFigure(o)) {
			u, _ := l.units.ByID(o.Unit)
			errs = append(errs, &ConflictError{Unit: u.Ref(), Over: o.Version, Yours: o, Current: cur})
		}
	}
	return errs.Err()
}

func (l *loader) checkObservations(chunks chan<- *obsChunk, free <-chan *obsChunk, failed *atomic.Bool) {
	// Each series remembers its periods to find a figure given twice, in
	// seen by the unit's place in unitAt and the number series gives the
	// indicator and dimensions; files are the file names.
	var files []string
	var seen [][]*seenPeriods
	unitAt := map[int64]int{}
	lastAt := 0
	type refKey struct {
		ref string
		p   period.Period
	}
	resolved := map[refKey]Unit{}
	series := map[[2]string]int32{}
	// The last unit and series looked up: neighbouring rows mostly share
	// them.
	var lastRef refKey
	var lastUnit Unit
	var lastSeries [2]string
	lastNum := int32(-1)
	chunk := newChunk(min(chunkSize, len(l.b.Observations)+len(l.b.Streams)*chunkSize))
	fail := func(pos Pos, column, format string, args ...any) bool {
		failed.Store(true)
		return l.fail(pos, column, format, args...)
	}
	check := func(r ObservationRecord) bool {
		o := r.Observation
		if o.Status == "" {
			o.Status = StatusNormal
		}
		if err := o.Validate(); err != nil {
			failed.Store(true)
			l.failErr(r.Pos, err)
			return len(l.errs) < MaxErrors
		}
		rk := refKey{r.Unit, o.Period}
		u := lastUnit
		if lastUnit.ID == 0 || rk != lastRef {
			var ok bool
			if u, ok = resolved[rk]; !ok {
				var err error
				if u, err = l.units.Resolve(r.Unit, PeriodSpan(o.Period)); err != nil {
					return fail(r.Pos, "unit", "%v", err)
				}
				resolved[rk] = u
			}
			if u.ID != lastUnit.ID {
				i, ok := unitAt[u.ID]
				if !ok {
					i = len(seen)
					unitAt[u.ID] = i
					seen = append(seen, nil)
				}
				lastAt = i
			}
			lastRef, lastUnit = rk, u
		}
		o.Unit, o.UnitCode = u.ID, u.Code
		sk := [2]string{o.Indicator, string(o.Dims)}
		num := lastNum
		if num < 0 || sk != lastSeries {
			var ok bool
			if num, ok = series[sk]; !ok {
				if col, err := l.indicatorDims(o.Indicator, o.Dims); err != nil {
					return fail(r.Pos, col, "%v", err)
				}
				num = int32(len(series))
				series[sk] = num
			}
			lastSeries, lastNum = sk, num
		}
		if len(files) == 0 || files[len(files)-1] != r.Pos.File {
			files = append(files, r.Pos.File)
		}
		byNum := seen[lastAt]
		if int(num) >= len(byNum) {
			byNum = append(byNum, make([]*seenPeriods, int(num)+1-len(byNum))...)
			seen[lastAt] = byNum
		}
		ps := byNum[num]
		if ps == nil {
			ps = &seenPeriods{}
			byNum[num] = ps
		}
		if p, dup := ps.add(o.Period, int32(len(files)-1), int32(r.Pos.Line)); dup {
			what := strings.Join(slices.DeleteFunc([]string{r.Unit, o.Indicator, string(o.Dims), o.Period.String()}, func(s string) bool { return s == "" }), " ")
			return fail(r.Pos, "period", "%s is also on %s", what, Pos{files[p.file], int(p.line)})
		}
		if failed.Load() {
			return true // keep checking, stop writing
		}
		o.RecordedBy = l.opt.RecordedBy
		o.Approval = Draft
		if l.opt.Approved {
			o.Approval = Approved
		}
		if !l.opt.Optimistic {
			o.Version = 0
		}
		chunk.add(o)
		if chunk.len() == chunkSize {
			chunks <- chunk
			select {
			case chunk = <-free:
				chunk.reset()
			default:
				chunk = newChunk(chunkSize)
			}
		}
		return true
	}
	for _, r := range l.b.Observations {
		if !check(r) {
			return
		}
	}
	for _, stream := range l.b.Streams {
		if err := stream(check); err != nil {
			failed.Store(true)
			var list ErrorList
			if !errors.As(err, &list) {
				list = ErrorList{err}
			}
			for _, e := range list {
				if len(l.errs) < MaxErrors {
					l.errs = append(l.errs, e)
				}
			}
		}
		if len(l.errs) >= MaxErrors {
			return
		}
	}
	if chunk.len() > 0 && !failed.Load() {
		chunks <- chunk
	}
}

// seenPeriods are the periods one series has had so far in an import, and
// where each came from. Files mostly give a series' periods in time order:
// while they come so, a new period is later than the last and so new, and
// they are only listed; the first one out of order indexes them. A period
// is kept as its periodKey, 16 bytes with its place: a million figures
// keep 16 MB.
type seenPeriods struct {
	list []seenPeriod
	at   map[uint64]seenPeriod
}

type seenPeriod struct {
	key        uint64
	file, line int32
}

// periodKey is one number for a period, ordered by its start, then its
// frequency and length: the start month since year 0 (15 bits for years
// to period.MaxYear), the frequency (4 bits) and the number of
// sub-periods.
func periodKey(p period.Period) uint64 {
	if p.IsZero() {
		return 0
	}
	start := p.StartYear()*12 + (p.Sub()-1)*(12/int(p.Freq()))
	return uint64(start)<<40 | uint64(p.Freq())<<32 | uint64(uint32(p.Len()))
}

// add records p, or returns where it came before.
func (s *seenPeriods) add(p period.Period, file, line int32) (seenPeriod, bool) {
	sp := seenPeriod{periodKey(p), file, line}
	if s.at == nil {
		if n := len(s.list); n == 0 || s.list[n-1].key < sp.key {
			s.list = append(s.list, sp)
			return seenPeriod{}, false
		}
		s.at = make(map[uint64]seenPeriod, 2*len(s.list))
		for _, q := range s.list {
			s.at[q.key] = q
		}
		s.list = nil
	}
	if q, dup := s.at[sp.key]; dup {
		return q, true
	}
	s.at[sp.key] = sp
	return seenPeriod{}, false
}

// obsChunk collects checked observations for the store, in the order of
// the files: the stores put the figures of each series together
// themselves (see internal/held), so the checking, which is the longer
// half of an import, does not sort them.
type obsChunk struct {
	obs []Observation
}

func newChunk(n int) *obsChunk {
	return &obsChunk{obs: make([]Observation, 0, n)}
}

func (c *obsChunk) len() int { return len(c.obs) }

func (c *obsChunk) add(o Observation) { c.obs = append(c.obs, o) }

// reset empties the chunk for reuse.
func (c *obsChunk) reset() {
	c.obs = c.obs[:0]
}
