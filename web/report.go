package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/report"
	"planwatch/report/docx"
	rhtml "planwatch/report/html"
	"planwatch/review"
)

// reportCSS is /static/report-article.css: the report's own style sheet
// (package report/html), the same the standalone HTML carries inline.
func reportCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("ETag", reportCSSTag)
	if r.Header.Get("If-None-Match") == reportCSSTag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(rhtml.CSS))
}

var reportCSSTag = func() string {
	h := sha256.Sum256([]byte(rhtml.CSS))
	return `"` + base64.RawURLEncoding.EncodeToString(h[:12]) + `"`
}()

// docxType is the media type of a Word document.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// reportPlan is a plan the report page offers: the unit's own, or one of
// a unit it was formed from (reported on that unit's territory).
type reportPlan struct {
	Plan planwatch.Plan
	Unit planwatch.Unit
}

// reportPage is what the report page's template gets.
type reportPage struct {
	Unit planwatch.Unit
	// Kind, Period and Plan are the report's parameters ("" for the
	// plan's horizon, a term review's default period).
	Kind, Period, Plan string
	Plans              []reportPlan
	Years              []string // the years the unit has figures for, latest first
	Article            template.HTML
}

// report is /u/{unit}/report: the year-end report of a unit or the review
// of a term's plan, written from the snapshot in the page's language, with
// a form to choose which and the same report as DOCX (?format=docx) and as
// a standalone printable HTML document (?format=html).
func (p *pages) report(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	u, ok := p.unitOf(w, r, l, rv)
	if !ok {
		return
	}
	q := r.URL.Query()
	bad := func(param, vi, en string) {
		msg := fmt.Sprintf("%s: %s", param, en)
		if l == locale.VI {
			msg = fmt.Sprintf("Tham số %s: %s", param, vi)
		}
		p.fail(w, r, l, http.StatusBadRequest, msg)
	}
	format := q.Get("format")
	if format != "" && format != "docx" && format != "html" {
		bad("format", fmt.Sprintf("%q không có; dùng docx hoặc html", format), fmt.Sprintf("%q: use docx or html", format))
		return
	}
	plans := reportPlans(rv, u)
	code := q.Get("plan")
	var plan *reportPlan
	if code != "" {
		i := slices.IndexFunc(plans, func(x reportPlan) bool { return x.Plan.Code == code })
		if i < 0 {
			bad("plan", fmt.Sprintf("%s không phải kế hoạch của %s hay của đơn vị hợp thành nó", code, u.Name("vi")),
				fmt.Sprintf("%s is not a plan of %s or of a unit it was formed from", code, u.Name("en")))
			return
		}
		plan = &plans[i]
	}
	var per period.Period
	if s := q.Get("period"); s != "" {
		var err error
		if per, err = period.Parse(s); err != nil {
			bad("period", fmt.Sprintf("%q không phải là kỳ (viết 2025, hoặc 2021/2025 cho một giai đoạn)", s), fmt.Sprintf("%q is not a period (write 2025, or 2021/2025 for a term)", s))
			return
		}
	}
	kind := report.Kind(q.Get("kind"))
	if kind == "" {
		kind = report.YearEnd
		if plan != nil && (per.IsZero() || per.IsInterval()) {
			kind = report.TermReview
		}
	}
	switch kind {
	case report.YearEnd:
		if per.IsZero() {
			y := rv.LatestYear(u.ID)
			if y == 0 {
				msg := fmt.Sprintf("%s has no yearly figures to report on", u.Name("en"))
				if l == locale.VI {
					msg = fmt.Sprintf("%s chưa có số liệu năm nào để báo cáo", u.Name("vi"))
				}
				p.fail(w, r, l, http.StatusNotFound, msg)
				return
			}
			per = period.Year(y)
		}
		if per.IsInterval() || per.Freq() != period.Annual {
			bad("period", fmt.Sprintf("báo cáo năm là về một năm (2025), không phải %q", per), fmt.Sprintf("a year-end report is on a year (2025), not %q", per))
			return
		}
	case report.TermReview:
		if plan == nil {
			bad("plan", "đánh giá nhiệm kỳ cần chọn một kế hoạch", "a term review needs a plan")
			return
		}
		if plan.Unit.ID != u.ID {
			// A predecessor's plan is reviewed on its own territory, never
			// on the unit it merged into: that unit's page says so.
			http.Redirect(w, r, "/u/"+url.PathEscape(plan.Unit.Ref())+"/report?"+r.URL.RawQuery, http.StatusFound)
			return
		}
	default:
		bad("kind", fmt.Sprintf("%q không có; dùng year-end (báo cáo năm) hoặc term-review (đánh giá nhiệm kỳ)", kind),
			fmt.Sprintf("%q: use year-end or term-review", kind))
		return
	}
	o := report.Options{Unit: u.Ref(), Period: per, Plan: code, Kind: kind, Lang: l}
	rep, err := report.Build(rv, o)
	if err != nil {
		status := statusOf(err)
		if status == http.StatusBadRequest {
			bad("period", err.Error(), err.Error())
			return
		}
		p.fail(w, r, l, status, err.Error())
		return
	}
	name := reportFileName(l, kind, u, plan, per)
	switch format {
	case "docx":
		data, err := docx.Write(rep)
		if err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		w.Header().Set("Content-Type", docxType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.docx"`)
		w.Write(data)
		return
	case "html":
		var b bytes.Buffer
		if err := rhtml.Write(&b, rep, rhtml.Options{}); err != nil {
			p.fail(w, r, l, http.StatusInternalServerError, err.Error())
			return
		}
		// The document carries its style sheet inline, so that it prints
		// and opens anywhere: the policy allows that one style and nothing
		// else.
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src '"+inlineStyleHash(b.Bytes())+"'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="`+name+`.html"`)
		w.Write(b.Bytes())
		return
	}
	var art bytes.Buffer
	if err := rhtml.WriteArticle(&art, rep, rhtml.Options{}); err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return
	}
	pg := reportPage{Unit: u, Kind: string(kind), Plan: code, Plans: plans, Years: reportYears(rv, u), Article: template.HTML(art.String())}
	if !per.IsZero() {
		pg.Period = per.String()
	}
	p.render(w, r, l, "report", rep.Title, pg)
}

// inlineStyleHash is the CSP source of a document's one <style> element.
func inlineStyleHash(doc []byte) string {
	_, rest, _ := bytes.Cut(doc, []byte("<style>"))
	css, _, _ := bytes.Cut(rest, []byte("</style>"))
	h := sha256.Sum256(css)
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

// reportFileName names a download: bao-cao-24-2025, report-24-2025;
// danh-gia-27-2021-2025, review-27-2021-2025.
func reportFileName(l locale.Lang, kind report.Kind, u planwatch.Unit, plan *reportPlan, per period.Period) string {
	word := map[bool]string{true: "bao-cao", false: "report"}[l == locale.VI]
	if kind == report.TermReview {
		word = map[bool]string{true: "danh-gia", false: "review"}[l == locale.VI]
		if per.IsZero() && plan != nil {
			per = plan.Plan.Horizon
		}
	}
	name := word + "-" + u.Code
	if !per.IsZero() {
		name += "-" + strings.NewReplacer("/", "-", ":", "-").Replace(per.String())
	}
	return name
}

// reportPlans are the plans of the unit and of the units it was formed
// from, the unit's own first.
func reportPlans(rv *review.Review, u planwatch.Unit) []reportPlan {
	units := map[int64]planwatch.Unit{u.ID: u}
	for _, pt := range rv.Lineage().Predecessors(u.ID) {
		units[pt.Unit.ID] = pt.Unit
	}
	var own, others []reportPlan
	for _, pl := range rv.Plans() {
		pu, ok := units[pl.Unit]
		if !ok {
			continue
		}
		if pu.ID == u.ID {
			own = append(own, reportPlan{pl, pu})
		} else {
			others = append(others, reportPlan{pl, pu})
		}
	}
	return append(own, others...)
}

// reportYears are the years the unit has yearly figures for, latest first.
func reportYears(rv *review.Review, u planwatch.Unit) []string {
	seen := map[int]bool{}
	for _, k := range rv.SeriesKeys(u.ID) {
		for _, o := range rv.Series(u.ID, k.Indicator, k.Dims) {
			if o.Period.Freq() == period.Annual && !o.Period.IsInterval() {
				seen[o.Period.StartYear()] = true
			}
		}
	}
	var ys []int
	for y := range seen {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	slices.Reverse(ys)
	out := make([]string, len(ys))
	for i, y := range ys {
		out[i] = fmt.Sprint(y)
	}
	return out
}
