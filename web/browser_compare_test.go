package web_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserCompareAndIndicator renders the compare and indicator pages
// in both languages, and the dashboard's locator map, in headless Chromium, checks what the rendered page
// says, and keeps screenshots at a desktop's width (1366) and a phone's
// (390) for a person to look at ($PLANWATCH_SCREENSHOTS when set).
func TestBrowserCompareAndIndicator(t *testing.T) {
	chromium(t)
	srv := httptest.NewServer(server(t))
	t.Cleanup(srv.Close) // after the pages' parallel subtests
	dir := screenshots(t)
	for _, p := range []struct {
		name, path string
		want       []string
	}{
		{"compare-2021-vi", "/compare?lang=vi", []string{"đánh dấu Bắc Ninh (27) và Bắc Giang (24)", "nghìn tỷ đồng", `class="geo-map"`}},
		{"compare-2025-en", "/compare?indicator=GRDP_GROWTH&period=2025&lang=en", []string{"12 of 34 provinces have figures", `class="geo-highlight"`}},
		{"indicator-vi", "/u/27/i/GRDP?dims=price%3Dcurrent&lang=vi", []string{"Gãy chuỗi", "Xếp hạng trong các tỉnh, thành phố 2024", `class="footnotes"`}},
		{"indicator-en", "/u/24/i/EXPORTS?lang=en", []string{"plan USD 74.6 bn", "Rank among provinces 2025", "v1: 94.00"}},
		{"dashboard-locator-vi", "/u/24?lang=vi", []string{`class="geo-locator"`, "Vị trí của Bắc Ninh trên bản đồ Việt Nam"}},
	} {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			b := browserTab(t)
			dom := b.browse(srv.URL+p.path, filepath.Join(dir, p.name+"-1366.png"), 1366)
			for _, w := range p.want {
				if !strings.Contains(dom, w) {
					t.Errorf("%s: the rendered page lacks %q", p.name, w)
				}
			}
			b.shoot(srv.URL+p.path, filepath.Join(dir, p.name+"-390.png"), 390)
		})
	}
	t.Logf("screenshots in %s", dir)
}
