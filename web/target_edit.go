package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

// The pages where a planner adds a target to a plan (/p/{plan}/t/new) and
// edits one (/p/{plan}/t/{n}/edit): the fields of the canonical targets
// CSV, the plan's own wording kept as typed, checked as an import checks
// them, and a preview of how planwatch will state the target, shown after
// "Preview" or a save that failed, without JavaScript. The unit,
// indicator, dimensions, kind and deadline name a target (the store keys
// it on them), so an edit changes the rest; the store keeps no withdrawn
// state for targets, so a target is not withdrawn here.

// targetFields are the form's fields, named as the targets CSV's columns.
var targetFields = []string{"unit", "indicator", "dims", "period", "kind", "value", "low", "high", "baseline_period", "baseline_value", "wording", "wording_lang", "wording_translation", "milestones"}

// targetKeyFields name a target within its plan.
var targetKeyFields = []string{"unit", "indicator", "dims", "period", "kind"}

// targetForm is a target as the form holds it: text as typed, numbers in
// the reader's way of writing them.
type targetForm struct {
	Unit, Indicator, Dims, Period, Kind, Value, Low, High, BaselinePeriod, BaselineValue, Wording, WordingLang, WordingTranslation, Milestones string
	// Version is the version of the target the form was read at, "" for
	// a new one.
	Version string
}

func (f *targetForm) ptr(col string) *string {
	switch col {
	case "unit":
		return &f.Unit
	case "indicator":
		return &f.Indicator
	case "dims":
		return &f.Dims
	case "period":
		return &f.Period
	case "kind":
		return &f.Kind
	case "value":
		return &f.Value
	case "low":
		return &f.Low
	case "high":
		return &f.High
	case "baseline_period":
		return &f.BaselinePeriod
	case "baseline_value":
		return &f.BaselineValue
	case "wording":
		return &f.Wording
	case "wording_lang":
		return &f.WordingLang
	case "wording_translation":
		return &f.WordingTranslation
	case "milestones":
		return &f.Milestones
	}
	return nil
}

// field returns a field of the form by its column name.
func (f targetForm) field(col string) string {
	if p := f.ptr(col); p != nil {
		return *p
	}
	return ""
}

// key names the target the form is of within its plan.
func (f targetForm) key() string {
	parts := make([]string, len(targetKeyFields))
	for i, c := range targetKeyFields {
		parts[i] = f.field(c)
	}
	return strings.Join(parts, "|")
}

func formNumberPtr(v *float64, l locale.Lang) string {
	if v == nil {
		return ""
	}
	return formNumber(*v, l)
}

// targetFormOf is a stored target as the form shows it.
func targetFormOf(t planwatch.Target, l locale.Lang) targetForm {
	ms := make([]string, len(t.Milestones))
	for i, m := range t.Milestones {
		ms[i] = m.Period.String() + "=" + formNumber(m.Value, l)
	}
	return targetForm{Unit: t.UnitCode, Indicator: t.Indicator, Dims: string(t.Dims), Period: periodText(t.Period), Kind: string(t.Kind),
		Value: formNumberPtr(t.Value, l), Low: formNumberPtr(t.Low, l), High: formNumberPtr(t.High, l),
		BaselinePeriod: periodText(t.BaselinePeriod), BaselineValue: formNumberPtr(t.BaselineValue, l),
		Wording: t.Wording, WordingLang: t.OriginalLang(), WordingTranslation: t.WordingTranslation, Milestones: strings.Join(ms, "; "),
		Version: recordVersion(t)}
}

// parseTargetForm reads a target's form as sent. The wording is kept as
// typed but for the spaces around it and the browser's CRLF line ends.
func parseTargetForm(form url.Values) targetForm {
	get := func(name string) string { return strings.ReplaceAll(form.Get(name), "\r\n", "\n") }
	f := targetForm{Version: trimForm(get, "version", 64)}
	for _, c := range targetFields {
		max := 200
		if c == "wording" || c == "wording_translation" {
			max = 20000
		}
		*f.ptr(c) = trimForm(get, c, max)
	}
	return f
}

// record is the target the form gives, as an import's record, with the
// problems the form's own reading finds (numbers, periods, milestones).
func (f targetForm) record(plan string, l locale.Lang) (planwatch.TargetRecord, fieldErrors) {
	errs := fieldErrors{}
	t := planwatch.Target{Plan: plan, Indicator: f.Indicator, Kind: planwatch.TargetKind(f.Kind), Wording: f.Wording, WordingLang: f.WordingLang, WordingTranslation: f.WordingTranslation}
	switch {
	case f.Wording == "":
		t.WordingLang = "" // the language of no wording
	case f.WordingLang == "":
		t.WordingLang = "vi" // as an import reads it
	}
	if d, err := planwatch.ParseDims(f.Dims); err != nil {
		errs.set("dims", fieldError{Msg: T(l, "Invalid") + ": " + f.Dims})
	} else {
		t.Dims = d
	}
	per := func(col, s string) period.Period {
		if s == "" {
			return period.Period{}
		}
		p, err := period.Parse(s)
		if err != nil {
			errs.set(col, fieldError{Msg: T(l, "Not a period") + ": " + s})
		}
		return p
	}
	num := func(col, s string) *float64 {
		if s == "" {
			return nil
		}
		v, err := parseFormNumber(s, l)
		if err != nil {
			errs.set(col, fieldError{Msg: T(l, "Not a number") + ": " + s})
			return nil
		}
		return &v
	}
	t.Period = per("period", f.Period)
	t.BaselinePeriod = per("baseline_period", f.BaselinePeriod)
	t.Value, t.Low, t.High, t.BaselineValue = num("value", f.Value), num("low", f.Low), num("high", f.High), num("baseline_value", f.BaselineValue)
	for _, part := range strings.Split(f.Milestones, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		ps, vs, ok := strings.Cut(part, "=")
		p, err := period.Parse(strings.TrimSpace(ps))
		v, err2 := parseFormNumber(vs, l)
		if !ok || err != nil || err2 != nil || slices.ContainsFunc(t.Milestones, func(m planwatch.Milestone) bool { return m.Period == p }) {
			errs.set("milestones", fieldError{Msg: T(l, "write milestones as period=value; period=value") + ": " + strings.TrimSpace(part)})
			break
		}
		t.Milestones = append(t.Milestones, planwatch.Milestone{Period: p, Value: v})
	}
	return planwatch.TargetRecord{Pos: planwatch.Pos{File: "form", Line: 1}, Target: t, Unit: f.Unit}, errs
}

type targetEditPage struct {
	New      bool
	Plan     planwatch.Plan
	N        int
	Action   string
	Form     targetForm
	Errors   fieldErrors
	Conflict map[string]string
	Error    string
	Saved    bool
	Preview  string
}

// storedTargets are a plan's targets as the store holds them now, in the
// order the plan page numbers them.
func (p *pages) storedTargets(ctx context.Context, plan string) ([]planwatch.Target, error) {
	return p.s.Accounts.Store.Targets(ctx, planwatch.TargetFilter{Plan: plan})
}

// targetStart reads the plan of the path from the store and checks that
// the person keeps its plans.
func (p *pages) targetStart(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang) (planwatch.Plan, bool) {
	return p.planEditStart(w, r, pr, l)
}

// targetOfPath is the target /p/{plan}/t/{n}/edit names, and checks that
// the person keeps the plans of its unit and indicator too.
func (p *pages) targetOfPath(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang, pl planwatch.Plan) (planwatch.Target, int, bool) {
	ts, err := p.storedTargets(r.Context(), pl.Code)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return planwatch.Target{}, 0, false
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(ts) {
		p.error(w, r, l, http.StatusNotFound, "Kế hoạch này không có mục tiêu số "+r.PathValue("n")+".", "This plan has no target number "+r.PathValue("n")+".")
		return planwatch.Target{}, 0, false
	}
	t := ts[n-1]
	if ok, err := p.mayPlan(r, pr, t.Indicator, t.Unit); err != nil || !ok {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
		return t, n, false
	}
	return t, n, true
}

func (p *pages) targetNewForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	pl, ok := p.targetStart(w, r, pr, l)
	if !ok {
		return
	}
	f := targetForm{Unit: pl.UnitCode, Period: periodText(pl.Horizon), Kind: string(planwatch.AtLeast), WordingLang: "vi"}
	pg := targetEditPage{New: true, Plan: pl, Action: r.URL.Path, Form: f, Errors: fieldErrors{}}
	p.showTargetEdit(w, r, l, pg, http.StatusOK)
}

func (p *pages) targetEditForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	pl, ok := p.targetStart(w, r, pr, l)
	if !ok {
		return
	}
	t, n, ok := p.targetOfPath(w, r, pr, l, pl)
	if !ok {
		return
	}
	pg := targetEditPage{Plan: pl, N: n, Action: r.URL.Path, Form: targetFormOf(t, l), Errors: fieldErrors{}, Saved: r.URL.Query().Get("saved") != "", Preview: p.statedText(t, l)}
	p.showTargetEdit(w, r, l, pg, http.StatusOK)
}

func (p *pages) targetNewPost(w http.ResponseWriter, r *http.Request) { p.targetPost(w, r, true) }

func (p *pages) targetEditPost(w http.ResponseWriter, r *http.Request) { p.targetPost(w, r, false) }

func (p *pages) targetPost(w http.ResponseWriter, r *http.Request, isNew bool) {
	pr, l, ok := p.signedPost(w, r, 256<<10)
	if !ok {
		return
	}
	pl, ok := p.targetStart(w, r, pr, l)
	if !ok {
		return
	}
	f := parseTargetForm(r.PostForm)
	n := 0
	if isNew {
		f.Version = ""
	} else {
		// The target is the one the form names (its key fields are sent as
		// they were read): targets added since may have moved its number.
		old, m, ok := p.targetOfPath(w, r, pr, l, pl)
		if !ok {
			return
		}
		n = m
		if of := targetFormOf(old, l); of.key() != f.key() {
			ts, err := p.storedTargets(r.Context(), pl.Code)
			if err != nil {
				p.fail(w, r, l, http.StatusInternalServerError, err.Error())
				return
			}
			i := slices.IndexFunc(ts, func(t planwatch.Target) bool { return targetFormOf(t, l).key() == f.key() })
			if i < 0 {
				p.fail(w, r, l, http.StatusNotFound, T(l, "This target is not in the plan."))
				return
			}
			n = i + 1
		}
	}
	rec, errs := f.record(pl.Code, l)
	units, err := p.s.Accounts.Store.Units(r.Context())
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	authorized := false // a write needs the unit resolved and the person allowed on it
	if !rec.Target.Period.IsZero() {
		u, err := planwatch.NewUnitIndex(units).Resolve(f.Unit, planwatch.PeriodSpan(rec.Target.Period))
		if err != nil {
			errs.set("unit", translateProblem(err.Error(), l))
		} else if ok, err := p.mayPlan(r, pr, rec.Target.Indicator, u.ID); err != nil || !ok {
			p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
			return
		} else {
			authorized = true
		}
	}
	pg := targetEditPage{New: isNew, Plan: pl, N: n, Action: r.URL.Path, Form: f, Errors: errs, Conflict: map[string]string{}}
	preview := r.PostFormValue("preview") != ""
	check := func(ctx context.Context, tx planwatch.Tx) error {
		ts, err := tx.Targets(ctx, planwatch.TargetFilter{Plan: pl.Code})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ts, func(t planwatch.Target) bool { return targetFormOf(t, l).key() == f.key() })
		switch {
		case i >= 0 && isNew:
			return &editConflict{current: ts[i], exists: true}
		case i < 0 && !isNew:
			return planwatch.Errorf(planwatch.ENOTFOUND, "%s", T(l, "This target is not in the plan."))
		case i >= 0 && recordVersion(ts[i]) != f.Version:
			return &editConflict{current: ts[i]}
		}
		return nil
	}
	b := &planwatch.Batch{Targets: []planwatch.TargetRecord{rec}}
	ctx := p.s.actor(r, pr)
	if len(errs) > 0 || !authorized || preview {
		// The import's checks, to show every problem at once (or none, for a
		// preview); nothing is written.
		_, err = planwatch.Apply(ctx, p.s.Accounts.Store, b, planwatch.ApplyOptions{DryRun: true})
	} else {
		_, err = planwatch.Apply(ctx, p.s.Accounts.Store, b, planwatch.ApplyOptions{RecordedBy: pr.User.Name, Check: check})
		if err == nil {
			p.s.maybeReload()
			ts, err := p.storedTargets(r.Context(), pl.Code)
			if err != nil {
				p.fail(w, r, l, http.StatusInternalServerError, err.Error())
				return
			}
			n = 1 + slices.IndexFunc(ts, func(t planwatch.Target) bool { return targetFormOf(t, l).key() == f.key() })
			http.Redirect(w, r, "/p/"+url.PathEscape(pl.Code)+"/t/"+strconv.Itoa(n)+"/edit?saved=1", http.StatusSeeOther)
			return
		}
	}
	var ce *editConflict
	switch {
	case errors.As(err, &ce) && ce.exists:
		errs.set("indicator", fieldError{Msg: T(l, "The same target exists already in this plan: edit that one.")})
	case errors.As(err, &ce):
		cur := targetFormOf(ce.current.(planwatch.Target), l)
		for _, col := range targetFields {
			if cur.field(col) != f.field(col) {
				pg.Conflict[col] = cur.field(col)
			}
		}
		pg.Form.Version = cur.Version // sending again saves over it
		pg.Error = T(l, "Someone saved this meanwhile: the fields marked show what is saved now beside yours. Send again to save yours over it.")
	case err != nil:
		errs.addApply(err, l, targetFields)
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 && pg.Error == "" && preview {
		status = http.StatusOK // a preview of a valid target
	} else if pg.Error == "" {
		pg.Error = T(l, "Nothing was saved: correct the fields marked and send again.")
	}
	// How planwatch will state the target, when what it states is valid.
	stated := true
	for _, col := range []string{"indicator", "dims", "kind", "period", "value", "low", "high"} {
		_, bad := errs[col]
		stated = stated && !bad
	}
	if stated {
		pg.Preview = p.statedText(rec.Target, l)
	}
	p.showTargetEdit(w, r, l, pg, status)
}

// statedText is how planwatch states a target: its indicator, the target
// in words and its deadline, as the plan page writes them.
func (p *pages) statedText(t planwatch.Target, l locale.Lang) string {
	in, ok := p.s.current().rv.Indicator(t.Indicator)
	if !ok {
		return ""
	}
	s := review.IndicatorText(in, t.Dims, l) + ": " + review.TargetText(t, in, l)
	if !t.Period.IsZero() {
		s += " · " + T(l, "Deadline") + " " + review.DeadlineText(t.Period)
	}
	return s
}

// targetChoices are the choices of a target's form: the indicators, the
// dimensions they have (price basis, sector...), the kinds of target, the
// languages of the wording.
func (p *pages) targetChoices(l locale.Lang, f targetForm) (indicators, dims, kinds, langs []option) {
	rv := p.s.current().rv
	seen := map[string]bool{"": true}
	dims = []option{{Value: "", Text: T(l, "none")}}
	addDims := func(d string) {
		if !seen[d] {
			seen[d] = true
			dims = append(dims, option{Value: d, Text: locale.Dims(d, l)})
		}
	}
	for _, in := range rv.Indicators() {
		indicators = append(indicators, option{Value: in.Code, Text: in.Name(string(l))})
		for _, d := range in.Dimensions {
			for _, v := range d.Values {
				addDims(d.Name + "=" + v)
			}
		}
	}
	slices.SortFunc(indicators, func(a, b option) int { return strings.Compare(locale.Fold(a.Text), locale.Fold(b.Text)) })
	if f.Indicator != "" && !slices.ContainsFunc(indicators, func(o option) bool { return o.Value == f.Indicator }) {
		indicators = append([]option{{Value: f.Indicator, Text: f.Indicator}}, indicators...)
	}
	addDims(f.Dims)
	for _, k := range planwatch.TargetKinds {
		kinds = append(kinds, option{Value: string(k), Text: locale.TargetKind(string(k), l)})
	}
	langs = []option{{Value: "vi", Text: T(l, "Vietnamese")}, {Value: "en", Text: T(l, "English")}}
	return
}

// showTargetEdit renders the target's form.
func (p *pages) showTargetEdit(w http.ResponseWriter, r *http.Request, l locale.Lang, pg targetEditPage, status int) {
	f := pg.Form
	planTitle := pg.Plan.Title(string(l))
	title := T(l, "New target") + " · " + planTitle
	if !pg.New {
		title = T(l, "Edit the target") + " · " + planTitle
	}
	ep := editPage{Heading: title, Action: pg.Action, Error: pg.Error, General: pg.Errors.general(), Saved: pg.Saved, Preview: pg.Preview, PreviewButton: true,
		Hidden: []hidden{{"version", f.Version}}}
	planHref := "/p/" + url.PathEscape(pg.Plan.Code)
	ep.Links = []crumb{{Href: planHref, Text: T(l, "Open the plan")}, {Href: planHref + "/t/new", Text: T(l, "Add a target")}}
	if pg.N > 0 {
		ep.Links = append([]crumb{{Href: planHref + "/t/" + strconv.Itoa(pg.N), Text: T(l, "Open the target")}}, ep.Links...)
	}
	indicators, dims, kinds, langs := p.targetChoices(l, f)
	key := ""
	if !pg.New {
		key = "fixed"
		ep.Note = T(l, "The unit, indicator, dimensions, kind and deadline name the target: to change them, add a new target.")
	}
	unitType := "text"
	if key != "" {
		unitType = key
	}
	pick := func(t string) string {
		if key != "" {
			return key
		}
		return t
	}
	ep.Fields = fill([]formField{
		{Name: "unit", Label: T(l, "Unit's code"), Value: f.Unit, Type: unitType, Size: 12},
		{Name: "indicator", Label: T(l, "Indicator"), Value: f.Indicator, Type: pick("select"), Options: indicators},
		{Name: "dims", Label: T(l, "Dimensions (price basis, sector...)"), Value: f.Dims, Type: pick("select"), Options: dims},
		{Name: "kind", Label: T(l, "Kind of target"), Value: f.Kind, Type: pick("select"), Options: kinds, Hint: T(l, "Growth targets are in percent.")},
		{Name: "period", Label: T(l, "Deadline (e.g. 2025, or 2021/2025 for an average over the years)"), Value: f.Period, Type: pick("text"), Size: 12},
		{Name: "value", Label: T(l, "Value (a point target)"), Value: f.Value, Size: 14, Numeric: true},
		{Name: "low", Label: T(l, "Low (a band)"), Value: f.Low, Size: 14, Numeric: true},
		{Name: "high", Label: T(l, "High (a band)"), Value: f.High, Size: 14, Numeric: true},
		{Name: "baseline_period", Label: T(l, "Baseline period"), Value: f.BaselinePeriod, Size: 12},
		{Name: "baseline_value", Label: T(l, "Baseline value"), Value: f.BaselineValue, Size: 14, Numeric: true},
		{Name: "milestones", Label: T(l, "Milestones (period=value; ...)"), Value: f.Milestones, Size: 30},
		{Name: "wording", Label: T(l, "The plan's own words, verbatim"), Value: f.Wording, Type: "textarea", Size: 3, Lang: orLang(f.WordingLang)},
		{Name: "wording_lang", Label: T(l, "Language of the wording"), Value: orLang(f.WordingLang), Type: "select", Options: langs},
		{Name: "wording_translation", Label: T(l, "Translation into the other language"), Value: f.WordingTranslation, Type: "textarea", Size: 3, Lang: otherOf(orLang(f.WordingLang))},
	}, pg.Errors, pg.Conflict, l)
	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
	}
	p.render(w, r, l, "edit", title, ep)
}

func orLang(s string) string {
	if s == "en" {
		return "en"
	}
	return "vi"
}

func otherOf(s string) string {
	if s == "en" {
		return "vi"
	}
	return "en"
}
