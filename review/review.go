// Package review computes what a review of plans says, from the store: the
// facts of a unit at a period (value, growth, share of the parent, ratio to
// it, ranks among peers, % of plan) and a verdict on each target. It reads
// through planwatch.Reader and computes with calc and assess.
package review

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"planwatch"
	"planwatch/formula"
	"planwatch/lineage"
	"planwatch/period"
)

// Review is a snapshot of the store, indexed for computing. The units,
// indicators, plans, targets, lineage and groups are read when it is made;
// the observations all at once (Load) or as they are needed (Open).
type Review struct {
	units   *planwatch.UnitIndex
	all     []planwatch.Unit
	inds    map[string]planwatch.Indicator
	indList []planwatch.Indicator
	members []planwatch.GroupMember
	lineage []planwatch.LineageEvent
	plans   map[string]planwatch.Plan
	// sources are the documents figures cite, by code; codes the names of
	// dimension values, by dimension and value.
	sources map[string]planwatch.Source
	codes   map[[2]string]planwatch.DimensionCode
	targets []planwatch.Target
	// planFigs holds the plan-figure targets by unit and indicator.
	planFigs map[int64]map[string][]planwatch.Target
	// figs gives the observations; needs lists, for each indicator, the
	// indicators its figure may be computed from (itself, its formula's
	// operands, its aggregation's weight, and theirs), which are read
	// together across units for ranks and aggregates.
	figs     *figures
	needs    map[string][]string
	children map[int64][]planwatch.Unit
	graph    *lineage.Graph
	// exprs holds the parsed formulas; cycles, for each indicator whose
	// formula leads back to it (a store written before imports refused
	// that), the chain, which evaluation reports instead of following.
	exprs  map[string]*formula.Expr
	cycles map[string]string
	// cache keeps the aggregates and peer rankings that every province's
	// facts of one indicator and period share, and the facts and verdicts.
	cache memo
	// peerLists keeps the units of each level valid on a day; groupLists
	// the groups of a unit on a day, with their members.
	peerLists  sync.Map
	groupLists sync.Map
}

// cacheKey names a cached aggregate or ranking.
type cacheKey struct {
	what  string
	scope string
	code  string
	dims  planwatch.Dims
	p     period.Period
}

type cachedFigure struct {
	f   figure
	err error
}

// LoadOptions say which figures a review reads.
type LoadOptions struct {
	// KnownOn, when set, reads the figures as they were recorded by then
	// (see planwatch.ObservationFilter), for a report made again later
	// exactly as it was.
	KnownOn time.Time
	// Approved reads approved figures only, the latest approved version
	// of each: what viewers and the public see. Otherwise drafts count
	// too, and facts and assessments list those they used (Drafts).
	Approved bool
	// CacheLimit bounds the observations a review opened with Open keeps
	// (DefaultCacheLimit when 0, none when negative); MemoLimit the bytes
	// of what it computed (DefaultMemoLimit when 0, none when negative).
	CacheLimit int
	MemoLimit  int64
}

// A Revisioner numbers the store's writes: a review opened on it reads
// its figures as they were at the latest write when it was opened.
type Revisioner interface {
	LatestRevision(ctx context.Context) (int64, error)
}

// Load reads what a review needs from the store, every observation
// included: the review holds all it will use, and the reader may be closed
// once Load returns. Its memory grows with the store; Open's with what is
// asked for. Both read the units, lineage, indicators, plans, targets and
// groups side by side: r must allow reads from several goroutines at once,
// as every store does.
func Load(ctx context.Context, r planwatch.Reader, opts ...LoadOptions) (*Review, error) {
	var opt LoadOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	rv, err := newReview(ctx, r, opt)
	if err != nil {
		return nil, err
	}
	obs, err := r.Observations(ctx, rv.figs.base)
	if err != nil {
		return nil, err
	}
	rv.figs.holdAll(obs)
	rv.cache.limit = 0
	return rv, nil
}

// Open reads the units, indicators, plans, targets, lineage and groups of
// the store, and leaves the observations there until they are needed:
// start-up and memory grow with what is asked for, not with the store.
// The reader must stay open as long as the review is used. When it is a
// Revisioner, the review reads the figures as they were when it was
// opened; a store that fails a read later makes the figures it would have
// given missing, and Err says why.
func Open(ctx context.Context, r planwatch.Reader, opts ...LoadOptions) (*Review, error) {
	var opt LoadOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	rv, err := newReview(ctx, r, opt)
	if err != nil {
		return nil, err
	}
	if rs, ok := r.(Revisioner); ok {
		rev, err := rs.LatestRevision(ctx)
		if err != nil {
			return nil, err
		}
		if rev == 0 {
			rev = -1 // nothing written yet: read none of what comes later
		}
		rv.figs.base.Revision = rev
	}
	return rv, nil
}

func newReview(ctx context.Context, r planwatch.Reader, opt LoadOptions) (*Review, error) {
	rv := &Review{inds: map[string]planwatch.Indicator{}, plans: map[string]planwatch.Plan{}, children: map[int64][]planwatch.Unit{}}
	rv.figs = &figures{r: r, base: planwatch.ObservationFilter{KnownOn: opt.KnownOn, Approved: opt.Approved}, ctx: context.WithoutCancel(ctx), timeout: readTimeout, limit: int64(opt.CacheLimit)}
	switch {
	case opt.CacheLimit == 0:
		rv.figs.limit = DefaultCacheLimit
	case opt.CacheLimit < 0:
		rv.figs.limit = 0
	}
	rv.cache.limit = opt.MemoLimit
	switch {
	case opt.MemoLimit == 0:
		rv.cache.limit = DefaultMemoLimit
	case opt.MemoLimit < 0:
		rv.cache.limit = 0
	}
	// The reads are independent: they run side by side, each on a
	// connection of its own when the store has a pool of them.
	var (
		sources []planwatch.Source
		codes   []planwatch.DimensionCode
		plans   []planwatch.Plan
		wg      sync.WaitGroup
	)
	reads := []func() error{
		func() (err error) { rv.all, err = r.Units(ctx); return },
		func() (err error) { rv.lineage, err = r.Lineage(ctx); return },
		func() (err error) { rv.targets, err = r.Targets(ctx, planwatch.TargetFilter{}); return },
		func() (err error) { rv.indList, err = r.Indicators(ctx); return },
		func() (err error) { rv.members, err = r.GroupMembers(ctx); return },
		func() (err error) { sources, err = r.Sources(ctx); return },
		func() (err error) { codes, err = r.Codes(ctx); return },
		func() (err error) { plans, err = r.Plans(ctx); return },
	}
	errs := make([]error, len(reads))
	for i, read := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = read()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	rv.units = planwatch.NewUnitIndex(rv.all)
	rv.figs.levelOf, rv.figs.ofLevel = map[int64]planwatch.Level{}, map[planwatch.Level][]int64{}
	for _, u := range rv.all {
		if u.Parent != 0 {
			rv.children[u.Parent] = append(rv.children[u.Parent], u)
		}
		rv.figs.levelOf[u.ID] = u.Level
		rv.figs.ofLevel[u.Level] = append(rv.figs.ofLevel[u.Level], u.ID)
	}
	for _, in := range rv.indList {
		rv.inds[in.Code] = in
	}
	rv.exprs, rv.cycles = map[string]*formula.Expr{}, map[string]string{}
	for _, in := range rv.indList {
		if in.Formula == "" {
			continue
		}
		if e, err := formula.Parse(in.Formula); err == nil {
			rv.exprs[in.Code] = e
		}
	}
	deps := planwatch.FormulaDeps(rv.inds)
	for _, in := range rv.indList {
		if chain := planwatch.FormulaCycle(deps, in.Code); chain != nil {
			rv.cycles[in.Code] = planwatch.ChainString(chain)
		}
	}
	rv.needs = map[string][]string{}
	for _, in := range rv.indList {
		rv.needs[in.Code] = needed(rv.inds, deps, in.Code)
	}
	rv.graph = lineage.New(rv.units, rv.lineage)
	rv.sources = make(map[string]planwatch.Source, len(sources))
	for _, s := range sources {
		rv.sources[s.Code] = s
	}
	rv.codes = make(map[[2]string]planwatch.DimensionCode, len(codes))
	for _, c := range codes {
		rv.codes[[2]string{c.Dimension, c.Value}] = c
	}
	for _, p := range plans {
		rv.plans[p.Code] = p
	}
	rv.planFigs = map[int64]map[string][]planwatch.Target{}
	for _, t := range rv.targets {
		if t.Kind != planwatch.PlanFig {
			continue
		}
		if rv.planFigs[t.Unit] == nil {
			rv.planFigs[t.Unit] = map[string][]planwatch.Target{}
		}
		rv.planFigs[t.Unit][t.Indicator] = append(rv.planFigs[t.Unit][t.Indicator], t)
	}
	return rv, nil
}

// needed lists an indicator and every indicator its figure may be computed
// from: its formula's operands and its aggregation's weight, and theirs.
func needed(inds map[string]planwatch.Indicator, deps map[string][]string, code string) []string {
	seen := map[string]bool{}
	var walk func(c string)
	walk = func(c string) {
		if seen[c] || len(seen) > 64 {
			return
		}
		seen[c] = true
		for _, d := range deps[c] {
			walk(d)
		}
		if w := inds[c].Aggregation.Weight; w != "" {
			walk(w)
		}
		if g := c + "_GROWTH"; inds[g].Code != "" {
			walk(g)
		}
	}
	walk(code)
	out := make([]string, 0, len(seen))
	for c := range seen {
		if _, ok := inds[c]; ok {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// Err is the latest failure to read figures from the store since the
// review was opened, or nil.
func (rv *Review) Err() error {
	if e := rv.figs.lastErr.Load(); e != nil {
		return *e
	}
	return nil
}

// Unit resolves a unit reference within a period; without one (the zero
// period), the unit valid now or the only one with the code.
func (rv *Review) Unit(ref string, p period.Period) (planwatch.Unit, error) {
	if p.IsZero() {
		return rv.units.Resolve(ref, planwatch.Span{})
	}
	return rv.units.Resolve(ref, planwatch.PeriodSpan(p))
}

// Indicator returns an indicator by code.
func (rv *Review) Indicator(code string) (planwatch.Indicator, bool) {
	in, ok := rv.inds[code]
	return in, ok
}

// figure is a value and what it was computed from.
type figure struct {
	v       float64
	from    []string
	status  string
	source  string
	derived bool
	rebuilt bool // on the unit's territory from its predecessors' figures
	draft   bool // a stored figure not yet approved
}

var errNoFigure = errors.New("no figure")

func (rv *Review) ref(id int64) string {
	u, _ := rv.units.ByID(id)
	return u.Ref()
}

func describe(unitRef, code string, dims planwatch.Dims, p period.Period) string {
	parts := []string{unitRef, code}
	if dims != "" {
		parts = append(parts, string(dims))
	}
	return strings.Join(append(parts, p.String()), " ")
}

// Limits on evaluating one figure, so that no store can make it run away
// (formulas over formulas over ..., or a web of them that shares
// operands): maxFormulaDepth bounds the nesting of formulas, maxSteps the
// figures one evaluation may look at.
const (
	maxFormulaDepth = 8
	maxSteps        = 50000
)

// errLimit is wrapped by the errors of an evaluation that stopped at a
// limit or at a cycle of formulas: a fault of the indicators, which the
// facts report rather than "no figure".
var errLimit = errors.New("formula cannot be evaluated")

// budget counts the figures one evaluation has looked at, holds the
// figures its formulas are computing (one needed again before it is done
// is a cycle) and remembers those it derived, which formulas that share
// operands need more than once.
type budget struct {
	steps int
	on    map[evalKey]bool
	done  map[evalKey]figure
}

func (b *budget) remember(k evalKey, f figure) {
	if b.done == nil {
		b.done = map[evalKey]figure{}
	}
	b.done[k] = f
}

type evalKey struct {
	unit int64 // 0 for an aggregate
	code string
	dims planwatch.Dims
	p    period.Period
}

// enter marks k as being computed, or returns the error of a cycle when it
// already is; leave unmarks it.
func (rv *Review) enter(b *budget, k evalKey) error {
	if b.on[k] {
		chain := rv.cycles[k.code]
		if chain == "" {
			chain = k.code + " -> ... -> " + k.code
		}
		return fmt.Errorf("%w: the formulas of %s form a cycle (%s)", errLimit, k.code, chain)
	}
	if b.on == nil {
		b.on = map[evalKey]bool{}
	}
	b.on[k] = true
	return nil
}

func (b *budget) leave(k evalKey) { delete(b.on, k) }

func (b *budget) spend(code string) error {
	if b.steps++; b.steps > maxSteps {
		return fmt.Errorf("%w: %s needs more than %d figures", errLimit, code, maxSteps)
	}
	return nil
}

// value is the figure of a unit: stored, or derived by the indicator's
// formula from the unit's own figures of the same period, or, for a period
// before the unit existed, rebuilt on its territory from its predecessors'.
func (rv *Review) value(unit int64, code string, dims planwatch.Dims, p period.Period) (figure, error) {
	return rv.evaluate(unit, code, dims, p, false)
}

// traced is value with the list of observations (and versions) it used.
func (rv *Review) traced(unit int64, code string, dims planwatch.Dims, p period.Period) (figure, error) {
	return rv.evaluate(unit, code, dims, p, true)
}

func (rv *Review) evaluate(unit int64, code string, dims planwatch.Dims, p period.Period, trace bool) (figure, error) {
	f, err := rv.evaluateOnce(unit, code, dims, p, trace)
	return finiteFigure(f, err, code)
}

func (rv *Review) evaluateOnce(unit int64, code string, dims planwatch.Dims, p period.Period, trace bool) (figure, error) {
	b := &budget{}
	f, err := rv.valueDepth(unit, code, dims, p, 0, trace, b)
	if err == nil {
		return f, nil
	}
	r, rerr := rv.rebuild(unit, code, dims, p, b)
	if errors.Is(rerr, errNoFigure) && errors.Is(err, errLimit) {
		return figure{}, err
	}
	return r, rerr
}

// Value is a unit's figure for a period: stored, derived by formula, or
// rebuilt from its predecessors (rebuilt is then true); the error says why
// there is none.
func (rv *Review) Value(unitRef, code string, dims planwatch.Dims, p period.Period) (v float64, rebuilt bool, err error) {
	u, err := rv.Unit(unitRef, p)
	if err != nil {
		return 0, false, err
	}
	f, err := rv.value(u.ID, code, dims, p)
	if errors.Is(err, errNoFigure) {
		err = fmt.Errorf("no figure for %s", describe(u.Ref(), code, dims, p))
	}
	return f.v, f.rebuilt, err
}

// rebuild makes a unit's figure for a period before it began from its
// predecessors', or says why it cannot.
func (rv *Review) rebuild(unit int64, code string, dims planwatch.Dims, p period.Period, b *budget) (figure, error) {
	u, ok := rv.units.ByID(unit)
	in, known := rv.inds[code]
	if !ok || !known || u.ValidFrom == "" || planwatch.DateOf(p.End()) > u.ValidFrom {
		return figure{}, errNoFigure
	}
	own := func(unit int64, code string, dims planwatch.Dims, p period.Period) (float64, bool) {
		f, err := rv.valueDepth(unit, code, dims, p, 0, false, b)
		return f.v, err == nil
	}
	r, err := rv.graph.Rebuild(u, in, dims, p, rv.inds, own)
	if err != nil {
		return figure{}, err
	}
	return figure{v: r.Value, from: append([]string{"rebuilt from predecessors"}, r.From...), status: "", source: "rebuilt on the territory of " + u.String() + " from its predecessors", derived: true, rebuilt: true}, nil
}

// formulaOf is the parsed formula of a derived indicator, or an error when
// it cannot be followed: too deep a nesting, a formula that does not
// parse.
func (rv *Review) formulaOf(in planwatch.Indicator, depth int) (*formula.Expr, error) {
	if depth >= maxFormulaDepth {
		return nil, fmt.Errorf("%w: formulas nest more than %d deep at %s", errLimit, maxFormulaDepth, in.Code)
	}
	e, ok := rv.exprs[in.Code]
	if !ok {
		_, err := formula.Parse(in.Formula)
		return nil, fmt.Errorf("%w: indicator %s: %v", errLimit, in.Code, err)
	}
	return e, nil
}

func (rv *Review) valueDepth(unit int64, code string, dims planwatch.Dims, p period.Period, depth int, trace bool, b *budget) (figure, error) {
	if err := b.spend(code); err != nil {
		return figure{}, err
	}
	if o, ok := rv.figs.at(planwatch.SeriesKey{Unit: unit, Indicator: code, Dims: dims}, p); ok {
		f := figure{v: o.Value, status: o.Status, source: o.Source, draft: isDraft(o)}
		if trace {
			f.from = []string{fmt.Sprintf("%s v%d", describe(rv.ref(unit), code, dims, p), o.Version)}
		}
		return f, nil
	}
	in, ok := rv.inds[code]
	if !ok || in.Formula == "" {
		return figure{}, errNoFigure
	}
	e, err := rv.formulaOf(in, depth)
	if err != nil {
		return figure{}, err
	}
	k := evalKey{unit, code, dims, p}
	if f, ok := b.done[k]; ok {
		return f, nil
	}
	if err := rv.enter(b, k); err != nil {
		return figure{}, err
	}
	defer b.leave(k)
	var from []string
	var limit error
	v, err := e.Eval(func(name string) (float64, bool) {
		c, ok := rv.inds[name]
		if !ok || limit != nil {
			return 0, false
		}
		f, err := rv.valueDepth(unit, name, c.Restrict(dims), p, depth+1, trace, b)
		if err != nil {
			if errors.Is(err, errLimit) {
				limit = err
			}
			return 0, false
		}
		// Each figure once, however often the formulas name it.
		for _, s := range f.from {
			if !slices.Contains(from, s) {
				from = append(from, s)
			}
		}
		return f.v, true
	})
	if limit != nil {
		return figure{}, limit
	}
	if err != nil {
		return figure{}, err
	}
	if trace {
		from = append([]string{"= " + in.Formula}, from...)
	}
	// A figure derived without an error needed nothing that was being
	// computed, so it holds wherever else it is needed.
	f := figure{v: v, from: from, status: "=", source: "= " + in.Formula, derived: true}
	b.remember(k, f)
	return f, nil
}

// The figures, through figures.

// seriesOf is a series' stored figures by period: the indicator's figures
// of the unit when they were read (Assess reads them), else the unit's,
// read whole.
func (rv *Review) seriesOf(k planwatch.SeriesKey) map[period.Period]planwatch.Observation {
	return rv.figs.seriesOf(k)
}

// keysOf lists the series a unit has figures in, by indicator and dims.
func (rv *Review) keysOf(unit int64) []planwatch.SeriesKey { return rv.figs.unit(unit).keys }

// prefetch reads the figures of the indicators at a period of the units of
// the levels, with those they are computed from, before a ranking or an
// aggregate asks for them one unit at a time.
func (rv *Review) prefetch(p period.Period, levels []planwatch.Level, codes ...string) {
	if rv.figs.complete {
		return
	}
	var all []string
	for _, c := range codes {
		all = append(all, rv.needs[c]...)
	}
	for i, l := range levels {
		if !slices.Contains(levels[:i], l) {
			rv.figs.prefetch(all, p, l)
		}
	}
}

// levelsOf lists the levels of some units.
func levelsOf(units []planwatch.Unit) []planwatch.Level {
	var out []planwatch.Level
	for _, u := range units {
		if !slices.Contains(out, u.Level) {
			out = append(out, u.Level)
		}
	}
	return out
}

// keep caches what was computed since the count of failed reads was since,
// unless a read failed meanwhile (the result would miss its figures).
func (rv *Review) keep(k cacheKey, v any, cost int64, since int64) {
	if rv.figs.failures.Load() == since {
		rv.cache.Store(k, v, cost)
	}
}

// lastDay is the period's last day: PeriodSpan(p).LastDay(), with one
// date written instead of three and one read.
func lastDay(p period.Period) planwatch.Date { return planwatch.DateOf(p.End().AddDate(0, 0, -1)) }

// peers are the units of a level valid on the period's last day.
// Callers must not modify what they get.
func (rv *Review) peers(level planwatch.Level, p period.Period) []planwatch.Unit {
	d := lastDay(p)
	k := peersKey{level, d}
	if v, ok := rv.peerLists.Load(k); ok {
		return v.([]planwatch.Unit)
	}
	var out []planwatch.Unit
	for _, u := range rv.all {
		if u.Level == level && u.Validity().Contains(d) {
			out = append(out, u)
		}
	}
	rv.peerLists.Store(k, out)
	return out
}

type peersKey struct {
	level planwatch.Level
	day   planwatch.Date
}

// groupsOf lists the groups a unit belongs to on the period's last day, and
// their members valid then.
// Callers must not modify what they get.
func (rv *Review) groupsOf(u planwatch.Unit, p period.Period) map[string][]planwatch.Unit {
	d := lastDay(p)
	k := groupsKey{u.ID, d}
	if v, ok := rv.groupLists.Load(k); ok {
		return v.(map[string][]planwatch.Unit)
	}
	out := rv.groupsOn(u, d)
	rv.groupLists.Store(k, out)
	return out
}

type groupsKey struct {
	unit int64
	day  planwatch.Date
}

func (rv *Review) groupsOn(u planwatch.Unit, d planwatch.Date) map[string][]planwatch.Unit {
	in := map[string]bool{}
	for _, m := range rv.members {
		if m.Unit == u.ID && m.Validity().Contains(d) {
			in[m.Group] = true
		}
	}
	out := map[string][]planwatch.Unit{}
	for _, m := range rv.members {
		if !in[m.Group] || !m.Validity().Contains(d) {
			continue
		}
		if mu, ok := rv.units.ByID(m.Unit); ok && mu.Validity().Contains(d) {
			out[m.Group] = append(out[m.Group], mu)
		}
	}
	return out
}

// aggregate makes a parent's figure from its members of one level by the
// indicator's aggregation rule.
func (rv *Review) aggregate(members []planwatch.Unit, code string, dims planwatch.Dims, p period.Period, what string) (figure, error) {
	f, err := rv.aggregateDepth(members, code, dims, p, what, 0, &budget{})
	return finiteFigure(f, err, code)
}

func (rv *Review) aggregateDepth(members []planwatch.Unit, code string, dims planwatch.Dims, p period.Period, what string, depth int, b *budget) (figure, error) {
	if err := b.spend(code); err != nil {
		return figure{}, err
	}
	in, ok := rv.inds[code]
	if !ok {
		return figure{}, errNoFigure
	}
	vals := func(c string, d planwatch.Dims) ([]float64, int, error) {
		var out []float64
		missing := 0
		for _, m := range members {
			f, err := rv.value(m.ID, c, d, p)
			if err != nil {
				missing++
				continue
			}
			out = append(out, f.v)
		}
		return out, missing, nil
	}
	switch in.Aggregation.Rule {
	case planwatch.AggSum:
		vs, missing, _ := vals(code, dims)
		if missing > 0 {
			return figure{}, fmt.Errorf("only %d of the %d %s have %s for %s", len(vs), len(members), what, code, p)
		}
		sum := 0.0
		for _, v := range vs {
			sum += v
		}
		return figure{v: sum, from: []string{fmt.Sprintf("sum of %d %s", len(vs), what)}, derived: true}, nil
	case planwatch.AggMean:
		w := in.Aggregation.Weight
		num, den := 0.0, 0.0
		for _, m := range members {
			f, err1 := rv.value(m.ID, code, dims, p)
			g, err2 := rv.value(m.ID, w, rv.inds[w].Restrict(dims), p)
			if err1 != nil || err2 != nil {
				return figure{}, fmt.Errorf("not all %d %s have %s and %s for %s", len(members), what, code, w, p)
			}
			num += f.v * g.v
			den += g.v
		}
		if den == 0 {
			return figure{}, fmt.Errorf("the weights %s add up to zero", w)
		}
		return figure{v: num / den, from: []string{fmt.Sprintf("mean of %d %s weighted by %s", len(members), what, w)}, derived: true}, nil
	case planwatch.AggFormula:
		e, err := rv.formulaOf(in, depth)
		if err != nil {
			return figure{}, err
		}
		k := evalKey{0, code, dims, p}
		if f, ok := b.done[k]; ok {
			return f, nil
		}
		if err := rv.enter(b, k); err != nil {
			return figure{}, err
		}
		defer b.leave(k)
		var ferr error
		v, err := e.Eval(func(name string) (float64, bool) {
			if ferr != nil {
				return 0, false
			}
			c := rv.inds[name]
			f, err := rv.aggregateDepth(members, name, c.Restrict(dims), p, what, depth+1, b)
			if err != nil {
				ferr = err
				return 0, false
			}
			return f.v, true
		})
		if err != nil {
			if ferr != nil {
				return figure{}, ferr
			}
			return figure{}, err
		}
		f := figure{v: v, from: []string{fmt.Sprintf("%s over %s aggregated from %d %s", in.Formula, code, len(members), what)}, derived: true}
		b.remember(k, f)
		return f, nil
	}
	return figure{}, fmt.Errorf("indicator %s has no aggregation rule", code)
}

// parentFigure is the parent's stored or derived figure, or else its
// members' aggregate at the unit's level.
func (rv *Review) parentFigure(u planwatch.Unit, code string, dims planwatch.Dims, p period.Period) (planwatch.Unit, figure, error) {
	parent, ok := rv.units.ByID(u.Parent)
	if !ok {
		return parent, figure{}, fmt.Errorf("%s has no parent unit", u)
	}
	rv.prefetch(p, []planwatch.Level{u.Level, parent.Level}, code)
	if f, err := rv.traced(parent.ID, code, dims, p); err == nil {
		return parent, f, nil
	}
	k := cacheKey{"aggregate", parent.Ref() + "|" + string(u.Level), code, dims, p}
	if c, ok := rv.cache.Load(k); ok {
		return parent, c.(cachedFigure).f, c.(cachedFigure).err
	}
	since := rv.figs.failures.Load()
	d := lastDay(p)
	var members []planwatch.Unit
	for _, c := range rv.children[parent.ID] {
		if c.Level == u.Level && c.Validity().Contains(d) {
			members = append(members, c)
		}
	}
	f, err := rv.aggregate(members, code, dims, p, string(u.Level)+"s of "+parent.Name("en"))
	rv.keep(k, cachedFigure{f, err}, 256, since)
	return parent, f, err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// dimsCombos lists every combination of an indicator's declared values.
func dimsCombos(in planwatch.Indicator) []planwatch.Dims {
	combos := []string{""}
	for _, d := range in.Dimensions {
		var next []string
		for _, c := range combos {
			for _, v := range d.Values {
				kv := d.Name + "=" + v
				if c != "" {
					kv = c + ";" + kv
				}
				next = append(next, kv)
			}
		}
		combos = next
	}
	out := make([]planwatch.Dims, 0, len(combos))
	for _, c := range combos {
		d, _ := planwatch.ParseDims(c)
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// isDraft reports whether a stored figure is not yet approved (a store
// that knows nothing of approval leaves the state empty).
func isDraft(o planwatch.Observation) bool {
	return o.Approval != "" && o.Approval != planwatch.Approved
}
