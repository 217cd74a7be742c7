package web_test

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// englishWords are English words that must not show on a Vietnamese page
// outside an element marked with lang="en": the words of the pages'
// frame, of the domain and of sentences. Acronyms officers write in
// Vietnamese too (GRDP, FDI, USD, VND, CSV, API) are not in it.
var englishWords = strings.Fields(`
	the of and or with from for to into is are was were be been not no yes on at by as per than this that these those it its
	there their which who what when where how has have had only all any each every more most less some other others
	target targets plan plans growth rank ranks ranked national status statuses source sources figure figures value values
	latest deadline unit units indicator indicators estimate estimated estimates official normal imputed provisional
	forecast achieved track assessable acceleration needed regressing off boundary changed resolution province provinces
	region regions commune communes district nation prices current constant billion million trillion bn mn total revenue
	budget exports imports investment industrial parks land area population capita productivity rate share sector
	services industry agriculture search download dashboard compare history groups group menu home page found error
	translation wording method reason projected required realised milestones baseline break series revisions version
	recorded period kind level code name show sort year years month quarter data since until before after formed merged
	went new old part unknown average judged still valid none rebuilt derived computed interview newspaper edition
	chairman committee people congress party term review summary objectives estimate annual five strategy programme
	conclusion statistics office division projection realised against back dashboard trend bar legend italics
	percentage points where least have has`)

// rawCodes are codes of files and the JSON that must never show where a
// name belongs, in either language.
var rawCodes = regexp.MustCompile(`\b(price|stage|sector|sex|area)=|constant2010|planning_approved|investment_approved|in_planning|industry_construction|product_taxes|` +
	`not_assessable|on_track|off_track|acceleration_needed|at_least|at_most|avg_growth|statcan|unsd\b|annual_plan|budget_estimate|five_year_plan|` +
	`\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b`)

// rawEnglishCodes are words that are codes in a Vietnamese page ("Cấp:
// province", "(resolution)") even where the English word list allows
// them elsewhere: checked alone on Vietnamese pages.
var rawEnglishCodes = regexp.MustCompile(`\b(province|resolution|conclusion|region|commune|nation|plan|growth|range|exactly)\b`)

// vietnameseLetter says whether a letter is one only Vietnamese writes
// (đ, ă, â, ê, ô, ơ, ư, or a tone mark), so that a word with one is a
// Vietnamese word on an English page.
func vietnameseLetter(r rune) bool {
	if r < 0x80 {
		return false
	}
	for _, c := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) {
			return true
		}
	}
	return r == 'đ' || r == 'Đ'
}

// readable is what a reader of a page reads, element by element: the text
// and the attributes shown on hover or read aloud, each with the language
// of the element it is in.
type readable struct {
	text, lang, where string
	own               bool // inside an element marked with its own language: user content
}

func readables(doc *html.Node) []readable {
	var out []readable
	var walk func(n *html.Node, lang string, own bool, path string)
	walk = func(n *html.Node, lang string, own bool, path string) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" || n.Data == "head" {
				return
			}
			path += "/" + n.Data
			for _, a := range n.Attr {
				switch a.Key {
				case "lang":
					lang = a.Val
					own = n.Data != "html"
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "placeholder", "alt", "data-label":
					out = append(out, readable{a.Val, lang, path + "@" + a.Key, own})
				}
			}
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			out = append(out, readable{n.Data, lang, path, own})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang, own, path)
		}
	}
	walk(doc, "", false, "")
	return out
}

var wordRE = regexp.MustCompile(`[\pL]+`)

// quoteRE are quotations inside a text of the data, a document's own
// words in its language.
var quoteRE = regexp.MustCompile(`"[^"]*"|“[^”]*”`)

// pathRE are file names and addresses, whose words are no one's language.
var pathRE = regexp.MustCompile(`\S*[/\\]\S*`)

// wrongWords lists the words of a page that are not in its language, and
// the raw codes in it.
func wrongWords(body string) ([]string, error) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	english := map[string]bool{}
	for _, w := range englishWords {
		english[w] = true
	}
	var bad []string
	for _, r := range readables(doc) {
		if r.own {
			continue // a name in the other language, a quote, a plan's own words
		}
		r.text = pathRE.ReplaceAllString(quoteRE.ReplaceAllString(r.text, " "), " ")
		if m := rawCodes.FindString(r.text); m != "" {
			bad = append(bad, "raw code "+m+" in "+r.where+": "+excerpt(r.text))
		}
		switch r.lang {
		case "vi":
			if m := rawEnglishCodes.FindString(r.text); m != "" {
				bad = append(bad, "code "+m+" in "+r.where+": "+excerpt(r.text))
				continue
			}
			for _, w := range wordRE.FindAllString(r.text, -1) {
				if english[strings.ToLower(w)] && !isAcronym(w) {
					bad = append(bad, "English "+w+" in "+r.where+": "+excerpt(r.text))
					break
				}
			}
		case "en":
			for _, w := range wordRE.FindAllString(r.text, -1) {
				if strings.IndexFunc(w, vietnameseLetter) >= 0 {
					bad = append(bad, "Vietnamese "+w+" in "+r.where+": "+excerpt(r.text))
					break
				}
			}
		}
	}
	return bad, nil
}

func isAcronym(w string) bool { return len(w) > 1 && strings.ToUpper(w) == w }

func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

// Every page of every kind speaks its reader's language throughout, and
// names what it shows: no English word on a Vietnamese page, no
// Vietnamese word on an English one, outside what is marked with its own
// language (a name given in both, a quote, a plan's own words); no code
// of the files where a name belongs.
func TestPagesSpeakOneLanguage(t *testing.T) {
	h := server(t)
	for _, l := range []string{"vi", "en"} {
		for _, u := range pageKinds {
			w := get(t, h, u, "Cookie", "lang="+l)
			if w.Code >= 500 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("%s (%s): %d %s", u, l, w.Code, w.Header().Get("Content-Type"))
				continue
			}
			if !strings.Contains(w.Body.String(), `<html lang="`+l+`">`) {
				t.Errorf("%s (%s): the page is not in its reader's language", u, l)
			}
			bad, err := wrongWords(w.Body.String())
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Errorf("%s (%s): %s", u, l, b)
			}
		}
	}
}

// The checker itself finds what it is for.
func TestWrongWordsFinds(t *testing.T) {
	for body, want := range map[string]string{
		`<html lang="vi"><p>Cấp: province</p></html>`:                               "code province",
		`<html lang="vi"><p>Lý do: BUDGET_REV thiếu</p></html>`:                     "raw code BUDGET_REV",
		`<html lang="vi"><p>giá price=constant2010</p></html>`:                      "raw code price=",
		`<html lang="vi"><p>Phương pháp: statcan</p></html>`:                        "raw code statcan",
		`<html lang="vi"><p>2025: not assessable</p></html>`:                        "English not",
		`<html lang="vi"><p title="the target">Mục tiêu</p></html>`:                 "English the",
		`<html lang="en"><p>Key figures of Bắc Ninh</p></html>`:                     "Vietnamese Bắc",
		`<html lang="en"><p>stage=planning_approved</p></html>`:                     "raw code stage=",
		`<html lang="vi"><p>Mục tiêu <q lang="en">the revenue</q></p></html>`:       "",
		`<html lang="en"><p>Name <span lang="vi">Bắc Ninh</span></p></html>`:        "",
		`<html lang="vi"><p>GRDP bình quân đầu người (USD), xuất CSV</p></html>`:    "",
		`<html lang="vi"><p>Bài viết nêu "up 36.1%", bảng data/grdp.csv</p></html>`: "",
		`<html lang="vi"><p>Bài viết nêu up 36.1% of the plan</p></html>`:           "code plan",
		`<html lang="vi"><svg aria-label="trend"></svg></html>`:                     "English trend",
	} {
		bad, err := wrongWords(body)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(bad, "; ")
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}
