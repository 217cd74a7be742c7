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
	"unicode"

	"golang.org/x/text/unicode/norm"

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
		"quantity": func(l locale.Lang, v any, mu string) string {
			switch x := v.(type) {
			case float64:
				return locale.Quantity(x, mu, l)
			case *float64:
				if x != nil {
					return locale.Quantity(*x, mu, l)
				}
			}
			return "–"
		},
		// measure names a measure unit for a table's unit column.
		"measure": func(l locale.Lang, s string) string { return locale.Unit(s, l) },
		"reason":  func(l locale.Lang, a review.Assessment) string { return review.ReasonText(a.Verdict, l) },
		"fname": func(l locale.Lang, f review.Fact) string {
			if l == locale.VI {
				return f.IndicatorNameVI
			}
			return f.IndicatorName
		},
		"pct":        func(l locale.Lang, v float64) string { return locale.Fixed(v, 1, l) + " %" },
		"status":     func(l locale.Lang, s string) string { return locale.Status(s, l) },
		"level":      func(l locale.Lang, s planwatch.Level) string { return locale.Level(string(s), l) },
		"plankind":   func(l locale.Lang, s planwatch.PlanKind) string { return locale.PlanKind(string(s), l) },
		"targetkind": func(l locale.Lang, s planwatch.TargetKind) string { return locale.TargetKind(string(s), l) },
		"method":     func(l locale.Lang, s string) string { return locale.Method(s, l) },
		"obsstatus":  func(l locale.Lang, s string) string { return locale.ObsStatus(s, l) },
		"deadline":   review.DeadlineText,
		"day":        func(l locale.Lang, d planwatch.Date) string { return locale.Day(string(d), l) },
		"extent":     func(l locale.Lang, pt lineage.Part) string { return pt.Extent(l) },
		"name":       func(l locale.Lang, u planwatch.Unit) string { return u.Name(string(l)) },
		"iname":      func(l locale.Lang, in planwatch.Indicator) string { return in.Name(string(l)) },
		"locator":    locatorMap,
		"ptitle":     func(l locale.Lang, pl planwatch.Plan) string { return pl.Title(string(l)) },
		"query": func(kv ...string) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			return template.URL(v.Encode())
		},
		// bi writes a text kept in both languages in the reader's, or in
		// the other marked with its language when that is all there is.
		"bi": func(l locale.Lang, vi, en string) template.HTML {
			text, in := vi, locale.VI
			if l == locale.EN && en != "" || vi == "" {
				text, in = en, locale.EN
			}
			if in == l || text == "" {
				return template.HTML(template.HTMLEscapeString(text))
			}
			return template.HTML(`<span lang="` + string(in) + `">` + template.HTMLEscapeString(text) + `</span>`)
		},
		"pathesc": url.PathEscape,
		// textlang is the language a text of the data is written in.
		"textlang": textLang,
		"add":      func(a, b int) int { return a + b },
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

// crumb is a step of the breadcrumbs above a page's title.
type crumb struct {
	Href, Text string
}

// view is what every page gets.
type view struct {
	Lang   locale.Lang
	Other  locale.Lang // the language the switch offers
	Title  string
	Path   string
	Query  url.Values // the parameters the page read
	Crumbs []crumb
	Data   any
	rv     *review.Review
	// User is who is signed in ("" for the public), CSRF the token their
	// forms carry, Drafts whether the page shows drafts too (login.go).
	User   string
	CSRF   string
	Drafts bool
}

// Link is the page's own address with some parameters changed (an empty
// value removes one), for the language switch, the downloads and the
// forms' links. The language is the cookie's, never a parameter, and the
// format a download's only.
func (v view) Link(kv ...string) string {
	q := url.Values{}
	for k, vs := range v.Query {
		if k != "lang" && k != "format" {
			q[k] = vs
		}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return v.Path
	}
	return v.Path + "?" + q.Encode()
}

// DimsName names the values of a dimension string in the page's language.
func (v view) DimsName(d any) string {
	return dimsName(v.rv, planwatch.Dims(fmt.Sprint(d)), v.Lang)
}

// dimsName names the values of dims in the language: the store's names
// first, then planwatch's own.
func dimsName(rv *review.Review, d planwatch.Dims, l locale.Lang) string {
	if rv == nil {
		return locale.Dims(string(d), l)
	}
	return rv.DimsName(d, l)
}

// Cite is an observation's source as the page's reader reads it.
func (v view) Cite(source string) template.HTML { return citeHTML(v.rv, source, v.Lang) }

// citeHTML is an observation's source for a reader of the language: the
// document's title in the language, then the detail (a quote, a page) as
// it was written, marked with its language when that is the other one.
func citeHTML(rv *review.Review, source string, l locale.Lang) template.HTML {
	title, detail := source, ""
	if rv != nil {
		c := rv.Cite(source)
		title, detail = c.Title(l), c.Detail
	}
	var b strings.Builder
	b.WriteString(template.HTMLEscapeString(title))
	if title != "" && detail != "" {
		b.WriteString(": ")
	}
	if detail != "" {
		if in := textLang(detail); in != "" && in != l {
			b.WriteString(`<span lang="` + string(in) + `">` + template.HTMLEscapeString(detail) + `</span>`)
		} else {
			b.WriteString(template.HTMLEscapeString(detail))
		}
	}
	return template.HTML(b.String())
}

// textLang guesses the language a text of the data was written in: one
// with a letter only Vietnamese writes (đ, ơ, ư, a tone mark) is
// Vietnamese, one with a common English word English, and any other
// (a page number, "trang 2") no one's: "". Sources and notes quote either.
func textLang(s string) locale.Lang {
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		if r == 'đ' || r == 'Đ' {
			return locale.VI
		}
		for _, c := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, c) {
				return locale.VI
			}
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if englishWord[w] {
			return locale.EN
		}
	}
	return ""
}

// englishWord are words that tell an English text from a Vietnamese one
// written without its marks.
var englishWord = map[string]bool{"the": true, "of": true, "and": true, "is": true, "are": true, "was": true, "were": true,
	"to": true, "in": true, "at": true, "up": true, "per": true, "with": true, "from": true, "by": true, "billion": true, "million": true}

// citation is an observation's source for a reader of the language.
// For a title attribute, which cannot mark a language, the detail is kept
// only when it is in the reader's language.
func citation(rv *review.Review, source string, l locale.Lang) string {
	if rv == nil {
		return source
	}
	c := rv.Cite(source)
	if in := textLang(c.Detail); in != "" && in != l {
		return c.Title(l)
	}
	return c.Text(l)
}

func otherLang(l locale.Lang) locale.Lang {
	if l == locale.EN {
		return locale.VI
	}
	return locale.EN
}

// meta is what a page says about itself beyond its data.
type meta struct {
	page, title string
	crumbs      []crumb
}

func (p *pages) view(r *http.Request, l locale.Lang, rv *review.Review, m meta, data any) view {
	return p.personalView(r, view{Lang: l, Other: otherLang(l), Title: m.title, Path: r.URL.Path, Query: r.URL.Query(), Crumbs: m.crumbs, Data: data, rv: rv})
}

// show renders a page.
func (p *pages) show(w http.ResponseWriter, r *http.Request, l locale.Lang, rv *review.Review, m meta, data any) {
	var buf bytes.Buffer
	if err := p.pages[m.page].Execute(&buf, p.view(r, l, rv, m, data)); err != nil {
		p.error(w, r, l, http.StatusInternalServerError, "Lỗi khi dựng trang: "+err.Error(), "the page failed to render: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

// render renders a page with only a title.
func (p *pages) render(w http.ResponseWriter, r *http.Request, l locale.Lang, page, title string, data any) {
	rv, _ := r.Context().Value(snapshotKey{}).(*review.Review)
	p.show(w, r, l, rv, meta{page: page, title: title}, data)
}

// error answers an error as a page in the reader's language, with the
// message in it.
func (p *pages) error(w http.ResponseWriter, r *http.Request, l locale.Lang, code int, msgVI, msgEN string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	msg := msgEN
	if l == locale.VI {
		msg = msgVI
	}
	title := T(l, http.StatusText(code))
	var buf bytes.Buffer
	if err := p.pages["error"].Execute(&buf, p.view(r, l, nil, meta{page: "error", title: title}, msg)); err != nil {
		fmt.Fprintf(w, "%d %s", code, template.HTMLEscapeString(msg))
		return
	}
	w.Write(buf.Bytes())
}

// fail answers an error with one message for both languages.
func (p *pages) fail(w http.ResponseWriter, r *http.Request, l locale.Lang, code int, msg string) {
	p.error(w, r, l, code, msg, msg)
}

// failErr answers a domain error: 404 for what is not there, 400 for a
// request that is wrong, with the error's message (which names what).
func (p *pages) failErr(w http.ResponseWriter, r *http.Request, l locale.Lang, err error) {
	p.fail(w, r, l, statusOf(err), err.Error())
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

// targetRow is a target on the dashboard, the plan page and its own page,
// with its texts in the page's language.
type targetRow struct {
	N          int
	Target     planwatch.Target
	Indicator  planwatch.Indicator
	Unit       planwatch.Unit
	Assessment review.Assessment
	Spark      template.HTML
	// Name is the indicator with its dimension values; Value the target
	// as people read it ("7–8%/năm"); Deadline its period ("2021–2025");
	// Latest what the verdict measured, with its unit; Required the growth
	// still required; Verdict the verdict in words, with the one as of the
	// last year with figures beside a final one that cannot be given.
	// Latest, Required and AsOfLatest are "" when there is none.
	Name, Value, Deadline, Latest, Required, Verdict string
	Wording                                          planwatch.Wording
	AsOfLatest                                       string
}

func (p *pages) targetRows(rv *review.Review, l locale.Lang, plan string, unitIDs map[int64]bool) ([]targetRow, error) {
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
		row := targetRow{N: counter[t.Plan], Target: t, Indicator: in, Unit: u, Assessment: a,
			Spark: chart.SparklineNamed(yearPoints(rv.Series(t.Unit, t.Indicator, t.Dims)), a.Status, T(l, "Trend")),
			Name:  review.IndicatorText(in, t.Dims, l), Value: review.TargetText(t, in, l), Deadline: review.DeadlineText(t.Period),
			Latest: orNone(review.LatestText(a, a.Verdict, in, l)), Required: orNone(review.RequiredText(a.Verdict, l)), Verdict: review.VerdictText(a, l),
			Wording: t.WordingIn(string(l))}
		if a.AsOf != nil {
			row.AsOfLatest = orNone(review.LatestText(a, a.AsOf.Verdict, in, l))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// orNone is a text, or "" for review's "-" (none), so that a page can say
// "–" or give another text instead.
func orNone(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// unitOf finds the unit the path names, or answers 404.
func (p *pages) unitOf(w http.ResponseWriter, r *http.Request, l locale.Lang, rv *review.Review) (planwatch.Unit, bool) {
	ref := r.PathValue("unit")
	u, err := rv.Unit(ref, period.Period{})
	if err != nil {
		if planwatch.ErrorCode(err) == planwatch.ENOTFOUND {
			p.error(w, r, l, http.StatusNotFound, fmt.Sprintf("Không có đơn vị nào mã %q.", ref), fmt.Sprintf("No unit has the code %q.", ref))
		} else {
			p.failErr(w, r, l, err)
		}
		return u, false
	}
	return u, true
}
