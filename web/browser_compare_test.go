package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shoot saves a screenshot of a URL in headless Chromium at a window's
// width (tall enough for most of the page).
func shoot(t *testing.T, bin, profile, url, shot string, width, height int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir="+profile,
		fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+shot, url)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot of %s: %v\n%s", url, err, msg)
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("screenshot %s missing or blank (%v)", shot, err)
	}
}

// TestBrowserCompareAndIndicator renders the compare and indicator pages
// in both languages, and the dashboard's locator map, in headless Chromium, checks what the rendered page
// says, and keeps screenshots at a desktop's width (1366) and a phone's
// (390) for a person to look at ($PLANWATCH_SCREENSHOTS when set).
func TestBrowserCompareAndIndicator(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(server(t))
	defer srv.Close()
	dir := os.Getenv("PLANWATCH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	profile := t.TempDir()
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
		dom := browse(t, bin, profile, srv.URL+p.path, filepath.Join(dir, p.name+"-1280.png"))
		for _, w := range p.want {
			if !strings.Contains(dom, w) {
				t.Errorf("%s: the rendered page lacks %q", p.name, w)
			}
		}
		shoot(t, bin, profile, srv.URL+p.path, filepath.Join(dir, p.name+"-1366.png"), 1366, 2200)
		shoot(t, bin, profile, srv.URL+p.path, filepath.Join(dir, p.name+"-390.png"), 390, 3000)
	}
	t.Logf("screenshots in %s", dir)
}
