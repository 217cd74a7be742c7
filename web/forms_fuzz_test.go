package web

import (
	"net/url"
	"testing"

	"planwatch/locale"
)

// FuzzForms: every form's parsing takes any input without panicking, and
// what it accepts reads back the same: figure names, decisions, entry
// rows, typed numbers, the audit's filter.
func FuzzForms(f *testing.F) {
	for _, s := range []string{
		"fig=12~GRDP~price%3Dcurrent~2025~2&fig=12~POP~~2025-Q1~1",
		"return=12~GRDP~~2025~1&comment%3A12~GRDP~~2025~1=s%E1%BB%91+sai",
		"n=2&ind.0=BUDGET_REV&value.0=102%2C5&version.0=1&ind.1=FDI&value.1=&status.1=E",
		"n=-1", "n=99999", "fig=0~X~~2025~1", "fig=1~A~b~c~d~e", "unit=24&kind=users&from=2026-01-01&to=2026-02-30",
		"value=72.497,5", "value=1e9", "value=,5", "value=1.2.3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, id := range form["fig"] {
			if ref, err := parseFigureID(id); err == nil {
				back := figureIDOf(ref)
				if back != id {
					t.Fatalf("%q reads as %+v, written %q", id, ref, back)
				}
			}
		}
		if refs, d, err := parseDecision(form); err == nil {
			if len(refs) == 0 || d.Validate() != nil {
				t.Fatalf("%q: accepted %d figures, decision %+v", raw, len(refs), d)
			}
		}
		if rows, err := parseEntry(form); err == nil && len(rows) > maxEntryRows {
			t.Fatalf("%q: %d rows", raw, len(rows))
		}
		for _, l := range []locale.Lang{locale.VI, locale.EN} {
			if v, err := parseFormNumber(form.Get("value"), l); err == nil {
				if w, err := parseFormNumber(formNumber(v, l), l); err != nil || w != v {
					t.Fatalf("%q in %s: %v, then %v %v", form.Get("value"), l, v, w, err)
				}
			}
		}
		if _, af, err := parseAuditQuery(form); err == nil && !af.From.IsZero() && !af.To.IsZero() && af.To.Before(af.From) && form.Get("to") >= form.Get("from") {
			t.Fatalf("%q: to before from", raw)
		}
	})
}
