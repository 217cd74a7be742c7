package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/account"
	"planwatch/period"
	"planwatch/review"
)

// api serves JSON under /api/v1/, in the shapes the command line uses.
type api struct{ s *Server }

// apiErr is the body of every error: a code, a message, and the parameter
// at fault when there is one.
type apiErr struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		Parameter string `json:"parameter,omitempty"`
	} `json:"error"`
}

func apiError(w http.ResponseWriter, status int, code, msg, param string) {
	var e apiErr
	e.Error.Code, e.Error.Message, e.Error.Parameter = code, msg, param
	writeJSONStatus(w, status, e)
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeJSON(w http.ResponseWriter, v any) { writeJSONStatus(w, http.StatusOK, v) }

// periodParam reads an optional period parameter, answering 400 when it is
// not a period.
func periodParam(w http.ResponseWriter, r *http.Request, name string, required bool) (period.Period, bool) {
	s := r.URL.Query().Get(name)
	if s == "" {
		if required {
			apiError(w, http.StatusBadRequest, planwatch.EINVALID, name+" is required (a period such as 2025 or 2021/2025)", name)
			return period.Period{}, false
		}
		return period.Period{}, true
	}
	p, err := period.Parse(s)
	if err != nil {
		apiError(w, http.StatusBadRequest, planwatch.EINVALID, name+": "+err.Error(), name)
		return period.Period{}, false
	}
	return p, true
}

func errStatus(w http.ResponseWriter, err error, param string) {
	code := planwatch.ErrorCode(err)
	apiError(w, statusOf(err), code, err.Error(), param)
}

type unitOut struct {
	Code      string `json:"code"`
	Ref       string `json:"ref"`
	NameVI    string `json:"name_vi"`
	NameEN    string `json:"name_en"`
	Level     string `json:"level"`
	Parent    string `json:"parent"`
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
}

func unitJSON(u planwatch.Unit) unitOut {
	return unitOut{u.Code, u.Ref(), u.NameVI, u.NameEN, string(u.Level), u.ParentCode, string(u.ValidFrom), string(u.ValidTo)}
}

func (a *api) units(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	q := r.URL.Query()
	level := q.Get("level")
	if level != "" && !validLevel(level) {
		apiError(w, http.StatusBadRequest, planwatch.EINVALID, "level: "+strconv.Quote(level)+" is not a level", "level")
		return
	}
	d, err := planwatch.ParseDate(q.Get("date"))
	if err != nil {
		apiError(w, http.StatusBadRequest, planwatch.EINVALID, "date: "+err.Error(), "date")
		return
	}
	out := []unitOut{}
	for _, u := range rv.Units() {
		if level != "" && string(u.Level) != level || d != "" && !u.Validity().Contains(d) {
			continue
		}
		out = append(out, unitJSON(u))
	}
	page(w, r, out)
}

func validLevel(s string) bool {
	for _, l := range planwatch.Levels {
		if string(l) == s {
			return true
		}
	}
	return false
}

func (a *api) unit(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	u, err := rv.Unit(r.PathValue("unit"), period.Period{})
	if err != nil {
		errStatus(w, err, "unit")
		return
	}
	writeJSON(w, unitJSON(u))
}

type indicatorOut struct {
	Code        string              `json:"code"`
	NameVI      string              `json:"name_vi"`
	NameEN      string              `json:"name_en"`
	MeasureUnit string              `json:"measure_unit"`
	Type        string              `json:"type"`
	Aggregation string              `json:"aggregation"`
	Direction   string              `json:"direction"`
	Formula     string              `json:"formula"`
	Dimensions  map[string][]string `json:"dimensions"`
}

func (a *api) indicators(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	out := []indicatorOut{}
	for _, in := range rv.Indicators() {
		dims := map[string][]string{}
		for _, d := range in.Dimensions {
			dims[d.Name] = d.Values
		}
		out = append(out, indicatorOut{in.Code, in.NameVI, in.NameEN, in.MeasureUnit, string(in.Type), in.Aggregation.String(), string(in.Direction), in.Formula, dims})
	}
	writeJSON(w, out)
}

type observationOut struct {
	Unit       string  `json:"unit"`
	Indicator  string  `json:"indicator"`
	Dims       string  `json:"dims"`
	Period     string  `json:"period"`
	Value      float64 `json:"value"`
	Status     string  `json:"status"`
	Source     string  `json:"source"`
	Note       string  `json:"note"`
	Version    int     `json:"version"`
	RecordedBy string  `json:"recorded_by"`
	RecordedAt string  `json:"recorded_at"`
	Approval   string  `json:"approval"`
}

// Drafts on the API. The public (and a viewer) get approved figures only.
// A token (or a session) of someone who may see a unit's drafts, a
// reporter or an approver of it or of a unit above it, gets that unit's
// current figures approved or not, each with its approval state, and
// answers meant for it alone (Cache-Control: private, no-store), never
// from nor into the shared cache; ?approved=only asks for approved
// figures only.

// approvedOnly reads ?approved=only, answering 400 for any other value;
// ok is false when it did.
func approvedOnly(w http.ResponseWriter, r *http.Request) (only, ok bool) {
	switch v := r.URL.Query().Get("approved"); v {
	case "":
		return false, true
	case "only":
		return true, true
	default:
		apiError(w, http.StatusBadRequest, planwatch.EINVALID, "approved: "+strconv.Quote(v)+" is not a choice: approved=only gives approved figures only", "approved")
		return false, false
	}
}

// approvalOf is the approval state of a fact or an assessment: "draft"
// when it used figures not yet approved.
func approvalOf(drafts []string) string {
	if len(drafts) > 0 {
		return string(planwatch.Draft)
	}
	return string(planwatch.Approved)
}

type factOut struct {
	review.Fact
	Approval string `json:"approval"`
}

type assessmentOut struct {
	review.Assessment
	Approval string `json:"approval"`
}

// page answers a list a page at a time: ?page= (from 1) and ?per_page=
// (1 to 1000, 100 by default), with the total in X-Total-Count.
func page[T any](w http.ResponseWriter, r *http.Request, all []T) {
	q := r.URL.Query()
	pg, per := 1, 100
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			apiError(w, http.StatusBadRequest, planwatch.EINVALID, "page: "+strconv.Quote(s)+" is not a page number (1, 2, ...)", "page")
			return
		}
		pg = n
	}
	if s := q.Get("per_page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			apiError(w, http.StatusBadRequest, planwatch.EINVALID, "per_page: "+strconv.Quote(s)+" is not between 1 and 1000", "per_page")
			return
		}
		per = n
	}
	start := min((pg-1)*per, len(all))
	end := min(start+per, len(all))
	w.Header().Set("X-Total-Count", strconv.Itoa(len(all)))
	writeJSON(w, all[start:end])
}

func (a *api) observations(w http.ResponseWriter, r *http.Request) {
	snap := a.s.current()
	rv := snap.rv
	q := r.URL.Query()
	pr := signedIn(r)
	if pr != nil {
		personal(w)
	}
	only, ok := approvedOnly(w, r)
	if !ok {
		return
	}
	per, ok := periodParam(w, r, "period", false)
	if !ok {
		return
	}
	var units []int64
	if ref := q.Get("unit"); ref != "" {
		var err error
		if units, err = rv.UnitIDs(ref); err != nil {
			errStatus(w, err, "unit")
			return
		}
	}
	// Approved figures only, but the drafts of the units the token's (or
	// session's) grants let it see drafts of.
	f := planwatch.ObservationFilter{Units: units, Period: per, Approved: true}
	var rd planwatch.Reader = a.s.store
	if pr != nil && !only {
		sc, err := a.s.scope(r.Context(), snap)
		if err != nil {
			errStatus(w, err, "")
			return
		}
		if seen, all := sc.AllowedUnits(pr.Grants, account.ViewDrafts); all || len(seen) > 0 {
			set := map[int64]bool{}
			for _, id := range seen {
				set[id] = true
			}
			rd = draftsReader{Reader: a.s.store, sees: func(u int64) bool { return all || set[u] }}
			f.Approved = false
		}
	}
	if ind := q.Get("indicator"); ind != "" {
		if _, ok := rv.Indicator(ind); !ok {
			apiError(w, http.StatusNotFound, planwatch.ENOTFOUND, "indicator: no indicator "+strconv.Quote(ind), "indicator")
			return
		}
		f.Indicators = []string{ind}
	}
	if q.Has("dims") {
		d, err := planwatch.ParseDims(q.Get("dims"))
		if err != nil {
			apiError(w, http.StatusBadRequest, planwatch.EINVALID, "dims: "+err.Error(), "dims")
			return
		}
		f.Dims = &d
	}
	obs, err := rd.Observations(r.Context(), f)
	if err != nil {
		errStatus(w, err, "")
		return
	}
	out := make([]observationOut, 0, len(obs))
	for _, o := range obs {
		state := o.Approval
		if state == "" {
			state = planwatch.Approved
		}
		out = append(out, observationOut{o.UnitCode, o.Indicator, string(o.Dims), o.Period.String(), o.Value, o.Status, o.Source, o.Note, o.Version, o.RecordedBy, o.RecordedAt.UTC().Format("2006-01-02T15:04:05Z"), string(state)})
	}
	page(w, r, out)
}

type planOut struct {
	Code       string `json:"code"`
	Kind       string `json:"kind"`
	TitleVI    string `json:"title_vi"`
	TitleEN    string `json:"title_en"`
	IssuerVI   string `json:"issuer_vi"`
	IssuerEN   string `json:"issuer_en"`
	Issued     string `json:"issued"`
	Unit       string `json:"unit"`
	Horizon    string `json:"horizon"`
	Parent     string `json:"parent"`
	VisionVI   string `json:"vision_vi"`
	VisionEN   string `json:"vision_en"`
	Assessment string `json:"assessment"`
}

func (a *api) plans(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	out := []planOut{}
	for _, p := range rv.Plans() {
		out = append(out, planOut{p.Code, string(p.Kind), p.TitleVI, p.TitleEN, p.IssuerVI, p.IssuerEN, string(p.Issued), p.UnitCode, p.Horizon.String(), p.Parent, p.VisionVI, p.VisionEN, p.Assessment})
	}
	writeJSON(w, out)
}

type targetOut struct {
	Plan           string                `json:"plan"`
	Unit           string                `json:"unit"`
	Indicator      string                `json:"indicator"`
	Dims           string                `json:"dims"`
	Period         string                `json:"period"`
	Kind           string                `json:"kind"`
	Value          *float64              `json:"value"`
	Low            *float64              `json:"low"`
	High           *float64              `json:"high"`
	BaselinePeriod string                `json:"baseline_period"`
	BaselineValue  *float64              `json:"baseline_value"`
	Wording        string                `json:"wording"`
	WordingLang    string                `json:"wording_lang"`
	Translation    string                `json:"wording_translation"`
	Milestones     []planwatch.Milestone `json:"milestones"`
}

func (a *api) targets(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	plan := r.URL.Query().Get("plan")
	if _, ok := rv.Plan(plan); plan != "" && !ok {
		apiError(w, http.StatusNotFound, planwatch.ENOTFOUND, "plan: no plan "+strconv.Quote(plan), "plan")
		return
	}
	out := []targetOut{}
	for _, t := range rv.Targets(plan) {
		bp := ""
		if !t.BaselinePeriod.IsZero() {
			bp = t.BaselinePeriod.String()
		}
		ms := t.Milestones
		if ms == nil {
			ms = []planwatch.Milestone{}
		}
		out = append(out, targetOut{t.Plan, t.UnitCode, t.Indicator, string(t.Dims), t.Period.String(), string(t.Kind), t.Value, t.Low, t.High, bp, t.BaselineValue, t.Wording, t.WordingLang, t.WordingTranslation, ms})
	}
	writeJSON(w, out)
}

// facts is served through the page cache (see Server.cached): its JSON is
// encoded once per snapshot and query, and the bytes (and their gzip) are
// served from then on. A token's or session's answer is rendered for it
// from the review with its drafts (cached), never kept.
func (a *api) facts(w http.ResponseWriter, r *http.Request) {
	rv := a.s.current().rv
	if snap, ok := r.Context().Value(snapshotKey{}).(*review.Review); ok {
		rv = snap // the snapshot whose cache keeps the answer
	}
	only, ok := approvedOnly(w, r)
	if !ok {
		return
	}
	if only && signedIn(r) != nil {
		rv = a.s.current().rv // the public review: approved figures only
	}
	unit := r.URL.Query().Get("unit")
	if unit == "" {
		apiError(w, http.StatusBadRequest, planwatch.EINVALID, "unit is required (a code, or code@YYYY-MM-DD)", "unit")
		return
	}
	per, ok := periodParam(w, r, "period", true)
	if !ok {
		return
	}
	var opt review.Options
	if opt.Base, ok = periodParam(w, r, "base", false); !ok {
		return
	}
	facts, err := rv.Facts(unit, per, opt)
	if err != nil {
		errStatus(w, err, "unit")
		return
	}
	out := make([]factOut, 0, len(facts))
	for _, f := range facts {
		out = append(out, factOut{f, approvalOf(f.Drafts)})
	}
	writeJSON(w, out)
}

func (a *api) assessments(w http.ResponseWriter, r *http.Request) {
	snap := a.s.current()
	rv := snap.rv
	q := r.URL.Query()
	only, ok := approvedOnly(w, r)
	if !ok {
		return
	}
	if pr := signedIn(r); pr != nil {
		personal(w)
		if !only {
			rv, _ = a.s.reviewFor(r.Context(), snap, pr)
		}
	}
	asOf, ok := periodParam(w, r, "as_of", false)
	if !ok {
		return
	}
	as, err := rv.Assess(review.Filter{Plan: q.Get("plan"), Unit: q.Get("unit"), AsOf: asOf})
	if err != nil {
		param := "unit"
		if strings.Contains(err.Error(), "plan") {
			param = "plan"
		}
		errStatus(w, err, param)
		return
	}
	out := make([]assessmentOut, 0, len(as))
	for _, x := range as {
		out = append(out, assessmentOut{x, approvalOf(x.Drafts)})
	}
	writeJSON(w, out)
}

func (a *api) openapi(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		apiError(w, http.StatusInternalServerError, planwatch.EINTERNAL, err.Error(), "")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
