package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/period"
)

// figureID names one version of a figure in a form:
// "UNIT~INDICATOR~DIMS~PERIOD~VERSION" (unit by ID).
func figureID(o planwatch.Observation) string {
	return figureIDOf(planwatch.FigureRef{Key: o.Key(), Period: o.Period, Version: o.Version})
}

func figureIDOf(f planwatch.FigureRef) string {
	return fmt.Sprintf("%d~%s~%s~%s~%d", f.Key.Unit, f.Key.Indicator, f.Key.Dims, f.Period, f.Version)
}

// parseFigureID reads a figureID back.
func parseFigureID(s string) (planwatch.FigureRef, error) {
	parts := strings.Split(s, "~")
	bad := planwatch.Errorf(planwatch.EINVALID, "not a figure: %q", s)
	if len(parts) != 5 || len(s) > 512 {
		return planwatch.FigureRef{}, bad
	}
	unit, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || unit <= 0 {
		return planwatch.FigureRef{}, bad
	}
	if planwatch.ValidCode(parts[1]) != nil {
		return planwatch.FigureRef{}, bad
	}
	dims, err := planwatch.ParseDims(parts[2])
	if err != nil || string(dims) != parts[2] {
		return planwatch.FigureRef{}, bad
	}
	p, err := period.Parse(parts[3])
	if err != nil || p.String() != parts[3] {
		return planwatch.FigureRef{}, bad
	}
	v, err := strconv.Atoi(parts[4])
	if err != nil || v <= 0 {
		return planwatch.FigureRef{}, bad
	}
	return planwatch.FigureRef{Key: planwatch.SeriesKey{Unit: unit, Indicator: parts[1], Dims: dims}, Period: p, Version: v}, nil
}

type approveRow struct {
	ID        string
	Unit      string
	Indicator string
	Name      string
	Dims      string
	Period    string
	Value     float64
	Measure   string
	Status    string
	Source    string
	State     string
	By        string
	At        string
	Version   int
	Published *float64 // the approved version's value, if any
	Comment   string   // the latest return's
}

type approvePage struct {
	Unit    planwatch.Unit
	Period  string
	Rows    []approveRow
	Done    string
	Error   string
	Action  string
	Returns map[string]string
}

// approveScope resolves the page's unit and period and checks that the
// signed-in person approves for it.
func (p *pages) approveScope(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang) (planwatch.Unit, period.Period, *account.Scope, bool) {
	snap := p.s.current()
	ps := r.URL.Query().Get("period")
	if r.Method == http.MethodPost {
		ps = r.PostFormValue("period")
	}
	if ps == "" {
		ps = strconv.Itoa(time.Now().Year())
	}
	per, err := period.Parse(ps)
	if err != nil {
		p.fail(w, r, l, http.StatusBadRequest, T(l, "Period")+": "+err.Error())
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
	if !sc.Allowed(pr.Grants, account.Approve, u.ID, "") {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only an approver of this unit or a unit above it may approve its figures."))
		return u, per, nil, false
	}
	return u, per, sc, true
}

// drafts lists the figures of a unit and those below it at a period that
// wait for a decision and that the person approves, with the approved
// version beside each.
func (p *pages) drafts(ctx context.Context, sc *account.Scope, pr *account.Principal, u planwatch.Unit, per period.Period, l locale.Lang) ([]approveRow, error) {
	st := p.s.Accounts.Store
	f := planwatch.ObservationFilter{Units: sc.Below(u.ID), Period: per}
	all, err := st.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	f.Approved = true
	pub, err := st.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	published := map[string]float64{}
	for _, o := range pub {
		published[fmt.Sprint(o.Key(), o.Period)] = o.Value
	}
	rv := p.s.current().rv
	var rows []approveRow
	for _, o := range all {
		if o.Approval == planwatch.Approved || !sc.Allowed(pr.Grants, account.Approve, o.Unit, o.Indicator) {
			continue
		}
		in, _ := rv.Indicator(o.Indicator)
		unit, _ := rv.UnitByID(o.Unit)
		row := approveRow{ID: figureID(o), Unit: unit.Name(string(l)) + " (" + o.UnitCode + ")", Indicator: o.Indicator, Name: in.Name(string(l)), Dims: string(o.Dims),
			Period: o.Period.String(), Value: o.Value, Measure: locale.Unit(in.MeasureUnit, l), Status: o.Status, Source: o.Source, State: o.Approval.Label(string(l)),
			By: o.RecordedBy, At: o.RecordedAt.Format("2006-01-02 15:04"), Version: o.Version}
		if v, ok := published[fmt.Sprint(o.Key(), o.Period)]; ok {
			row.Published = &v
		}
		if o.Approval == planwatch.Returned {
			if aps, err := st.Approvals(ctx, o.Key(), o.Period.String()); err == nil && len(aps) > 0 {
				row.Comment = aps[len(aps)-1].Comment
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (p *pages) approveForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	u, per, sc, ok := p.approveScope(w, r, pr, l)
	if !ok {
		return
	}
	rows, err := p.drafts(r.Context(), sc, pr, u, per, l)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	pg := approvePage{Unit: u, Period: per.String(), Rows: rows, Action: r.URL.Path, Done: r.URL.Query().Get("done")}
	p.render(w, r, l, "approve", T(l, "Approve figures")+" · "+u.Name(string(l)), pg)
}

func (p *pages) approvePost(w http.ResponseWriter, r *http.Request) {
	pr, l, ok := p.signedPost(w, r, 1<<20)
	if !ok {
		return
	}
	u, per, sc, ok := p.approveScope(w, r, pr, l)
	if !ok {
		return
	}
	refs, d, err := parseDecision(r.PostForm)
	if err == nil {
		for _, ref := range refs {
			if !sc.Allowed(pr.Grants, account.Approve, ref.Key.Unit, ref.Key.Indicator) {
				err = planwatch.Errorf(planwatch.EFORBIDDEN, "%s", T(l, "Only an approver of this unit or a unit above it may approve its figures."))
			}
		}
	}
	var done []planwatch.Approval
	if err == nil {
		err = p.s.Accounts.Store.Update(p.s.actor(r, pr), func(tx planwatch.Tx) error {
			var err error
			done, err = tx.Decide(r.Context(), refs, d)
			return err
		})
	}
	if err != nil {
		rows, rerr := p.drafts(r.Context(), sc, pr, u, per, l)
		if rerr != nil {
			p.fail(w, r, l, http.StatusInternalServerError, rerr.Error())
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		code := statusOf(err)
		if planwatch.ErrorCode(err) == planwatch.EFORBIDDEN {
			code = http.StatusForbidden
		}
		w.WriteHeader(code)
		p.render(w, r, l, "approve", T(l, "Approve figures")+" · "+u.Name(string(l)), approvePage{Unit: u, Period: per.String(), Rows: rows, Action: r.URL.Path, Error: err.Error()})
		return
	}
	verb := "approved"
	if d.State == planwatch.Returned {
		verb = "returned"
	}
	q := url.Values{"period": {per.String()}, "done": {fmt.Sprintf("%s %d", verb, len(done))}}
	http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
}

// parseDecision reads the approval form: approve the figures checked
// ("fig"), or return the one named by the "return" button with its
// comment ("comment:" and the figure).
func parseDecision(form url.Values) ([]planwatch.FigureRef, planwatch.Decision, error) {
	if id := form.Get("return"); id != "" {
		ref, err := parseFigureID(id)
		if err != nil {
			return nil, planwatch.Decision{}, err
		}
		d := planwatch.Decision{State: planwatch.Returned, Comment: strings.TrimSpace(form.Get("comment:" + id))}
		return []planwatch.FigureRef{ref}, d, d.Validate()
	}
	ids := form["fig"]
	if len(ids) == 0 {
		return nil, planwatch.Decision{}, planwatch.Errorf(planwatch.EINVALID, "no figure chosen / chưa chọn số liệu nào")
	}
	if len(ids) > 10000 {
		return nil, planwatch.Decision{}, planwatch.Errorf(planwatch.EINVALID, "too many figures at once")
	}
	var refs []planwatch.FigureRef
	for _, id := range ids {
		ref, err := parseFigureID(id)
		if err != nil {
			return nil, planwatch.Decision{}, err
		}
		if !slices.ContainsFunc(refs, func(x planwatch.FigureRef) bool { return x == ref }) {
			refs = append(refs, ref)
		}
	}
	d := planwatch.Decision{State: planwatch.Approved, Comment: strings.TrimSpace(form.Get("comment"))}
	return refs, d, d.Validate()
}
