package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/period"
)

// The pages where a planner creates a plan (/plans/new) and edits one
// (/p/{plan}/edit): the fields of the canonical plans CSV, checked as an
// import checks them (planwatch.Apply), nothing saved until all are
// valid, the problems beside their fields in the reader's language. The
// form carries the version it was read at; a save over a plan changed
// since is refused with both values shown. It works without JavaScript.

// planFields are the form's fields, named as the plans CSV's columns.
var planFields = []string{"plan", "kind", "unit", "title_vi", "title_en", "issuer_vi", "issuer_en", "issued", "horizon", "parent", "vision_vi", "vision_en", "assessment"}

// planForm is a plan as the form holds it: text as typed.
type planForm struct {
	Code, Kind, Unit, TitleVI, TitleEN, IssuerVI, IssuerEN, Issued, Horizon, Parent, VisionVI, VisionEN, Assessment string
	// Version is the version of the plan the form was read at, "" for a
	// new plan.
	Version string
}

// field returns a field of the form by its column name.
func (f planForm) field(col string) string {
	switch col {
	case "plan":
		return f.Code
	case "kind":
		return f.Kind
	case "unit":
		return f.Unit
	case "title_vi":
		return f.TitleVI
	case "title_en":
		return f.TitleEN
	case "issuer_vi":
		return f.IssuerVI
	case "issuer_en":
		return f.IssuerEN
	case "issued":
		return f.Issued
	case "horizon":
		return f.Horizon
	case "parent":
		return f.Parent
	case "vision_vi":
		return f.VisionVI
	case "vision_en":
		return f.VisionEN
	case "assessment":
		return f.Assessment
	}
	return ""
}

// planFormOf is a stored plan as the form shows it.
func planFormOf(p planwatch.Plan) planForm {
	return planForm{Code: p.Code, Kind: string(p.Kind), Unit: p.UnitCode, TitleVI: p.TitleVI, TitleEN: p.TitleEN, IssuerVI: p.IssuerVI, IssuerEN: p.IssuerEN,
		Issued: string(p.Issued), Horizon: periodText(p.Horizon), Parent: p.Parent, VisionVI: p.VisionVI, VisionEN: p.VisionEN, Assessment: p.Assessment,
		Version: recordVersion(p)}
}

func periodText(p period.Period) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

// parsePlanForm reads a plan's form as sent.
func parsePlanForm(form url.Values) planForm {
	get := form.Get
	return planForm{Code: trimForm(get, "plan", 200), Kind: trimForm(get, "kind", 40), Unit: trimForm(get, "unit", 100),
		TitleVI: trimForm(get, "title_vi", 2000), TitleEN: trimForm(get, "title_en", 2000), IssuerVI: trimForm(get, "issuer_vi", 500), IssuerEN: trimForm(get, "issuer_en", 500),
		Issued: trimForm(get, "issued", 40), Horizon: trimForm(get, "horizon", 40), Parent: trimForm(get, "parent", 200),
		VisionVI: trimForm(get, "vision_vi", 20000), VisionEN: trimForm(get, "vision_en", 20000), Assessment: trimForm(get, "assessment", 100),
		Version: trimForm(get, "version", 64)}
}

// record is the plan the form gives, as an import's record, with the
// problems the form's own reading finds (periods, dates, a code).
func (f planForm) record(l locale.Lang) (planwatch.PlanRecord, fieldErrors) {
	errs := fieldErrors{}
	p := planwatch.Plan{Code: f.Code, Kind: planwatch.PlanKind(f.Kind), TitleVI: f.TitleVI, TitleEN: f.TitleEN, IssuerVI: f.IssuerVI, IssuerEN: f.IssuerEN,
		Issued: planwatch.Date(f.Issued), Parent: f.Parent, VisionVI: f.VisionVI, VisionEN: f.VisionEN, Assessment: f.Assessment}
	if f.Code == "" {
		errs.set("plan", fieldError{Msg: T(l, "Give the code.")})
	}
	if f.Horizon != "" {
		h, err := period.Parse(f.Horizon)
		if err != nil {
			errs.set("horizon", fieldError{Msg: T(l, "Not a period") + ": " + f.Horizon})
		}
		p.Horizon = h
	}
	if _, err := planwatch.ParseDate(f.Issued); err != nil {
		errs.set("issued", fieldError{Msg: T(l, "Not a date (write YYYY-MM-DD)") + ": " + f.Issued})
	}
	return planwatch.PlanRecord{Pos: planwatch.Pos{File: "form", Line: 1}, Plan: p, Unit: f.Unit}, errs
}

type planEditPage struct {
	New      bool
	Action   string
	Form     planForm
	Errors   fieldErrors
	Conflict map[string]string // by field: what the store holds now
	Error    string
	Saved    bool
	Kinds    []option
	Methods  []option
	Units    []option
}

// planChoices fills the page's choices: kinds of plan, methods, the units
// the person keeps plans of.
func (p *pages) planChoices(r *http.Request, pr *account.Principal, l locale.Lang, pg *planEditPage) error {
	for _, k := range planwatch.PlanKinds {
		pg.Kinds = append(pg.Kinds, option{Value: string(k), Text: locale.PlanKind(string(k), l)})
	}
	pg.Methods = []option{{Value: "", Text: T(l, "default (Statistics Canada)")}, {Value: "statcan", Text: locale.Method("statcan", l)}, {Value: "unsd", Text: locale.Method("unsd", l)}}
	if pg.Form.Assessment != "" && !slices.ContainsFunc(pg.Methods, func(o option) bool { return o.Value == pg.Form.Assessment }) {
		pg.Methods = append(pg.Methods, option{Value: pg.Form.Assessment, Text: pg.Form.Assessment}) // thresholds given in the data
	}
	sc, err := p.s.scope(r.Context(), p.s.current())
	if err != nil {
		return err
	}
	ids, all := sc.AllowedUnits(pr.Grants, account.Plan)
	rv := p.s.current().rv
	for _, u := range rv.Units() {
		if u.ValidTo != "" {
			continue // units of the past: a plan of one is imported
		}
		if all && u.Level != planwatch.LevelCommune || !all && slices.Contains(ids, u.ID) {
			pg.Units = append(pg.Units, option{Value: u.Code, Text: u.Name(string(l))})
		}
	}
	return nil
}

// storedPlan reads a plan from the store (not the snapshot, which may be
// older).
func (p *pages) storedPlan(ctx context.Context, code string) (planwatch.Plan, bool, error) {
	plans, err := p.s.Accounts.Store.Plans(ctx)
	if err != nil {
		return planwatch.Plan{}, false, err
	}
	i := slices.IndexFunc(plans, func(pl planwatch.Plan) bool { return pl.Code == code })
	if i < 0 {
		return planwatch.Plan{}, false, nil
	}
	return plans[i], true, nil
}

func (p *pages) planNewForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	pg := planEditPage{New: true, Action: "/plans/new", Form: planForm{Kind: string(planwatch.PlanKinds[0])}, Errors: fieldErrors{}}
	if err := p.planChoices(r, pr, l, &pg); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	if len(pg.Units) == 0 {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
		return
	}
	pg.Form.Unit = pg.Units[0].Value
	p.showPlanEdit(w, r, l, pg, T(l, "New plan"))
}

// planEditStart reads the plan of the path from the store and checks that
// the person keeps its plans.
func (p *pages) planEditStart(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang) (planwatch.Plan, bool) {
	code := r.PathValue("plan")
	pl, found, err := p.storedPlan(r.Context(), code)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return pl, false
	}
	if !found {
		p.error(w, r, l, http.StatusNotFound, "Không có kế hoạch nào mã "+code+".", "No plan has the code "+code+".")
		return pl, false
	}
	if ok, err := p.mayPlan(r, pr, "", pl.Unit); err != nil || !ok {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
		return pl, false
	}
	return pl, true
}

func (p *pages) planEditForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	pl, ok := p.planEditStart(w, r, pr, l)
	if !ok {
		return
	}
	pg := planEditPage{Action: r.URL.Path, Form: planFormOf(pl), Errors: fieldErrors{}, Saved: r.URL.Query().Get("saved") != ""}
	if err := p.planChoices(r, pr, l, &pg); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	p.showPlanEdit(w, r, l, pg, T(l, "Edit the plan")+" · "+pl.Title(string(l)))
}

func (p *pages) planNewPost(w http.ResponseWriter, r *http.Request) { p.planPost(w, r, true) }

func (p *pages) planEditPost(w http.ResponseWriter, r *http.Request) { p.planPost(w, r, false) }

func (p *pages) planPost(w http.ResponseWriter, r *http.Request, isNew bool) {
	pr, l, ok := p.signedPost(w, r, 256<<10)
	if !ok {
		return
	}
	f := parsePlanForm(r.PostForm)
	var old planwatch.Plan
	if isNew {
		f.Version = ""
		// Someone who keeps no unit's plans is refused before the form is
		// read further.
		if sc, err := p.s.scope(r.Context(), p.s.current()); err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		} else if ids, all := sc.AllowedUnits(pr.Grants, account.Plan); !all && len(ids) == 0 {
			p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
			return
		}
	} else {
		if old, ok = p.planEditStart(w, r, pr, l); !ok {
			return
		}
		f.Code = old.Code // the code names the plan; it is not edited
	}
	rec, errs := f.record(l)
	// The unit the plan is for: the person must keep its plans.
	units, err := p.s.Accounts.Store.Units(r.Context())
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	authorized := false // a write needs the unit resolved and the person allowed on it
	if !rec.Plan.Horizon.IsZero() {
		u, err := planwatch.NewUnitIndex(units).Resolve(f.Unit, planwatch.PeriodSpan(rec.Plan.Horizon))
		if err != nil {
			errs.set("unit", translateProblem(err.Error(), l))
		} else if ok, err := p.mayPlan(r, pr, "", u.ID); err != nil || !ok {
			p.fail(w, r, l, http.StatusForbidden, T(l, "Only a planner of this unit or a unit above it may keep its plans and targets."))
			return
		} else {
			authorized = true
		}
	}
	pg := planEditPage{New: isNew, Action: r.URL.Path, Form: f, Errors: errs, Conflict: map[string]string{}}
	check := func(ctx context.Context, tx planwatch.Tx) error {
		plans, err := tx.Plans(ctx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(plans, func(pl planwatch.Plan) bool { return pl.Code == f.Code })
		switch {
		case i >= 0 && isNew:
			return &editConflict{current: plans[i], exists: true}
		case i >= 0 && recordVersion(plans[i]) != f.Version:
			return &editConflict{current: plans[i]}
		}
		return nil
	}
	b := &planwatch.Batch{Plans: []planwatch.PlanRecord{rec}}
	ctx := p.s.actor(r, pr)
	if len(errs) > 0 || !authorized {
		// The import's checks too, to show every problem at once; nothing is
		// written.
		_, err = planwatch.Apply(ctx, p.s.Accounts.Store, b, planwatch.ApplyOptions{DryRun: true})
	} else {
		_, err = planwatch.Apply(ctx, p.s.Accounts.Store, b, planwatch.ApplyOptions{RecordedBy: pr.User.Name, Check: check})
		if err == nil {
			p.s.maybeReload()
			http.Redirect(w, r, "/p/"+url.PathEscape(f.Code)+"/edit?saved=1", http.StatusSeeOther)
			return
		}
	}
	var ce *editConflict
	switch {
	case errors.As(err, &ce) && ce.exists:
		errs.set("plan", fieldError{Msg: T(l, "A plan with this code exists already: open it to edit it.")})
	case errors.As(err, &ce):
		cur := planFormOf(ce.current.(planwatch.Plan))
		for _, col := range planFields {
			if cur.field(col) != f.field(col) {
				pg.Conflict[col] = cur.field(col)
			}
		}
		pg.Form.Version = cur.Version // sending again saves over it
		pg.Error = T(l, "Someone saved this meanwhile: the fields marked show what is saved now beside yours. Send again to save yours over it.")
	case err != nil:
		errs.addApply(err, l, planFields)
	}
	if pg.Error == "" {
		pg.Error = T(l, "Nothing was saved: correct the fields marked and send again.")
	}
	if err := p.planChoices(r, pr, l, &pg); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	title := T(l, "New plan")
	if !isNew {
		title = T(l, "Edit the plan") + " · " + old.Title(string(l))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnprocessableEntity)
	p.showPlanEdit(w, r, l, pg, title)
}

// showPlanEdit renders the plan's form.
func (p *pages) showPlanEdit(w http.ResponseWriter, r *http.Request, l locale.Lang, pg planEditPage, title string) {
	f := pg.Form
	code := formField{Name: "plan", Label: T(l, "Code (the document's number)"), Value: f.Code, Size: 24}
	ep := editPage{Heading: title, Action: pg.Action, Error: pg.Error, General: pg.Errors.general(), Saved: pg.Saved,
		Hidden: []hidden{{"version", f.Version}}}
	if !pg.New {
		code.Type = "fixed"
		ep.Note = T(l, "The code names the plan: to change it, create a new plan.")
		ep.Links = []crumb{{Href: "/p/" + url.PathEscape(f.Code), Text: T(l, "Open the plan")}, {Href: "/p/" + url.PathEscape(f.Code) + "/t/new", Text: T(l, "Add a target")}}
	}
	ep.Fields = fill([]formField{code,
		{Name: "kind", Label: T(l, "Kind"), Value: f.Kind, Type: "select", Options: pg.Kinds},
		{Name: "unit", Label: T(l, "Unit's code"), Value: f.Unit, Type: "list", Options: pg.Units, Size: 12},
		{Name: "title_vi", Label: T(l, "Title in Vietnamese"), Value: f.TitleVI, Type: "textarea", Size: 2, Lang: "vi"},
		{Name: "title_en", Label: T(l, "Title in English"), Value: f.TitleEN, Type: "textarea", Size: 2, Lang: "en"},
		{Name: "issuer_vi", Label: T(l, "Issuer in Vietnamese"), Value: f.IssuerVI, Lang: "vi"},
		{Name: "issuer_en", Label: T(l, "Issuer in English"), Value: f.IssuerEN, Lang: "en"},
		{Name: "issued", Label: T(l, "Date issued (YYYY-MM-DD)"), Value: f.Issued, Size: 12},
		{Name: "horizon", Label: T(l, "Horizon (e.g. 2021/2025 or 2025)"), Value: f.Horizon, Size: 12},
		{Name: "parent", Label: T(l, "Parent plan's code"), Value: f.Parent, Size: 24},
		{Name: "vision_vi", Label: T(l, "Vision in Vietnamese"), Value: f.VisionVI, Type: "textarea", Size: 3, Lang: "vi"},
		{Name: "vision_en", Label: T(l, "Vision in English"), Value: f.VisionEN, Type: "textarea", Size: 3, Lang: "en"},
		{Name: "assessment", Label: T(l, "Assessment method"), Value: f.Assessment, Type: "select", Options: pg.Methods},
	}, pg.Errors, pg.Conflict, l)
	p.render(w, r, l, "edit", title, ep)
}
