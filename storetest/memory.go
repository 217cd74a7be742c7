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
	// obs holds every version of each series and period, oldest first.
	obs map[obsKey][]planwatch.Observation
	log []planwatch.LoggedChange
}

type obsKey struct {
	key    planwatch.SeriesKey
	period string
}

func (d *memData) clone() *memData {
	c := &memData{units: slices.Clone(d.units), lineage: slices.Clone(d.lineage), groups: slices.Clone(d.groups), inds: slices.Clone(d.inds),
		codes: slices.Clone(d.codes), sources: slices.Clone(d.sources), plans: slices.Clone(d.plans), targets: slices.Clone(d.targets), obs: make(map[obsKey][]planwatch.Observation, len(d.obs)), log: slices.Clone(d.log)}
	for k, v := range d.obs {
		c.obs[k] = slices.Clone(v)
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
	t := &memTx{memReader{m.snapshot().d.clone()}, m.now().UTC()}
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
	var out []planwatch.Observation
	for _, versions := range r.d.obs {
		o := versions[len(versions)-1]
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

func (r memReader) History(_ context.Context, k planwatch.SeriesKey, p string) ([]planwatch.Observation, error) {
	out := slices.Clone(r.d.obs[obsKey{k, p}])
	for i := range out {
		out[i].UnitCode = r.code(out[i].Unit)
	}
	return out, nil
}

func (r memReader) ChangeLog(context.Context) ([]planwatch.LoggedChange, error) {
	return slices.Clone(r.d.log), nil
}

// memTx writes into its copy of the data.
type memTx struct {
	memReader
	now time.Time
}

// logged records what a record was before it changed.
func (t *memTx) logged(kind, key string, old map[string]any) error {
	was, err := json.Marshal(old)
	if err != nil {
		return err
	}
	t.d.log = append(t.d.log, planwatch.LoggedChange{At: t.now, Kind: kind, Key: key, Old: string(was)})
	return nil
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
		if err := t.logged("units", u.Ref(), map[string]any{"name_vi": old.NameVI, "name_en": old.NameEN, "level": old.Level, "parent_id": old.Parent, "valid_to": old.ValidTo}); err != nil {
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
	return planwatch.Added, nil
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
		if err := t.logged("lineage", fmt.Sprintf("%s %s %d %d", e.Date, e.Event, e.From, e.To), map[string]any{"share": old.Share}); err != nil {
			return 0, err
		}
		t.d.lineage[i] = e
		return planwatch.Changed, nil
	}
	t.d.lineage = append(t.d.lineage, e)
	return planwatch.Added, nil
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
		if err := t.logged("groups", fmt.Sprintf("%s %d %s", m.Group, m.Unit, m.ValidFrom), map[string]any{"name_vi": old.NameVI, "name_en": old.NameEN, "valid_to": old.ValidTo}); err != nil {
			return 0, err
		}
		t.d.groups[i] = m
		return planwatch.Changed, nil
	}
	t.d.groups = append(t.d.groups, m)
	return planwatch.Added, nil
}

// indicatorFields are an indicator's fields as the stores keep them.
func indicatorFields(in planwatch.Indicator) []string {
	return []string{in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, planwatch.FormatDimensions(in.Dimensions)}
}

func (t *memTx) PutIndicator(_ context.Context, in planwatch.Indicator) (planwatch.Change, error) {
	for i, old := range t.d.inds {
		if old.Code != in.Code {
			continue
		}
		was, now := indicatorFields(old), indicatorFields(in)
		if slices.Equal(was, now) {
			return planwatch.Unchanged, nil
		}
		names := []string{"name_vi", "name_en", "measure_unit", "type", "aggregation", "direction", "formula", "dimensions"}
		old := map[string]any{}
		for j, n := range names {
			old[n] = was[j]
		}
		if err := t.logged("indicators", in.Code, old); err != nil {
			return 0, err
		}
		t.d.inds[i] = in
		return planwatch.Changed, nil
	}
	t.d.inds = append(t.d.inds, in)
	return planwatch.Added, nil
}

func (t *memTx) PutCode(_ context.Context, c planwatch.DimensionCode) (planwatch.Change, error) {
	for i, old := range t.d.codes {
		if old.Dimension != c.Dimension || old.Value != c.Value {
			continue
		}
		if old.NameVI == c.NameVI && old.NameEN == c.NameEN {
			return planwatch.Unchanged, nil
		}
		if err := t.logged("codes", c.Dimension+"="+c.Value, map[string]any{"name_vi": old.NameVI, "name_en": old.NameEN}); err != nil {
			return 0, err
		}
		t.d.codes[i] = c
		return planwatch.Changed, nil
	}
	t.d.codes = append(t.d.codes, c)
	return planwatch.Added, nil
}

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
		m := map[string]any{}
		for j, n := range []string{"title_vi", "title_en", "publisher_vi", "publisher_en", "issued", "url"} {
			m[n] = was[j]
		}
		if err := t.logged("sources", s.Code, m); err != nil {
			return 0, err
		}
		t.d.sources[i] = s
		return planwatch.Changed, nil
	}
	t.d.sources = append(t.d.sources, s)
	return planwatch.Added, nil
}

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
		m := map[string]any{"unit_id": old.Unit}
		for j, n := range []string{"kind", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "horizon", "parent", "vision_vi", "vision_en", "assessment"} {
			m[n] = was[j]
		}
		if err := t.logged("plans", p.Code, m); err != nil {
			return 0, err
		}
		t.d.plans[i] = p
		return planwatch.Changed, nil
	}
	t.d.plans = append(t.d.plans, p)
	return planwatch.Added, nil
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
		bp := ""
		if !old.BaselinePeriod.IsZero() {
			bp = old.BaselinePeriod.String()
		}
		key := fmt.Sprint(tg.Plan, tg.Unit, tg.Indicator, string(tg.Dims), tg.Period.String(), string(tg.Kind))
		if err := t.logged("targets", key, map[string]any{"value": old.Value, "low": old.Low, "high": old.High, "baseline_period": bp,
			"baseline_value": old.BaselineValue, "wording": old.Wording, "wording_lang": old.WordingLang, "wording_translation": old.WordingTranslation,
			"milestones": planwatch.FormatMilestones(old.Milestones)}); err != nil {
			return 0, err
		}
		t.d.targets[i] = tg
		return planwatch.Changed, nil
	}
	t.d.targets = append(t.d.targets, tg)
	return planwatch.Added, nil
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
		if n := len(versions); n > 0 && versions[n-1].SameFigure(o) {
			c.Unchanged++
			continue
		} else if n > 0 {
			c.Changed++
		} else {
			c.Added++
		}
		o.UnitCode, o.RecordedAt, o.Version = "", t.now, len(versions)+1
		// Periods are kept as their text is: one parsed again from it.
		o.Period, _ = period.Parse(k.period)
		if t.d.obs == nil {
			t.d.obs = map[obsKey][]planwatch.Observation{}
		}
		t.d.obs[k] = append(versions, o)
	}
	return c, nil
}
