package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/period"
)

// The data entry page: /u/{unit}/entry?period=P, one row per indicator
// the unit's plans have targets for, with the figure the store holds
// (drafts included), the previous period's and the target beside it. The
// form carries the version each figure was read at: a save over a newer
// version is refused with both values shown, and nothing is saved until
// every row is valid. It works without JavaScript.

type entryRow struct {
	Indicator, Name, Dims, Measure string
	Version                        int
	Value, Status, Source          string // as entered, or as stored
	Previous                       string // the figure a year before
	PreviousPeriod                 string
	Target                         string
	State                          string
	Error                          string
	Conflict                       string
}

type entryPage struct {
	Unit     planwatch.Unit
	Period   string
	Action   string
	Rows     []entryRow
	Error    string
	Saved    string
	Statuses []string
}

// maxEntryRows bounds the rows a form may send.
const maxEntryRows = 500

// entryScope resolves the unit and period of the entry page and checks
// that the person enters figures for it.
func (p *pages) entryScope(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang, ps string) (planwatch.Unit, period.Period, *account.Scope, bool) {
	snap := p.s.current()
	per, err := period.Parse(ps)
	if err != nil || ps == "" {
		msg := T(l, "Give the period of the figures, e.g. 2025 or 2025-12.")
		if err != nil {
			msg = T(l, "Period") + ": " + err.Error()
		}
		p.fail(w, r, l, http.StatusBadRequest, msg)
		return planwatch.Unit{}, per, nil, false
	}
	u, err := snap.rv.Unit(r.PathValue("unit"), per)
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return u, per, nil, false
	}
	sc, err := p.s.scope(r.Context(), snap)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return u, per, nil, false
	}
	if !sc.Allowed(pr.Grants, account.Enter, u.ID, "") {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only a reporter of this unit or a unit above it may enter its figures."))
		return u, per, nil, false
	}
	return u, per, sc, true
}

// entryRows are the rows of the unit's form at a period: its targets'
// indicators that the person may enter, with what the store holds.
func (p *pages) entryRows(r *http.Request, sc *account.Scope, pr *account.Principal, u planwatch.Unit, per period.Period, l locale.Lang) ([]entryRow, error) {
	ctx := r.Context()
	st := p.s.Accounts.Store
	targets, err := st.Targets(ctx, planwatch.TargetFilter{Units: []int64{u.ID}})
	if err != nil {
		return nil, err
	}
	type key struct {
		ind  string
		dims planwatch.Dims
	}
	var keys []key
	target := map[key]planwatch.Target{}
	for _, t := range targets {
		k := key{t.Indicator, t.Dims}
		if !sc.Allowed(pr.Grants, account.Enter, u.ID, t.Indicator) {
			continue
		}
		if _, ok := target[k]; !ok {
			keys = append(keys, k)
		}
		// The target of the nearest deadline not before the period.
		if old, ok := target[k]; !ok || !t.Period.End().Before(per.End()) && (old.Period.End().Before(per.End()) || t.Period.End().Before(old.Period.End())) {
			target[k] = t
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return strings.Compare(a.ind+" "+string(a.dims), b.ind+" "+string(b.dims)) })
	prevP := per.YearAgo()
	cur, err := st.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: per, Exact: true})
	if err != nil {
		return nil, err
	}
	prev, err := st.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Period: prevP, Exact: true})
	if err != nil {
		return nil, err
	}
	find := func(obs []planwatch.Observation, k key) (planwatch.Observation, bool) {
		i := slices.IndexFunc(obs, func(o planwatch.Observation) bool { return o.Indicator == k.ind && o.Dims == k.dims })
		if i < 0 {
			return planwatch.Observation{}, false
		}
		return obs[i], true
	}
	rv := p.s.current().rv
	var rows []entryRow
	for _, k := range keys {
		in, _ := rv.Indicator(k.ind)
		row := entryRow{Indicator: k.ind, Name: in.Name(string(l)), Dims: string(k.dims), Measure: locale.Unit(in.MeasureUnit, l), Status: planwatch.StatusNormal, PreviousPeriod: prevP.String()}
		if o, ok := find(cur, k); ok {
			row.Version, row.Value, row.Status, row.Source, row.State = o.Version, formNumber(o.Value, l), o.Status, o.Source, o.Approval.Label(string(l))
		}
		if o, ok := find(prev, k); ok {
			row.Previous = locale.Number(o.Value, l)
		}
		if t := target[k]; t.Value != nil {
			row.Target = fmt.Sprintf("%s %s (%s, %s)", T(l, string(t.Kind)), locale.Number(*t.Value, l), t.Period, t.Plan)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// formNumber writes a figure as the form takes it back: no thousands
// separators, the decimal mark of the language.
func formNumber(v float64, l locale.Lang) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if l == locale.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// parseFormNumber reads a figure as an officer types it: in Vietnamese a
// comma before the decimals and dots or spaces between thousands
// (72.497,5), in English the other way round (72,497.5).
func parseFormNumber(s string, l locale.Lang) (float64, error) {
	s = strings.TrimSpace(s)
	dec, group := ".", ","
	if l == locale.VI {
		dec, group = ",", "."
	}
	if strings.Count(s, dec) > 1 {
		return 0, fmt.Errorf("%q has more than one decimal mark %q", s, dec)
	}
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", group, "").Replace(s)
	t = strings.Replace(t, dec, ".", 1)
	if t == "" || strings.ContainsAny(t, "eEpPxX_") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// entryForm is one row as sent.
type entryForm struct {
	Indicator, Dims, Value, Status, Source string
	Version                                int
}

// parseEntry reads the rows of an entry form.
func parseEntry(form url.Values) ([]entryForm, error) {
	n, err := strconv.Atoi(form.Get("n"))
	if err != nil || n < 0 || n > maxEntryRows {
		return nil, planwatch.Errorf(planwatch.EINVALID, "the form's row count %q is not 0 to %d", form.Get("n"), maxEntryRows)
	}
	rows := make([]entryForm, n)
	for i := range rows {
		f := func(name string) string { return strings.TrimSpace(form.Get(name + "." + strconv.Itoa(i))) }
		rows[i] = entryForm{Indicator: f("ind"), Dims: f("dims"), Value: f("value"), Status: f("status"), Source: f("source")}
		if v := f("version"); v != "" {
			if rows[i].Version, err = strconv.Atoi(v); err != nil || rows[i].Version < 0 {
				return nil, planwatch.Errorf(planwatch.EINVALID, "row %d: version %q", i+1, v)
			}
		}
		if err := planwatch.ValidCode(rows[i].Indicator); err != nil {
			return nil, planwatch.Errorf(planwatch.EINVALID, "row %d: indicator: %v", i+1, err)
		}
	}
	return rows, nil
}

func (p *pages) entryForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	u, per, sc, ok := p.entryScope(w, r, pr, l, r.URL.Query().Get("period"))
	if !ok {
		return
	}
	rows, err := p.entryRows(r, sc, pr, u, per, l)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	pg := entryPage{Unit: u, Period: per.String(), Action: r.URL.Path, Rows: rows, Saved: r.URL.Query().Get("saved"), Statuses: statusCodes()}
	p.render(w, r, l, "entry", T(l, "Enter figures")+" · "+u.Name(string(l)), pg)
}

func statusCodes() []string {
	var out []string
	for c := range planwatch.Statuses {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func (p *pages) entryPost(w http.ResponseWriter, r *http.Request) {
	pr, l, ok := p.signedPost(w, r, 1<<20)
	if !ok {
		return
	}
	u, per, sc, ok := p.entryScope(w, r, pr, l, r.PostFormValue("period"))
	if !ok {
		return
	}
	sent, err := parseEntry(r.PostForm)
	if err != nil {
		p.fail(w, r, l, http.StatusBadRequest, err.Error())
		return
	}
	rows, err := p.entryRows(r, sc, pr, u, per, l)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	// The rows as sent, beside what the store holds now.
	byKey := map[string]int{}
	for i, row := range rows {
		byKey[row.Indicator+"|"+row.Dims] = i
	}
	b := &planwatch.Batch{}
	line := map[int]int{} // the batch's line to the row
	bad := false
	for _, s := range sent {
		i, ok := byKey[s.Indicator+"|"+s.Dims]
		if !ok {
			p.fail(w, r, l, http.StatusForbidden, fmt.Sprintf("%s: %s", s.Indicator, T(l, "Only a reporter of this unit or a unit above it may enter its figures.")))
			return
		}
		row := &rows[i]
		stored := *row
		row.Value, row.Status, row.Source = s.Value, s.Status, s.Source
		if s.Value == "" && stored.Version == 0 {
			continue // nothing entered
		}
		if s.Value == stored.Value && s.Status == stored.Status && s.Source == stored.Source && s.Version == stored.Version {
			continue // unchanged
		}
		var v float64
		if s.Value != "" {
			if v, err = parseFormNumber(s.Value, l); err != nil {
				row.Error, bad = T(l, "Not a number")+": "+s.Value, true
				continue
			}
		}
		status := s.Status
		if s.Value == "" {
			status = planwatch.StatusWithdrawn // emptied: a new version that withdraws the figure
		}
		line[len(b.Observations)+1] = i
		b.Observations = append(b.Observations, planwatch.ObservationRecord{Pos: planwatch.Pos{File: "form", Line: len(b.Observations) + 1}, Unit: u.Ref(),
			Observation: planwatch.Observation{Indicator: s.Indicator, Dims: planwatch.Dims(s.Dims), Period: per, Value: v, Status: status, Source: s.Source, Version: s.Version}})
	}
	pg := entryPage{Unit: u, Period: per.String(), Action: r.URL.Path, Rows: rows, Statuses: statusCodes()}
	if !bad && len(b.Observations) > 0 {
		_, err = planwatch.Apply(p.s.actor(r, pr), p.s.Accounts.Store, b, planwatch.ApplyOptions{RecordedBy: pr.User.Name, Optimistic: true})
		if err == nil {
			q := url.Values{"period": {per.String()}, "saved": {strconv.Itoa(len(b.Observations))}}
			http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
			return
		}
		bad = true
		var list planwatch.ErrorList
		if !errors.As(err, &list) {
			list = planwatch.ErrorList{err}
		}
		for _, e := range list {
			var ce *planwatch.ConflictError
			var fe *planwatch.FieldError
			switch {
			case errors.As(e, &ce):
				for i, row := range rows {
					if row.Indicator == ce.Yours.Indicator && row.Dims == string(ce.Yours.Dims) {
						rows[i].Conflict = conflictText(ce, l)
						rows[i].Version = ce.Current.Version // sending again writes over it
					}
				}
			case errors.As(e, &fe) && line[fe.Line] >= 0 && fe.Line > 0:
				rows[line[fe.Line]].Error = fe.Msg
				if fe.Column != "" {
					rows[line[fe.Line]].Error = fe.Column + ": " + fe.Msg
				}
			default:
				pg.Error = e.Error()
			}
		}
	}
	if !bad {
		q := url.Values{"period": {per.String()}, "saved": {"0"}}
		http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
		return
	}
	if pg.Error == "" {
		pg.Error = T(l, "Nothing was saved: correct the rows marked and send again.")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	p.render(w, r, l, "entry", T(l, "Enter figures")+" · "+u.Name(string(l)), pg)
}

// conflictText says in the person's language that someone saved another
// figure meanwhile, with both.
func conflictText(ce *planwatch.ConflictError, l locale.Lang) string {
	cur := T(l, "no figure")
	if ce.Current.Version > 0 {
		cur = fmt.Sprintf("%s (v%d, %s, %s)", locale.Number(ce.Current.Value, l), ce.Current.Version, ce.Current.RecordedBy, ce.Current.RecordedAt.Format("2006-01-02 15:04"))
	}
	return fmt.Sprintf(T(l, "Someone saved another figure meanwhile: now %s; yours %s was not saved. Send again to save yours over it."), cur, locale.Number(ce.Yours.Value, l))
}
