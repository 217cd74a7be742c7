package planwatch

import (
	"fmt"
	"net/url"
	"strings"

	"planwatch/excerpt"
)

// Source is a document figures are taken from: a report, a yearbook, a
// newspaper's article, a statistics office's table. An observation's
// source is free text; when it is a source's code, alone or followed by
// ": " and a detail (a page, a quote), it cites that document, and pages
// and reports give the document's title in their language.
type Source struct {
	Code        string
	TitleVI     string
	TitleEN     string
	PublisherVI string
	PublisherEN string
	Issued      Date
	URL         string
}

// Title returns the title in the language, falling back to the other.
func (s Source) Title(lang string) string { return pick(lang, s.TitleVI, s.TitleEN) }

// Publisher returns the publisher in the language, falling back to the
// other.
func (s Source) Publisher(lang string) string { return pick(lang, s.PublisherVI, s.PublisherEN) }

// pick returns the English text for "en" and the Vietnamese otherwise,
// falling back to the other when one is empty.
func pick(lang, vi, en string) string {
	if lang == "en" && en != "" || vi == "" {
		return en
	}
	return vi
}

// ValidSourceCode checks the code of a source: a code (see ValidCode)
// without a colon, since an observation's source cites it as "CODE: detail".
func ValidSourceCode(code string) error {
	if err := ValidCode(code); err != nil {
		return err
	}
	if strings.Contains(code, ":") {
		return fmt.Errorf("%s has a colon: a source is cited as CODE: detail", excerpt.Quote(code))
	}
	return nil
}

// Validate checks the source's own fields.
func (s Source) Validate() error {
	var errs []string
	if err := ValidSourceCode(s.Code); err != nil {
		errs = append(errs, "code: "+err.Error())
	}
	if strings.TrimSpace(s.TitleVI) == "" {
		errs = append(errs, "title_vi: a source needs its Vietnamese title")
	}
	errs = addText(errs, []string{"title_vi", s.TitleVI, "title_en", s.TitleEN, "publisher_vi", s.PublisherVI, "publisher_en", s.PublisherEN, "url", s.URL}, nil)
	if s.URL != "" {
		if u, err := url.Parse(s.URL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || strings.ContainsAny(s.URL, " \t") {
			errs = append(errs, fmt.Sprintf("url: %s is not a web address (http:// or https://, no spaces)", excerpt.Quote(s.URL)))
		}
	}
	return Problems(errs).Err()
}

// CitedSource splits an observation's source into the code of the document
// it cites and the detail after it: "BBN-2025-12-31: \"exports ...\"" is
// the code BBN-2025-12-31 and the quote, "GSO-POP" the code alone. A text
// that does not start with a source code ("Báo Bắc Ninh, 31/12/2025") has
// no code, and all of it is the detail. Whether a code names a known
// document is for the caller to look up.
func CitedSource(text string) (code, detail string) {
	head, rest, found := strings.Cut(text, ": ")
	if !found {
		head, rest = text, ""
	}
	if head == "" || ValidSourceCode(head) != nil {
		return "", text
	}
	return head, rest
}
