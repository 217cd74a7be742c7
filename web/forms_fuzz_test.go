package web

import (
	"net/url"
	"reflect"
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
		"plan=KH-2026-BN&kind=annual_plan&unit=24&title_vi=K%E1%BA%BF+ho%E1%BA%A1ch&horizon=2026&issued=2025-12-31&version=abc",
		"plan=&horizon=2026-13&issued=2025-02-30", "plan=54-NQ%2FTW&horizon=2021%2F2025&assessment=unsd%3A0.9%2C0.5",
		"unit=9256&indicator=BUDGET_REV&kind=at_least&value=1.350%2C5&period=2027&baseline_period=2025&baseline_value=1.205&milestones=2026%3D1.280&wording=Thu+ng%C3%A2n+s%C3%A1ch%0D%0A+12%25&wording_lang=vi",
		"indicator=GRDP&dims=price%3Dconstant2010&kind=avg_growth&low=7&high=8&period=2021%2F2025&milestones=2022%3D7%3B+2022%3D8",
		"dims=a%3Db%3Bc&low=1e3&milestones=%3D%3B&wording_lang=xx",
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
		// A plan's form: what it reads, shown again and sent back, reads
		// the same.
		pf := parsePlanForm(form)
		if rec, errs := pf.record(locale.VI); len(errs) == 0 {
			pl := rec.Plan
			pl.UnitCode = rec.Unit
			again, errs := parsePlanForm(planFormValues(planFormOf(pl))).record(locale.VI)
			if len(errs) > 0 || !reflect.DeepEqual(again, rec) {
				t.Fatalf("%q: plan %+v, shown and sent again %+v %v", raw, rec, again, errs)
			}
		}
		// A target's form, the same.
		tf := parseTargetForm(form)
		for _, l := range []locale.Lang{locale.VI, locale.EN} {
			rec, errs := tf.record("KH", l)
			if len(errs) > 0 {
				continue
			}
			tg := rec.Target
			tg.UnitCode = rec.Unit
			again, errs := parseTargetForm(targetFormValues(targetFormOf(tg, l))).record("KH", l)
			if len(errs) > 0 || !reflect.DeepEqual(again, rec) {
				t.Fatalf("%q in %s: target %+v, shown and sent again %+v %v", raw, l, rec, again, errs)
			}
		}
		if _, af, err := parseAuditQuery(form); err == nil && !af.From.IsZero() && !af.To.IsZero() && af.To.Before(af.From) && form.Get("to") >= form.Get("from") {
			t.Fatalf("%q: to before from", raw)
		}
	})
}

// planFormValues is a plan's form as a browser sends it back.
func planFormValues(f planForm) url.Values {
	v := url.Values{"version": {f.Version}}
	for _, col := range planFields {
		v.Set(col, f.field(col))
	}
	return v
}

// targetFormValues is a target's form as a browser sends it back.
func targetFormValues(f targetForm) url.Values {
	v := url.Values{"version": {f.Version}}
	for _, col := range targetFields {
		v.Set(col, f.field(col))
	}
	return v
}
