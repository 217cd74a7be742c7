package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
)

// What the forms that edit plans and targets share: the version a form
// was read at, problems beside their fields in the reader's language, and
// the check that the person keeps the plans of a unit.

// recordVersion is the version of a plan or target as a form reads it: a
// digest of its fields as the store holds them. The store keeps no
// version number for plans and targets; a form that carries the digest it
// was read at is refused when the record's digest has changed since,
// which is what a version number would do.
func recordVersion(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plans and targets are plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:10])
}

// fieldError is a problem beside a field: the message in the reader's
// language, and when it has no translation the message as the import
// words it, in English (Detail), which the page marks as such.
type fieldError struct {
	Msg    string
	Detail string
}

// fieldErrors are a form's problems by field (the canonical CSV's column
// names); "" holds those of no field.
type fieldErrors map[string]fieldError

// set keeps the first problem of a field: the form's own reading comes
// before the import's checks, which find the same fault again in other
// words.
func (fe fieldErrors) set(col string, e fieldError) {
	if _, ok := fe[col]; !ok {
		fe[col] = e
	}
}

// addApply adds the problems an import of the form's record found, each
// at its column, translated.
func (fe fieldErrors) addApply(err error, l locale.Lang, fields []string) {
	var list planwatch.ErrorList
	if !errors.As(err, &list) {
		list = planwatch.ErrorList{err}
	}
	for _, e := range list {
		var f *planwatch.FieldError
		col, msg := "", e.Error()
		if errors.As(e, &f) {
			col, msg = f.Column, f.Msg
		}
		known := false
		for _, name := range fields {
			known = known || name == col
		}
		if !known {
			col = ""
		}
		fe.set(col, translateProblem(msg, l))
	}
}

// fieldList are the problems of no field in particular, for the top of
// the form.
func (fe fieldErrors) general() []fieldError {
	if e, ok := fe[""]; ok {
		return []fieldError{e}
	}
	return nil
}

// mayPlan reports whether the person keeps the plans of every unit given
// (a plan's unit and its target's).
func (p *pages) mayPlan(r *http.Request, pr *account.Principal, indicator string, units ...int64) (bool, error) {
	sc, err := p.s.scope(r.Context(), p.s.current())
	if err != nil {
		return false, err
	}
	for _, u := range units {
		if !sc.Allowed(pr.Grants, account.Plan, u, indicator) {
			return false, nil
		}
	}
	return true, nil
}

// mayEditPlan is whether the person signed in (if any) may edit a plan
// or a target (of an indicator, for units), for the "Edit" links of the
// plan and target pages: false for the public, whose pages the shared
// cache keeps.
func (p *pages) mayEditPlan(r *http.Request, indicator string, units ...int64) bool {
	pr := signedIn(r)
	if pr == nil || pr.Session.Hash == "" || p.s.Accounts == nil {
		return false
	}
	ok, err := p.mayPlan(r, pr, indicator, units...)
	return ok && err == nil
}

// mayCreatePlan is whether the person signed in (if any) keeps the plans
// of some unit, for the link to a new plan on /plans.
func (p *pages) mayCreatePlan(r *http.Request) bool {
	pr := signedIn(r)
	if pr == nil || pr.Session.Hash == "" || p.s.Accounts == nil {
		return false
	}
	sc, err := p.s.scope(r.Context(), p.s.current())
	if err != nil {
		return false
	}
	ids, all := sc.AllowedUnits(pr.Grants, account.Plan)
	return all || len(ids) > 0
}

// editConflict says that the plan or target a form was read at has
// changed since (or, for a new one, that one with its code or key is
// there already). Current is what the store holds now.
type editConflict struct {
	current any
	exists  bool
}

func (e *editConflict) Error() string {
	if e.exists {
		return "it exists already"
	}
	return "someone saved it meanwhile"
}

func (e *editConflict) Unwrap() error {
	return &planwatch.Error{Code: planwatch.ECONFLICT, Message: e.Error()}
}

// trimForm reads a field of a form: spaces around it removed, at most
// max bytes (a field longer is cut, and the checks see the cut text).
func trimForm(get func(string) string, name string, max int) string {
	s := strings.TrimSpace(get(name))
	if len(s) > max {
		s = strings.TrimSpace(strings.ToValidUTF8(s[:max], ""))
	}
	return s
}

// formField is one field of an edit form as the page shows it: its
// label, what is in it, its problem and, after a conflict, what the
// store holds now.
type formField struct {
	Name, Label, Value string
	Type               string // "text", "textarea", "select", "list" (a text with suggestions), "fixed" (shown, sent, not edited)
	Options            []option
	Hint               string
	Size               int
	Numeric            bool
	Lang               string // the language the text is written in, when it is one
	Error              *fieldError
	Conflict           *string
}

// fill sets each field's problem and conflict from the page's.
func fill(fields []formField, errs fieldErrors, conflict map[string]string, l locale.Lang) []formField {
	for i := range fields {
		if e, ok := errs[fields[i].Name]; ok {
			fields[i].Error = &e
		}
		if c, ok := conflict[fields[i].Name]; ok {
			if c == "" {
				c = T(l, "empty")
			}
			fields[i].Conflict = &c
		}
		for j, o := range fields[i].Options {
			fields[i].Options[j].Selected = o.Value == fields[i].Value
		}
	}
	return fields
}

// hidden is a field the form sends back as it came.
type hidden struct{ Name, Value string }

// editPage is the page of an edit form (templates/edit.html).
type editPage struct {
	Heading       string
	Action        string
	Hidden        []hidden
	Note          string
	Fields        []formField
	Error         string
	General       []fieldError
	Saved         bool
	Links         []crumb
	Preview       string
	PreviewButton bool
}
