package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"planwatch"
	"planwatch/period"
)

// Memory is a store that keeps everything in memory and behaves as the
// SQLite and PostgreSQL stores do (the suite holds it to that: see
// memory_test.go). It is for fuzz targets, which run millions of imports
// and, instrumented, would spend their time in SQLite's C code rather than
// in the code they fuzz. An Update works on a copy that replaces the data
// when fn succeeds.
type Memory struct {
	write sync.Mutex // one writer at a time
	mu    sync.Mutex // guards data, which is never changed, only replaced
	data  *memData
	now   func() time.Time
}

var _ planwatch.Store = (*Memory)(nil)

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{data: &memData{}, now: time.Now}
}

type memData struct {
	units   []planwatch.Unit // ID is the index plus one
	lineage []planwatch.LineageEvent
	groups  []planwatch.GroupMember
	inds    []planwatch.Indicator
	codes   []planwatch.DimensionCode
	sources []planwatch.Source
	plans   []planwatch.Plan
	targets []planwatch.Target
	// obs holds every version of each series and period, oldest first,
	// each with the state it was written in; via, from where each came.
	obs map[obsKey][]planwatch.Observation
	via map[obsKey][]string
	log []planwatch.LoggedChange
	// decisions on versions, oldest first; the audit of other records.
	decisions []memDecision
	audit     []planwatch.AuditEntry
	accounts
}

// memDecision is a decision on one version.
type memDecision struct {
	k       obsKey
	version int
	state   planwatch.ApprovalState
	comment string
	by, via string
	at      time.Time
}

type obsKey struct {
	key    planwatch.SeriesKey
	period string
}

func (d *memData) clone() *memData {
	c := &memData{units: slices.Clone(d.units), lineage: slices.Clone(d.lineage), groups: slices.Clone(d.groups), inds: slices.Clone(d.inds),
		codes: slices.Clone(d.codes), sources: slices.Clone(d.sources), plans: slices.Clone(d.plans), targets: slices.Clone(d.targets), obs: make(map[obsKey][]planwatch.Observation, len(d.obs)), log: slices.Clone(d.log),
		via: make(map[obsKey][]string, len(d.via)), decisions: slices.Clone(d.decisions), audit: slices.Clone(d.audit), accounts: d.accounts.clone()}
	for k, v := range d.obs {
		c.obs[k] = slices.Clone(v)
	}
	for k, v := range d.via {
		c.via[k] = slices.Clone(v)
	}
	return c
}

func (m *Memory) snapshot() memReader {
	m.mu.Lock()
	defer m.mu.Unlock()
	return memReader{m.data}
}

// Update runs fn on a copy of the data, which replaces the data when fn
// and the checks a database makes at commit succeed.
func (m *Memory) Update(ctx context.Context, fn func(planwatch.Tx) error) error {
	m.write.Lock()
	defer m.write.Unlock()
	t := &memTx{memReader{m.snapshot().d.clone()}, m.now().UTC(), planwatch.ActorOf(ctx)}
	if err := fn(t); err != nil {
		return err
	}
	// A plan's parent is checked at commit, as SQLite's deferred foreign key.
	for _, p := range t.d.plans {
		if p.Parent != "" && !slices.ContainsFunc(t.d.plans, func(q planwatch.Plan) bool { return q.Code == p.Parent }) {
			return planwatch.Errorf(planwatch.EINVALID, "refers to something not stored: plan %s's parent %s", p.Code, p.Parent)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	m.data = t.d
	m.mu.Unlock()
	return nil
}

// Close does nothing.
func (m *Memory) Close() error { return nil }

// SetClock replaces the clock that stamps new versions (for tests).
func (m *Memory) SetClock(now func() time.Time) {
	m.write.Lock()
	defer m.write.Unlock()
	m.now = now
}

func (m *Memory) Units(ctx context.Context) ([]planwatch.Unit, error) { return m.snapshot().Units(ctx) }
func (m *Memory) Lineage(ctx context.Context) ([]planwatch.LineageEvent, error) {
	return m.snapshot().Lineage(ctx)
}
func (m *Memory) GroupMembers(ctx context.Context) ([]planwatch.GroupMember, error) {
	return m.snapshot().GroupMembers(ctx)
}
func (m *Memory) Indicators(ctx context.Context) ([]planwatch.Indicator, error) {
	return m.snapshot().Indicators(ctx)
}
func (m *Memory) Codes(ctx context.Context) ([]planwatch.DimensionCode, error) {
	return m.snapshot().Codes(ctx)
}
func (m *Memory) Sources(ctx context.Context) ([]planwatch.Source, error) {
	return m.snapshot().Sources(ctx)
}
func (m *Memory) Plans(ctx context.Context) ([]planwatch.Plan, error) { return m.snapshot().Plans(ctx) }
func (m *Memory) Targets(ctx context.Context, f planwatch.TargetFilter) ([]planwatch.Target, error) {
	return m.snapshot().Targets(ctx, f)
}
func (m *Memory) Observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	return m.snapshot().Observations(ctx, f)
}
func (m *Memory) History(ctx context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Observation, error) {
	return m.snapshot().History(ctx, k, p)
}
func (m *Memory) ChangeLog(ctx context.Context) ([]planwatch.LoggedChange, error) {
	return m.snapshot().ChangeLog(ctx)
}

// memReader reads one state of the data, in the orders the SQL stores
// give.
type memReader struct{ d *memData }

func (r memReader) unit(id int64) (planwatch.Unit, bool) {
	if id < 1 || int(id) > len(r.d.units) {
		return planwatch.Unit{}, false
	}
	return r.d.units[id-1], true
}

func (r memReader) code(id int64) string {
	u, _ := r.unit(id)
	return u.Code
}

func (r memReader) Units(context.Context) ([]planwatch.Unit, error) {
	out := slices.Clone(r.d.units)
	for i := range out {
		out[i].ParentCode = r.code(out[i].Parent)
	}
	slices.SortFunc(out, func(a, b planwatch.Unit) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), strings.Compare(string(a.ValidFrom), string(b.ValidFrom)))
	})
	return out, nil
}

func (r memReader) Lineage(context.Context) ([]planwatch.LineageEvent, error) {
	out := slices.Clone(r.d.lineage)
	for i := range out {
		out[i].FromCode, out[i].ToCode = r.code(out[i].From), r.code(out[i].To)
	}
	slices.SortFunc(out, func(a, b planwatch.LineageEvent) int {
		return cmp.Or(strings.Compare(string(a.Date), string(b.Date)), strings.Compare(a.ToCode, b.ToCode), strings.Compare(a.FromCode, b.FromCode), strings.Compare(string(a.Event), string(b.Event)))
	})
	return out, nil
}

func (r memReader) GroupMembers(context.Context) ([]planwatch.GroupMember, error) {
	out := slices.Clone(r.d.groups)
	for i := range out {
		out[i].UnitCode = r.code(out[i].Unit)
	}
	slices.SortFunc(out, func(a, b planwatch.GroupMember) int {
		return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(string(a.ValidFrom), string(b.ValidFrom)), strings.Compare(a.UnitCode, b.UnitCode))
	})
	return out, nil
}

func (r memReader) Indicators(context.Context) ([]planwatch.Indicator, error) {
	out := make([]planwatch.Indicator, 0, len(r.d.inds))
	for _, in := range r.d.inds {
		// As a database gives it back: from the texts it keeps.
		var err error
		if in.Aggregation, err = planwatch.ParseAggregation(in.Aggregation.String()); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		if in.Dimensions, err = planwatch.ParseDimensions(planwatch.FormatDimensions(in.Dimensions)); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", in.Code, err)
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b planwatch.Indicator) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

func (r memReader) Codes(context.Context) ([]planwatch.DimensionCode, error) {
	out := slices.Clone(r.d.codes)
	slices.SortFunc(out, func(a, b planwatch.DimensionCode) int {
		return cmp.Or(strings.Compare(a.Dimension, b.Dimension), strings.Compare(a.Value, b.Value))
	})
	return out, nil
}

func (r memReader) Sources(context.Context) ([]planwatch.Source, error) {
	out := slices.Clone(r.d.sources)
	slices.SortFunc(out, func(a, b planwatch.Source) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

func (r memReader) Plans(context.Context) ([]planwatch.Plan, error) {
	out := slices.Clone(r.d.plans)
	for i := range out {
		out[i].UnitCode = r.code(out[i].Unit)
	}
	slices.SortFunc(out, func(a, b planwatch.Plan) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

func (r memReader) Targets(_ context.Context, f planwatch.TargetFilter) ([]planwatch.Target, error) {
	var out []planwatch.Target
	for _, t := range r.d.targets {
		if f.Plan != "" && t.Plan != f.Plan || f.Indicator != "" && t.Indicator != f.Indicator || len(f.Units) > 0 && !slices.Contains(f.Units, t.Unit) {
			continue
		}
		t.UnitCode = r.code(t.Unit)
		var err error
		if t.Milestones, err = planwatch.ParseMilestones(planwatch.FormatMilestones(t.Milestones)); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b planwatch.Target) int {
		return cmp.Or(strings.Compare(a.Plan, b.Plan), strings.Compare(a.UnitCode, b.UnitCode), strings.Compare(a.Indicator, b.Indicator),
			strings.Compare(string(a.Dims), string(b.Dims)), strings.Compare(a.Period.String(), b.Period.String()), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	return out, nil
}

func (r memReader) Observations(_ context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	states := r.states(f)
	var out []planwatch.Observation
	for k, versions := range r.d.obs {
		// The latest version that counts: recorded by f.KnownOn, and
		// approved when f.Approved.
		var o planwatch.Observation
		found := false
		for i := len(versions) - 1; i >= 0 && !found; i-- {
			v := versions[i]
			v.Approval = states.of(k, v)
			found = f.Known(v.RecordedAt) && (!f.Approved || v.Approval == planwatch.Approved)
			o = v
		}
		if !found {
			continue
		}
		o.UnitCode = r.code(o.Unit)
		if f.Match(o) && !o.Withdrawn() {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b planwatch.Observation) int {
		return cmp.Or(strings.Compare(a.UnitCode, b.UnitCode), cmp.Compare(a.Unit, b.Unit), strings.Compare(a.Indicator, b.Indicator),
			strings.Compare(string(a.Dims), string(b.Dims)), a.Period.Compare(b.Period))
	})
	return out, nil
}

// memStates gives each version its state: its latest decision that
// counts, else the state it was written in.
type memStates map[obsKey]map[int]planwatch.ApprovalState

func (r memReader) states(f planwatch.ObservationFilter) memStates {
	m := memStates{}
	for _, d := range r.d.decisions {
		if !f.Known(d.at) {
			continue
		}
		if m[d.k] == nil {
			m[d.k] = map[int]planwatch.ApprovalState{}
		}
		m[d.k][d.version] = d.state
	}
	return m
}

func (m memStates) of(k obsKey, o planwatch.Observation) planwatch.ApprovalState {
	if s, ok := m[k][o.Version]; ok {
		return s
	}
	if o.Approval == planwatch.Approved {
		return planwatch.Approved
	}
	return planwatch.Draft
}

func (r memReader) History(_ context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Observation, error) {
	ok := obsKey{k, p}
	out := slices.Clone(r.d.obs[ok])
	states := r.states(planwatch.ObservationFilter{})
	for i := range out {
		out[i].UnitCode = r.code(out[i].Unit)
		out[i].Approval = states.of(ok, out[i])
	}
	return out, nil
}

func (r memReader) ChangeLog(context.Context) ([]planwatch.LoggedChange, error) {
	return slices.Clone(r.d.log), nil
}

// memTx writes into its copy of the data.
type memTx struct {
	memReader
	now   time.Time
	actor planwatch.Actor
}

// logged records what a record was before it changed, and audits the
// change.
func (t *memTx) logged(kind, key string, unit int64, old, now map[string]any) error {
	was, err := json.Marshal(old)
	if err != nil {
		return err
	}
	t.d.log = append(t.d.log, planwatch.LoggedChange{At: t.now, Kind: kind, Key: key, Old: string(was)})
	return t.audit(kind, key, unit, old, now)
}

// audit records a change as the actor's: before is nil for something
// added.
func (t *memTx) audit(kind, key string, unit int64, before, after map[string]any) error {
	e := planwatch.AuditEntry{At: t.now, User: t.actor.User, Via: t.actor.Via, Kind: kind, Key: key, Unit: unit}
	for _, f := range []struct {
		m   map[string]any
		out *string
	}{{before, &e.Before}, {after, &e.After}} {
		if f.m == nil {
			continue
		}
		b, err := json.Marshal(f.m)
		if err != nil {
			return err
		}
		*f.out = string(b)
	}
	t.d.audit = append(t.d.audit, e)
	return nil
}

func unitFields(u planwatch.Unit) map[string]any {
	return map[string]any{"name_vi": u.NameVI, "name_en": u.NameEN, "level": u.Level, "parent_id": u.Parent, "valid_to": u.ValidTo}
}

// named pairs names with values.
func named(names, vals []string, extra ...any) map[string]any {
	m := map[string]any{}
	for i, n := range names {
		m[n] = vals[i]
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func notStored(format string, args ...any) error {
	return planwatch.Errorf(planwatch.EINVALID, "refers to something not stored: "+format, args...)
}

func (t *memTx) PutUnit(_ context.Context, u *planwatch.Unit) (planwatch.Change, error) {
	if u.Parent != 0 {
		if _, ok := t.unit(u.Parent); !ok {
			return 0, notStored("parent unit %d", u.Parent)
		}
	}
	for i, old := range t.d.units {
		if old.Code != u.Code || old.ValidFrom != u.ValidFrom {
			continue
		}
		u.ID = old.ID
		if old.NameVI == u.NameVI && old.NameEN == u.NameEN && old.Level == u.Level && old.Parent == u.Parent && old.ValidTo == u.ValidTo {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("units", u.Ref(), u.ID, unitFields(old), unitFields(*u)); err != nil {
			return 0, err
		}
		n := *u
		n.ParentCode = ""
		t.d.units[i] = n
		return planwatch.Changed, nil
	}
	u.ID = int64(len(t.d.units) + 1)
	n := *u
	n.ParentCode = ""
	t.d.units = append(t.d.units, n)
	return planwatch.Added, t.audit("units", u.Ref(), u.ID, nil, unitFields(*u))
}

func sameF(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func (t *memTx) PutLineage(_ context.Context, e planwatch.LineageEvent) (planwatch.Change, error) {
	if _, ok := t.unit(e.From); !ok {
		return 0, notStored("unit %d", e.From)
	}
	if _, ok := t.unit(e.To); !ok {
		return 0, notStored("unit %d", e.To)
	}
	e.FromCode, e.ToCode = "", ""
	for i, old := range t.d.lineage {
		if old.Date != e.Date || old.Event != e.Event || old.From != e.From || old.To != e.To {
			continue
		}
		if sameF(old.Share, e.Share) {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("lineage", fmt.Sprintf("%s %s %d %d", e.Date, e.Event, e.From, e.To), e.To, map[string]any{"share": old.Share}, map[string]any{"share": e.Share}); err != nil {
			return 0, err
		}
		t.d.lineage[i] = e
		return planwatch.Changed, nil
	}
	t.d.lineage = append(t.d.lineage, e)
	return planwatch.Added, t.audit("lineage", fmt.Sprintf("%s %s %d %d", e.Date, e.Event, e.From, e.To), e.To, nil, map[string]any{"share": e.Share})
}

func (t *memTx) PutGroupMember(_ context.Context, m planwatch.GroupMember) (planwatch.Change, error) {
	if _, ok := t.unit(m.Unit); !ok {
		return 0, notStored("unit %d", m.Unit)
	}
	m.UnitCode = ""
	for i, old := range t.d.groups {
		if old.Group != m.Group || old.Unit != m.Unit || old.ValidFrom != m.ValidFrom {
			continue
		}
		if old.NameVI == m.NameVI && old.NameEN == m.NameEN && old.ValidTo == m.ValidTo {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("groups", fmt.Sprintf("%s %d %s", m.Group, m.Unit, m.ValidFrom), m.Unit, map[string]any{"name_vi": old.NameVI, "name_en": old.NameEN, "valid_to": old.ValidTo},
			map[string]any{"name_vi": m.NameVI, "name_en": m.NameEN, "valid_to": m.ValidTo}); err != nil {
			return 0, err
		}
		t.d.groups[i] = m
		return planwatch.Changed, nil
	}
	t.d.groups = append(t.d.groups, m)
	return planwatch.Added, t.audit("groups", fmt.Sprintf("%s %d %s", m.Group, m.Unit, m.ValidFrom), m.Unit, nil, map[string]any{"name_vi": m.NameVI, "name_en": m.NameEN, "valid_to": m.ValidTo})
}

// indicatorFields are an indicator's fields as the stores keep them.
func indicatorFields(in planwatch.Indicator) []string {
	return []string{in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, planwatch.FormatDimensions(in.Dimensions)}
}

var indicatorNames = []string{"name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}

func (t *memTx) PutIndicator(_ context.Context, in planwatch.Indicator) (planwatch.Change, error) {
	for i, old := range t.d.inds {
		if old.Code != in.Code {
			continue
		}
		was, now := indicatorFields(old), indicatorFields(in)
		if slices.Equal(was, now) {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("indicators", in.Code, 0, named(indicatorNames, was), named(indicatorNames, now)); err != nil {
			return 0, err
		}
		t.d.inds[i] = in
		return planwatch.Changed, nil
	}
	t.d.inds = append(t.d.inds, in)
	return planwatch.Added, t.audit("indicators", in.Code, 0, nil, named(indicatorNames, indicatorFields(in)))
}

func (t *memTx) PutCode(_ context.Context, c planwatch.DimensionCode) (planwatch.Change, error) {
	for i, old := range t.d.codes {
		if old.Dimension != c.Dimension || old.Value != c.Value {
			continue
		}
		if old.NameVI == c.NameVI && old.NameEN == c.NameEN {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("codes", c.Dimension+"="+c.Value, 0, map[string]any{"name_vi": old.NameVI, "name_en": old.NameEN}, map[string]any{"name_vi": c.NameVI, "name_en": c.NameEN}); err != nil {
			return 0, err
		}
		t.d.codes[i] = c
		return planwatch.Changed, nil
	}
	t.d.codes = append(t.d.codes, c)
	return planwatch.Added, t.audit("codes", c.Dimension+"="+c.Value, 0, nil, map[string]any{"name_vi": c.NameVI, "name_en": c.NameEN})
}

var sourceNames = []string{"title_vi", "title_en", "publisher_vi", "publisher_en", "issued", "url"}

func (t *memTx) PutSource(_ context.Context, s planwatch.Source) (planwatch.Change, error) {
	fields := func(s planwatch.Source) []string {
		return []string{s.TitleVI, s.TitleEN, s.PublisherVI, s.PublisherEN, string(s.Issued), s.URL}
	}
	for i, old := range t.d.sources {
		if old.Code != s.Code {
			continue
		}
		was := fields(old)
		if slices.Equal(was, fields(s)) {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("sources", s.Code, 0, named(sourceNames, was), named(sourceNames, fields(s))); err != nil {
			return 0, err
		}
		t.d.sources[i] = s
		return planwatch.Changed, nil
	}
	t.d.sources = append(t.d.sources, s)
	return planwatch.Added, t.audit("sources", s.Code, 0, nil, named(sourceNames, fields(s)))
}

var planNames = []string{"kind", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "horizon", "parent", "vision_vi", "vision_en", "assessment"}

func planFields(p planwatch.Plan) []string {
	return []string{string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), p.Horizon.String(), p.Parent, p.VisionVI, p.VisionEN, p.Assessment}
}

func (t *memTx) PutPlan(_ context.Context, p planwatch.Plan) (planwatch.Change, error) {
	if _, ok := t.unit(p.Unit); !ok {
		return 0, notStored("unit %d", p.Unit)
	}
	p.UnitCode = ""
	for i, old := range t.d.plans {
		if old.Code != p.Code {
			continue
		}
		was := planFields(old)
		if slices.Equal(was, planFields(p)) && old.Unit == p.Unit {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("plans", p.Code, p.Unit, named(planNames, was, "unit_id", old.Unit), named(planNames, planFields(p), "unit_id", p.Unit)); err != nil {
			return 0, err
		}
		t.d.plans[i] = p
		return planwatch.Changed, nil
	}
	t.d.plans = append(t.d.plans, p)
	return planwatch.Added, t.audit("plans", p.Code, p.Unit, nil, named(planNames, planFields(p), "unit_id", p.Unit))
}

func (t *memTx) PutTarget(_ context.Context, tg planwatch.Target) (planwatch.Change, error) {
	if !slices.ContainsFunc(t.d.plans, func(p planwatch.Plan) bool { return p.Code == tg.Plan }) {
		return 0, notStored("plan %s", tg.Plan)
	}
	if _, ok := t.unit(tg.Unit); !ok {
		return 0, notStored("unit %d", tg.Unit)
	}
	if !slices.ContainsFunc(t.d.inds, func(in planwatch.Indicator) bool { return in.Code == tg.Indicator }) {
		return 0, notStored("indicator %s", tg.Indicator)
	}
	tg.UnitCode = ""
	for i, old := range t.d.targets {
		if old.Key() != tg.Key() {
			continue
		}
		if sameF(old.Value, tg.Value) && sameF(old.Low, tg.Low) && sameF(old.High, tg.High) && sameF(old.BaselineValue, tg.BaselineValue) &&
			old.BaselinePeriod == tg.BaselinePeriod && old.Wording == tg.Wording && old.WordingLang == tg.WordingLang && old.WordingTranslation == tg.WordingTranslation &&
			planwatch.FormatMilestones(old.Milestones) == planwatch.FormatMilestones(tg.Milestones) {
			return planwatch.Unchanged, nil
		}
		key := fmt.Sprint(tg.Plan, tg.Unit, tg.Indicator, string(tg.Dims), tg.Period.String(), string(tg.Kind))
		if err := t.logged("targets", key, tg.Unit, targetFields(old), targetFields(tg)); err != nil {
			return 0, err
		}
		t.d.targets[i] = tg
		return planwatch.Changed, nil
	}
	t.d.targets = append(t.d.targets, tg)
	key := fmt.Sprint(tg.Plan, tg.Unit, tg.Indicator, string(tg.Dims), tg.Period.String(), string(tg.Kind))
	return planwatch.Added, t.audit("targets", key, tg.Unit, nil, targetFields(tg))
}

// targetFields are a target's fields as the stores log them.
func targetFields(tg planwatch.Target) map[string]any {
	bp := ""
	if !tg.BaselinePeriod.IsZero() {
		bp = tg.BaselinePeriod.String()
	}
	return map[string]any{"value": tg.Value, "low": tg.Low, "high": tg.High, "baseline_period": bp,
		"baseline_value": tg.BaselineValue, "wording": tg.Wording, "wording_lang": tg.WordingLang, "wording_translation": tg.WordingTranslation,
		"milestones": planwatch.FormatMilestones(tg.Milestones)}
}

func (t *memTx) PutObservations(_ context.Context, obs []planwatch.Observation) (planwatch.Count, error) {
	c := planwatch.Count{Kind: "observations"}
	known := map[string]bool{}
	for _, in := range t.d.inds {
		known[in.Code] = true
	}
	for _, o := range obs {
		if _, ok := t.unit(o.Unit); !ok {
			return c, notStored("unit %d", o.Unit)
		}
		if !known[o.Indicator] {
			return c, notStored("indicator %s", o.Indicator)
		}
		k := obsKey{o.Key(), o.Period.String()}
		versions := t.d.obs[k]
		approved := o.Approval == planwatch.Approved
		if o.RecordedBy == "" {
			o.RecordedBy = t.actor.User
		}
		if n := len(versions); n > 0 && versions[n-1].SameFigure(o) {
			c.Unchanged++
			// A figure approved elsewhere approves the equal version.
			if cur := versions[n-1]; approved && t.states(planwatch.ObservationFilter{}).of(k, cur) != planwatch.Approved {
				t.d.decisions = append(t.d.decisions, memDecision{k: k, version: cur.Version, state: planwatch.Approved, by: o.RecordedBy, via: t.actor.Via, at: t.now})
			}
			continue
		} else if n > 0 {
			c.Changed++
		} else {
			c.Added++
		}
		o.UnitCode, o.RecordedAt, o.Version = "", t.now, len(versions)+1
		o.Approval = planwatch.Draft
		if approved {
			o.Approval = planwatch.Approved
		}
		// Periods are kept as their text is: one parsed again from it.
		o.Period, _ = period.Parse(k.period)
		if t.d.obs == nil {
			t.d.obs = map[obsKey][]planwatch.Observation{}
		}
		t.d.obs[k] = append(versions, o)
		if t.d.via == nil {
			t.d.via = map[obsKey][]string{}
		}
		t.d.via[k] = append(t.d.via[k], t.actor.Via)
	}
	return c, nil
}
