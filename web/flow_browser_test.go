package web_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowserEntryApproval: in headless Chromium, a commune reporter signs
// in, enters a month's figures with one error, fixes it and saves; the
// province's approver signs in, returns one figure with a comment and
// approves the other; the public sees only the approved figure; the audit
// page shows all of it. Screenshots go to $PLANWATCH_SCREENSHOTS.
func TestBrowserEntryApproval(t *testing.T) {
	b := browserTab(t)
	w := newAcctWorld(t)
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	dir := screenshots(t)
	body := func() string { return b.eval(`document.body.innerText`) }
	want := func(step string, words ...string) {
		t.Helper()
		text := body()
		for _, s := range words {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the page lacks %q:\n%s", step, s, text)
			}
		}
	}
	signIn := func(name string) {
		t.Helper()
		b.navigate(srv.URL + "/login?lang=vi&next=/u/9256/entry%3Fperiod%3D2026-01")
		b.submit(fmt.Sprintf(`document.querySelector('[name=username]').value=%q; document.querySelector('[name=password]').value=%q; document.querySelector('.login-form').submit()`, name, testPassword))
	}
	signIn("xa")
	want("reporter signed in", "Nhập số liệu", "Phường Đông Ngàn", "xa", "Đăng xuất")
	b.shot(filepath.Join(dir, "entry-form-vi.png"))
	b.submit(`document.querySelector('[name="value.0"]').value='102,5'; document.querySelector('[name="source.0"]').value='Báo cáo tháng 1'; document.querySelector('[name="value.1"]').value='3,2x'; document.querySelector('.entry-form').submit()`)
	want("an error", "Không phải số: 3,2x", "Chưa lưu gì")
	b.shot(filepath.Join(dir, "entry-error-vi.png"))
	b.submit(`document.querySelector('[name="value.1"]').value='3,2'; document.querySelector('.entry-form').submit()`)
	want("saved", "Đã lưu: 2", "chưa duyệt")
	b.shot(filepath.Join(dir, "entry-saved-vi.png"))
	b.submit(`document.querySelector('.signout').submit()`)

	signIn("hoa")
	b.navigate(srv.URL + "/u/24/approve?period=2026")
	want("approver", "Duyệt số liệu", "Phường Đông Ngàn", "102,5", "3,2")
	b.shot(filepath.Join(dir, "approve-vi.png"))
	b.submit(`const row=[...document.querySelectorAll('table.approve tbody tr')].find(r=>r.innerText.includes('FDI')); row.querySelector('input[name^="comment:"]').value='Số FDI chưa khớp sở KH-ĐT'; row.querySelector('button[name=return]').click()`)
	want("returned", "returned 1", "trả lại", "Số FDI chưa khớp sở KH-ĐT")
	b.submit(`[...document.querySelectorAll('table.approve tbody tr')].forEach(r=>{r.querySelector('input[name=fig]').checked=!r.innerText.includes('FDI')}); document.querySelector('button[name=approve]').click()`)
	want("approved", "approved 1")
	b.shot(filepath.Join(dir, "approve-done-vi.png"))
	b.navigate(srv.URL + "/audit?unit=24&lang=en")
	want("audit", "approvals", "observations", "Số FDI chưa khớp sở KH-ĐT", "xa", "hoa")
	b.shot(filepath.Join(dir, "audit-en.png"))
	b.submit(`document.querySelector('.signout').submit()`)

	// The public: the approved figure only.
	b.navigate(srv.URL + "/api/v1/observations?unit=9256&period=2026-01")
	text := body()
	if !strings.Contains(text, `"BUDGET_REV"`) || strings.Contains(text, `"FDI"`) {
		t.Errorf("the public API:\n%s", text)
	}
	// The public pages come from a snapshot reloaded in the background
	// after the approval: wait for it, as a reader would reload.
	for i := 0; i < 60; i++ {
		b.navigate(srv.URL + "/u/9256/i/BUDGET_REV?lang=vi")
		if strings.Contains(body(), "102,5") {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	want("public indicator page", "102,5")
	b.shot(filepath.Join(dir, "public-indicator-vi.png"))
	b.navigate(srv.URL + "/u/9256/i/FDI?lang=vi")
	if strings.Contains(body(), "3,2") {
		t.Error("the public indicator page shows the returned FDI figure")
	}
}
