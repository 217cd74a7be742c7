package web_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowser drives headless Chromium through a page of every kind in
// both languages, checks what the rendered page says, and keeps
// screenshots at a desktop's width (1366) and a phone's (390) for a person
// to look at ($PLANWATCH_SCREENSHOTS when set). The compare and indicator
// pages have their own (TestBrowserCompareAndIndicator).
func TestBrowser(t *testing.T) {
	chromium(t)
	srv := httptest.NewServer(server(t))
	t.Cleanup(srv.Close) // after the pages' parallel subtests
	dir := screenshots(t)
	pages := []struct {
		name, path string
		want       []string
	}{
		{"dashboard-en", "/u/24?lang=en", []string{"Key figures 2025", "achieved", "72,497", "5th of 12 with data (of 34)"}},
		{"dashboard-vi", "/u/24?lang=vi", []string{"Số liệu chính 2025", "đã đạt", "72.497", `<details class="narrow">`}},
		{"dashboard-2021-en", "/u/27?period=2021&lang=en", []string{"Key figures 2021", "national: 7th of 63"}},
		{"unit-en", "/u/24/about?lang=en", []string{"Bac Ninh (24) formed on 2025-07-01", "Red River Delta"}},
		{"unit-vi", "/u/24/about?lang=vi", []string{"Lịch sử", "Bắc Giang"}},
		{"plan-en", "/p/NQ-DH20-BN?lang=en", []string{"Resolution of the 20th Bac Ninh Provincial Party Congress", "not assessable"}},
		{"plan-vi", "/p/NQ-DH20-BN?lang=vi", []string{"Nghị quyết", "không đánh giá được"}},
		{"target-en", "/p/NQ-DH20-BN/t/3?lang=en", []string{"GRDP per capita", "boundary changed on 2025-07-01", "<svg"}},
		{"target-vi", "/p/KH-2025-BN/t/1?lang=vi", []string{"kế hoạch 74,6 tỷ USD", "<svg"}},
		{"plans-en", "/plans?lang=en", []string{"Resolution 54-NQ/TW", "annual plan"}},
		{"plans-vi", "/plans?lang=vi", []string{"Kế hoạch", "Nghị quyết 54-NQ/TW"}},
		{"units-en", "/units?lang=en", []string{"Bac Ninh", "Download"}},
		{"units-vi", "/units?level=province&date=2025-06-30&lang=vi", []string{"Bắc Giang", "Tải về"}},
		{"search-en", "/search?q=ninh&lang=en", []string{"Bac Ninh"}},
		{"search-vi", "/search?q=xuat+khau&lang=vi", []string{"Kim ngạch xuất khẩu hàng hóa"}},
		{"notfound-en", "/u/99?lang=en", []string{"No unit has the code", "Tiếng Việt"}},
		{"notfound-vi", "/nope?lang=vi", []string{"Không có trang nào", "English"}},
	}
	for _, p := range pages {
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
