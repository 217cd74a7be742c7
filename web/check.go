package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/report/factcheck"
	"planwatch/review"
)

// maxUpload bounds what a fact-check request may send: a draft of a few
// dozen pages is a tenth of it, as text or as DOCX.
const maxUpload = 4 << 20

// checkPage is what the fact-check page's template gets.
type checkPage struct {
	Action  string // the form's own path
	Units   []planwatch.Unit
	Unit    string // the unit chosen, as a reference
	Period  string
	Draft   string // the text pasted, to show again in the form
	Checked bool
	Name    string // the file uploaded, if any
	Summary string
	Head    factcheck.Line
	Parts   []checkPart
	Lines   []checkLine
	Issues  []checkLine // the claims that differ or cannot be verified
}

// checkPart is a piece of the draft: plain text (N 0) or a claim marked
// with its verdict.
type checkPart struct {
	Text    string
	N       int // the claim's number in the table, from 1
	Verdict string
	Title   string // what a pointer over it shows: the verdict, the data's figure, why
	Href    string // where it links: the claim in the list of issues or in the table
}

// checkLine is one result in the page's language.
type checkLine struct {
	factcheck.Line
	// Code is the indicator with a break allowed after each underscore,
	// so that IP_OCCUPANCY wraps in a narrow column.
	Code    template.HTML
	N       int
	Verdict string
	From    []string
	Cross   bool
	Marked  bool // its words are marked in the draft
}

// checkForm is /check and /u/{unit}/check: the form where a draft is
// pasted or uploaded.
func (p *pages) checkForm(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	pg, ok := p.checkDefaults(w, r, l, rv)
	if !ok {
		return
	}
	q := r.URL.Query()
	if s := q.Get("unit"); s != "" {
		pg.Unit = s
	}
	if s := q.Get("period"); s != "" {
		pg.Period = s
	}
	p.render(w, r, l, "check", T(l, "Fact-check"), pg)
}

// checkDefaults is the form as it first shows: the unit of the path (or
// the site's default) and its latest year.
func (p *pages) checkDefaults(w http.ResponseWriter, r *http.Request, l locale.Lang, rv *review.Review) (checkPage, bool) {
	pg := checkPage{Action: "/check", Units: checkUnits(rv)}
	ref := p.s.DefaultUnit
	if r.PathValue("unit") != "" {
		u, ok := p.unitOf(w, r, l, rv)
		if !ok {
			return pg, false
		}
		pg.Action = "/u/" + url.PathEscape(u.Ref()) + "/check"
		ref = u.Ref()
	}
	if u, err := rv.Unit(ref, period.Period{}); err == nil {
		pg.Unit = u.Ref()
		if y := rv.LatestYear(u.ID); y != 0 {
			pg.Period = fmt.Sprint(y)
		}
		if !slices.ContainsFunc(pg.Units, func(x planwatch.Unit) bool { return x.ID == u.ID }) {
			pg.Units = append([]planwatch.Unit{u}, pg.Units...)
		}
	}
	return pg, true
}

// checkPost checks the draft a form sent: the draft with each claim marked
// by its verdict, the claims that need a look, and every claim as a table;
// ?format=json (or the form's JSON button) gives the results as JSON, as
// planwatch check --format json does. It writes nothing; it answers only
// forms sent from this site's own pages.
func (p *pages) checkPost(w http.ResponseWriter, r *http.Request) {
	l, rv := p.begin(w, r)
	asJSON := r.URL.Query().Get("format") == "json"
	fail := func(status int, param, vi, en string) {
		if asJSON {
			code := planwatch.EINVALID
			if status == http.StatusNotFound {
				code = planwatch.ENOTFOUND
			}
			apiError(w, status, code, en, param)
			return
		}
		msg := en
		if l == locale.VI {
			msg = vi
		}
		p.fail(w, r, l, status, msg)
	}
	if !sameOrigin(r) {
		fail(http.StatusForbidden, "", "Chỉ nhận văn bản gửi từ trang kiểm tra số liệu của chính trang web này (Origin hoặc Referer phải là "+r.Host+")",
			"only drafts sent from this site's own fact-check page are checked (Origin or Referer must be "+r.Host+")")
		return
	}
	tooLarge := func() {
		fail(http.StatusRequestEntityTooLarge, "file", fmt.Sprintf("Văn bản gửi lên lớn hơn %d MB: hãy kiểm tra từng phần, hoặc lưu thành văn bản thuần (.txt)", maxUpload>>20),
			fmt.Sprintf("the draft sent is larger than %d MB: check it in parts, or save it as plain text (.txt)", maxUpload>>20))
	}
	if r.ContentLength > maxUpload {
		tooLarge()
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxUpload) // all of it in memory: nothing is written to disk
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			tooLarge()
			return
		}
		fail(http.StatusBadRequest, "", "Không đọc được biểu mẫu: "+err.Error(), "the form does not read: "+err.Error())
		return
	}
	if v := r.PostFormValue("lang"); v == "vi" || v == "en" {
		l = locale.Lang(v)
	}
	asJSON = asJSON || r.PostFormValue("format") == "json"
	pg, ok := p.checkDefaults(w, r, l, rv)
	if !ok {
		return
	}
	if s := strings.TrimSpace(r.PostFormValue("unit")); s != "" {
		pg.Unit = s
	}
	pg.Period = strings.TrimSpace(r.PostFormValue("period"))
	per, err := period.Parse(pg.Period)
	if err != nil {
		fail(http.StatusBadRequest, "period", fmt.Sprintf("Tham số period: %q không phải là kỳ (viết 2025, 2025-Q3 hoặc 2021/2025)", pg.Period),
			fmt.Sprintf("period: %q is not a period (write 2025, 2025-Q3 or 2021/2025)", pg.Period))
		return
	}
	if _, err := rv.Unit(pg.Unit, per); err != nil {
		fail(http.StatusBadRequest, "unit", fmt.Sprintf("Tham số unit: không có đơn vị %q trong kỳ %s", pg.Unit, per),
			fmt.Sprintf("unit: no unit %q in %s", pg.Unit, per))
		return
	}
	var draft factcheck.Draft
	if f, fh, err := r.FormFile("file"); err == nil && fh.Size > 0 {
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			fail(http.StatusBadRequest, "file", "Không đọc được tệp: "+err.Error(), "the file does not read: "+err.Error())
			return
		}
		if draft, err = factcheck.ReadDraft(fh.Filename, data); err != nil {
			fail(http.StatusBadRequest, "file", "Tham số file: "+err.Error(), "file: "+err.Error())
			return
		}
		pg.Name = fh.Filename
	} else {
		pg.Draft = r.PostFormValue("draft")
		if strings.TrimSpace(pg.Draft) == "" {
			fail(http.StatusBadRequest, "draft", "Tham số draft: hãy dán văn bản cần kiểm tra, hoặc chọn một tệp .txt, .md hay .docx",
				"draft: paste the text to check, or choose a .txt, .md or .docx file")
			return
		}
		if draft, err = factcheck.ReadDraft("draft.txt", []byte(pg.Draft)); err != nil {
			fail(http.StatusBadRequest, "draft", "Tham số draft: "+err.Error(), "draft: "+err.Error())
			return
		}
	}
	rep, err := factcheck.Run(rv, draft.Text, factcheck.Options{Unit: pg.Unit, Period: per})
	if err != nil {
		status := statusOf(err)
		if status == http.StatusInternalServerError {
			fail(status, "", err.Error(), err.Error())
			return
		}
		fail(http.StatusBadRequest, "draft", "Tham số draft: "+err.Error(), "draft: "+err.Error())
		return
	}
	if asJSON {
		writeJSON(w, rep.Results)
		return
	}
	pg.Checked = true
	pg.Summary = factcheck.Summary(rep, l)
	pg.Head = headings(l)
	p.checked(&pg, rep, l)
	p.render(w, r, l, "check", T(l, "Fact-check"), pg)
}

// checked lays a checked draft out for the page: the parts of its text,
// the issues and the table.
func (p *pages) checked(pg *checkPage, rep *factcheck.Report, l locale.Lang) {
	lines := factcheck.Lines(rep, l)
	marked := map[int]bool{}
	parts := factcheck.Segments(rep)
	for _, s := range parts {
		if s.Result >= 0 {
			marked[s.Result] = true
		}
	}
	for i, res := range rep.Results {
		code := template.HTML(strings.ReplaceAll(template.HTMLEscapeString(lines[i].Indicator), "_", "_<wbr>"))
		cl := checkLine{Line: lines[i], Code: code, N: i + 1, Verdict: string(res.Verdict), From: res.From, Cross: res.CrossCheck, Marked: marked[i]}
		pg.Lines = append(pg.Lines, cl)
		if res.Verdict != factcheck.Confirmed {
			pg.Issues = append(pg.Issues, cl)
		}
	}
	for _, s := range parts {
		if s.Result < 0 {
			pg.Parts = append(pg.Parts, checkPart{Text: s.Text})
			continue
		}
		res := rep.Results[s.Result]
		ln := lines[s.Result]
		title := []string{ln.Verdict + ": " + ln.Indicator + ", " + ln.Period}
		if res.Computed != nil {
			title = append(title, T(l, "Data")+": "+ln.Computed)
		}
		title = append(title, ln.Reason)
		if len(res.From) > 0 {
			title = append(title, T(l, "From")+": "+strings.Join(res.From, "; "))
		}
		href := fmt.Sprintf("#c%d", s.Result+1)
		if res.Verdict != factcheck.Confirmed {
			href = fmt.Sprintf("#d%d", s.Result+1)
		}
		// A cross-check of the same words that disagrees marks them too.
		for j, x := range rep.Results {
			if x.CrossCheck && x.Start == res.Start && x.End == res.End && x.Verdict == factcheck.Differs {
				title = append(title, lines[j].Kind+": "+lines[j].Reason)
				if res.Verdict == factcheck.Confirmed {
					href = fmt.Sprintf("#d%d", j+1)
				}
			}
		}
		pg.Parts = append(pg.Parts, checkPart{Text: s.Text, N: s.Result + 1, Verdict: string(s.Verdict), Title: strings.Join(title, "\n"), Href: href})
	}
}

// sameOrigin reports whether a form was sent from this site: its Origin,
// or else its Referer, names the host the request was sent to. A request
// with neither is refused: browsers send Origin with every POST.
func sameOrigin(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Referer()
	}
	if from == "" {
		return false
	}
	u, err := url.Parse(from)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// checkUnits are the units a draft may be about: the nation, the regions
// and the provinces, those of today first, then the former ones.
func checkUnits(rv *review.Review) []planwatch.Unit {
	var now, former []planwatch.Unit
	for _, u := range rv.Units() {
		switch u.Level {
		case planwatch.LevelNation, planwatch.LevelRegion, planwatch.LevelProvince:
		default:
			continue
		}
		if u.ValidTo == "" {
			now = append(now, u)
		} else {
			former = append(former, u)
		}
	}
	byName := func(a, b planwatch.Unit) int {
		if a.Level != b.Level {
			return strings.Compare(levelOrder[a.Level], levelOrder[b.Level])
		}
		return strings.Compare(locale.Fold(a.NameVI), locale.Fold(b.NameVI))
	}
	slices.SortFunc(now, byName)
	slices.SortFunc(former, byName)
	return append(now, former...)
}

var levelOrder = map[planwatch.Level]string{planwatch.LevelNation: "0", planwatch.LevelRegion: "1", planwatch.LevelProvince: "2"}

// headings are factcheck's column names as a sentence writes them: "Kết
// quả", not the command line's "KẾT QUẢ".
func headings(l locale.Lang) factcheck.Line {
	h := factcheck.Headings(l)
	for _, f := range []*string{&h.Verdict, &h.Claim, &h.Kind, &h.Indicator, &h.Period, &h.Stated, &h.Computed, &h.Reason} {
		low := strings.ToLower(*f)
		for i, r := range low {
			*f = strings.ToUpper(string(r)) + low[i+len(string(r)):]
			break
		}
	}
	return h
}
