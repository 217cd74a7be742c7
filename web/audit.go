package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/period"
)

type auditPage struct {
	Unit, User, Kind, From, To string
	Kinds                      []string
	Entries                    []planwatch.AuditEntry
	More                       bool
	CSV                        string
}

// auditLimit bounds the changes the page lists; the CSV has them all.
const auditLimit = 500

// parseAuditQuery reads the audit page's filter: the unit (a reference),
// user, kind, and days from and to (the to day included).
func parseAuditQuery(q url.Values) (unitRef string, f planwatch.AuditFilter, err error) {
	f.User = q.Get("user")
	if k := q.Get("kind"); k != "" {
		if !slices.Contains(planwatch.AuditKinds, k) {
			return "", f, planwatch.Errorf(planwatch.EINVALID, "kind: %q is not a kind of change", k)
		}
		f.Kinds = []string{k}
	}
	if s := q.Get("from"); s != "" {
		if f.From, err = time.Parse(time.DateOnly, s); err != nil {
			return "", f, planwatch.Errorf(planwatch.EINVALID, "from: %q is not YYYY-MM-DD", s)
		}
	}
	if s := q.Get("to"); s != "" {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return "", f, planwatch.Errorf(planwatch.EINVALID, "to: %q is not YYYY-MM-DD", s)
		}
		f.To = t.AddDate(0, 0, 1)
	}
	return q.Get("unit"), f, nil
}

// audit is /audit: the changes of the units whose audit the person may
// read (an admin's, an approver's of their units), filtered, or as CSV.
func (p *pages) audit(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	q := r.URL.Query()
	ref, f, err := parseAuditQuery(q)
	if err != nil {
		p.fail(w, r, l, http.StatusBadRequest, err.Error())
		return
	}
	snap := p.s.current()
	sc, err := p.s.scope(r.Context(), snap)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	var unit int64
	if ref != "" {
		u, err := snap.rv.Unit(ref, period.Period{})
		if err != nil {
			p.fail(w, r, l, statusOf(err), err.Error())
			return
		}
		unit = u.ID
	}
	f, ok = sc.AuditFilter(pr.Grants, unit, f)
	if !ok {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only an administrator, or an approver of the unit, may read its audit."))
		return
	}
	csv := q.Get("format") == "csv"
	if !csv {
		f.Limit = auditLimit + 1
	}
	es, err := p.s.Accounts.Store.Audit(r.Context(), f)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	if csv {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="planwatch-audit.csv"`)
		account.WriteAudit(w, es, "csv", string(l))
		return
	}
	pg := auditPage{Unit: ref, User: f.User, Kind: q.Get("kind"), From: q.Get("from"), To: q.Get("to"), Kinds: planwatch.AuditKinds}
	if len(es) > auditLimit {
		es, pg.More = es[:auditLimit], true
	}
	pg.Entries = es
	qc := url.Values{}
	for k, v := range q {
		qc[k] = v
	}
	qc.Set("format", "csv")
	pg.CSV = "/audit?" + qc.Encode()
	p.render(w, r, l, "audit", T(l, "Audit"), pg)
}
