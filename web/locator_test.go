package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// A province's dashboard shows where it is on the map of its era: the new
// Bắc Ninh among the 34 provinces, the old one (27) among the 63, drawn
// last so that its outline is on top, and labelled in the language.
func TestDashboardLocator(t *testing.T) {
	h := server(t)
	svg := regexp.MustCompile(`<svg[^>]*class="geo-locator"[^>]*>.*?</svg>`)
	code := regexp.MustCompile(`data-code="([^"]*)"`)
	for _, c := range []struct {
		url, lang, label, last string
		n                      int
	}{
		{"/u/24", "vi", "Vị trí của Bắc Ninh trên bản đồ Việt Nam", "24", 34},
		{"/u/24", "en", "Where Bac Ninh is in Viet Nam", "24", 34},
		{"/u/27", "en", "Where Bac Ninh is in Viet Nam", "27", 63},
	} {
		body := get(t, h, c.url+"?lang="+c.lang).Body.String()
		m := svg.FindString(body)
		if m == "" {
			t.Errorf("%s (%s): no locator map", c.url, c.lang)
			continue
		}
		codes := code.FindAllStringSubmatch(m, -1)
		if len(codes) != c.n || codes[len(codes)-1][1] != c.last {
			t.Errorf("%s (%s): %d provinces, %v last; want %d, %s", c.url, c.lang, len(codes), codes[len(codes)-1], c.n, c.last)
		}
		if !strings.Contains(m, `aria-label="`+c.label+`"`) {
			t.Errorf("%s (%s): not labelled %q", c.url, c.lang, c.label)
		}
	}
}
