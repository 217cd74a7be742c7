package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/chart"
	"planwatch/lineage"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/review"
)

type pages struct {
	s     *Server
	pages map[string]*template.Template
}

func newPages(s *Server) (*pages, error) {
	p := &pages{s: s, pages: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"t": func(l locale.Lang, s string) string { return T(l, s) },
		"num": func(l locale.Lang, v any) string {
			switch x := v.(type) {
			case float64:
				return locale.Number(x, l)
			case *float64:
				if x == nil {
					return "–"
				}
				return locale.Number(*x, l)
			}
			return fmt.Sprint(v)
		},
		"fixed": func(l locale.Lang, d int, v *float64) string {
			if v == nil {
				return "–"
			}
			return locale.Fixed(*v, d, l)
		},
		"measure": func(l locale.Lang, s string) string { return Measure(l, s) },
		"reason": func(l locale.Lang, a review.Assessment) string {
			if l == locale.VI && a.ReasonVI != "" {
				return a.ReasonVI
			}
			return a.Reason
		},
		"fname": func(l locale.Lang, f review.Fact) string {
			if l == locale.VI {
				return f.IndicatorNameVI
			}
			return f.IndicatorName
		},
		"pct":    func(l locale.Lang, v float64) string { return locale.Fixed(v, 1, l) + " %" },
		"status": func(l locale.Lang, s string) string { return T(l, s) },
		"extent": func(l locale.Lang, pt lineage.Part) string { return pt.Extent(l) },
		"name":   func(l locale.Lang, u planwatch.Unit) string { return u.Name(string(l)) },
		"iname":  func(l locale.Lang, in planwatch.Indicator) string { return in.Name(string(l)) },
		"ptitle": func(l locale.Lang, pl planwatch.Plan) string { return pl.Title(string(l)) },
		"query": func(kv ...string) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			return template.URL(v.Encode())
		},
		"pathesc": url.PathEscape,
	}
	names, err := assets.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if n.Name() == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+n.Name())
		if err != nil {
			return nil, err
		}
		p.pages[strings.TrimSuffix(n.Name(), ".html")] = t
	}
	return p, nil
}

// view is what every page gets.
type view struct {
	Lang    locale.Lang
	Title   string
	Path    string
	Other   locale.Lang // the language the switch offers
	Data    any
	Default string
}

func (p *pages) render(w http.ResponseWriter, r *http.Request, l locale.Lang, page, title string, data any) {
	other := locale.EN
	if l == locale.EN {
		other = locale.VI
	}
	var buf bytes.Buffer
	if err := p.pages[page].Execute(&buf, view{Lang: l, Title: title, Path: r.URL.Path, Other: other, Data: data, Default: p.s.DefaultUnit}); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (p *pages) fail(w http.ResponseWriter, r *http.Request, l locale.Lang, code int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	other := locale.EN
	if l == locale.EN {
		other = locale.VI
	}
	var buf bytes.Buffer
	if err := p.pages["error"].Execute(&buf, view{Lang: l, Title: T(l, http.StatusText(code)), Path: r.URL.Path, Other: other, Data: msg, Default: p.s.DefaultUnit}); err != nil {
		fmt.Fprintf(w, "%d %s", code, template.HTMLEscapeString(msg))
		return
	}
	w.Write(buf.Bytes())
}

// begin finds the page's language and its snapshot: the one the cache
// keeps the page for, or the current one.
func (p *pages) begin(w http.ResponseWriter, r *http.Request) (locale.Lang, *review.Review) {
	l := lang(w, r)
	if rv, ok := r.Context().Value(snapshotKey{}).(*review.Review); ok {
		return l, rv
	}
	return l, p.s.current().rv
}

func statusOf(err error) int {
	switch planwatch.ErrorCode(err) {
	case planwatch.ENOTFOUND:
		return http.StatusNotFound
	case planwatch.EINVALID:
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

func fmtNum(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// axisFormat writes a chart's numbers with at most two decimals, as many
// as they have.
func axisFormat(l locale.Lang) func(float64) string {
	return func(v float64) string { return locale.Number(math.Round(v*100)/100, l) }
}

// yearPoints turns yearly figures into chart points.
func yearPoints(obs []planwatch.Observation) []chart.Point {
	var pts []chart.Point
	for _, o := range obs {
		if o.Period.Freq() == period.Annual && !o.Period.IsInterval() {
			pts = append(pts, chart.Point{Label: o.Period.String(), X: float64(o.Period.StartYear()), Y: o.Value, Estimate: o.Status == "E" || o.Status == "P" || o.Status == "F" || o.Status == "I"})
		}
	}
	return pts
}

// targetRow is a target on the dashboard and the plan page.
type targetRow struct {
	N          int
	Target     planwatch.Target
	Indicator  planwatch.Indicator
	Unit       planwatch.Unit
	Assessment review.Assessment
	Spark      template.HTML
}

func (p *pages) targetRows(rv *review.Review, plan string, unitIDs map[int64]bool) ([]targetRow, error) {
	var rows []targetRow
	as := map[string]review.Assessment{}
	all, err := rv.Assess(review.Filter{Plan: plan, UnitIDs: unitIDs})
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		as[a.Plan+"|"+a.Unit+"|"+a.Indicator+"|"+a.Dims+"|"+a.Deadline+"|"+a.Kind] = a
	}
	counter := map[string]int{}
	for _, t := range rv.Targets(plan) {
		counter[t.Plan]++
		if unitIDs != nil && !unitIDs[t.Unit] {
			continue
		}
		u, _ := rv.UnitByID(t.Unit)
		in, _ := rv.Indicator(t.Indicator)
		a := as[t.Plan+"|"+u.Code+"|"+t.Indicator+"|"+string(t.Dims)+"|"+t.Period.String()+"|"+string(t.Kind)]
		rows = append(rows, targetRow{N: counter[t.Plan], Target: t, Indicator: in, Unit: u, Assessment: a,
			Spark: chart.Sparkline(yearPoints(rv.Series(t.Unit, t.Indicator, t.Dims)), a.Status)})
	}
	return rows, nil
}

// unitOf finds the unit the path names, or answers 404.
func (p *pages) unitOf(w http.ResponseWriter, r *http.Request, l locale.Lang, rv *review.Review) (planwatch.Unit, bool) {
	u, err := rv.Unit(r.PathValue("unit"), period.Period{})
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return u, false
	}
	return u, true
}
