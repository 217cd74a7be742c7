package web_test

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrowserPlanEdit: in headless Chromium, a planner of Bac Ninh signs
// in, creates a plan, adds a target with the plan's words, sees a field's
// problem beside it, previews the target and saves it, at a desktop's
// width and a phone's. Screenshots go to $PLANWATCH_SCREENSHOTS.
func TestBrowserPlanEdit(t *testing.T) {
	b := browserTab(t)
	w := newAcctWorld(t)
	w.addPerson(t, "lan", "planner@24")
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	dir := screenshots(t)
	want := func(step string, words ...string) {
		t.Helper()
		text := b.eval(`document.body.innerText`)
		for _, s := range words {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the page lacks %q:\n%s", step, s, text)
			}
		}
	}
	width := func(px int, _ bool) { b.viewport(px, 900) }
	b.navigate(srv.URL + "/login?lang=vi&next=/plans/new")
	b.submit(fmt.Sprintf(`document.querySelector('[name=username]').value=%q; document.querySelector('[name=password]').value=%q; document.querySelector('.login-form').submit()`, "lan", testPassword))
	want("new plan", "Kế hoạch mới", "Mã (số hiệu văn bản)", "Giai đoạn")
	for _, px := range []int{1366, 390} {
		width(px, px < 500)
		b.navigate(srv.URL + "/plans/new")
		b.shot(filepath.Join(dir, fmt.Sprintf("plan-new-vi-%d.png", px)))
	}
	width(1366, false)
	b.navigate(srv.URL + "/plans/new")
	b.submit(`const f=document.querySelector('.edit-form'); f.plan.value='KH-2026-BN'; f.kind.value='annual_plan'; f.title_vi.value='Kế hoạch phát triển kinh tế - xã hội năm 2026 tỉnh Bắc Ninh'; f.title_en.value='Bac Ninh socio-economic development plan 2026'; f.issuer_vi.value='UBND tỉnh Bắc Ninh'; f.issued.value='2025-12-31'; f.horizon.value='2026'; f.submit()`)
	want("plan saved", "Đã lưu", "Sửa kế hoạch", "Thêm mục tiêu")
	b.shot(filepath.Join(dir, "plan-saved-vi-1366.png"))
	b.navigate(srv.URL + "/p/KH-2026-BN/t/new")
	want("new target", "Mục tiêu mới", "Nguyên văn của văn bản")
	for _, px := range []int{1366, 390} {
		width(px, px < 500)
		b.navigate(srv.URL + "/p/KH-2026-BN/t/new")
		b.shot(filepath.Join(dir, fmt.Sprintf("target-new-vi-%d.png", px)))
	}
	// An error: low above high.
	fill := `const f=document.querySelector('.edit-form'); f.indicator.value='GRDP'; f.dims.value='price=constant2010'; f.kind.value='growth'; f.period.value='2026'; f.low.value='9,5'; f.high.value='8'; f.wording.value='Tốc độ tăng trưởng kinh tế (GRDP) đạt 8 - 9,5%.';`
	for _, px := range []int{1366, 390} {
		width(px, px < 500)
		b.navigate(srv.URL + "/p/KH-2026-BN/t/new")
		b.submit(fill + ` f.submit()`)
		want("an error", "Chưa lưu gì", "Cận dưới 9,5 lớn hơn cận trên 8.")
		if strings.Contains(b.eval(`document.body.innerText`), "planwatch sẽ ghi") {
			t.Error("an invalid band is previewed")
		}
		b.shot(filepath.Join(dir, fmt.Sprintf("target-error-vi-%d.png", px)))
	}
	width(1366, false)
	b.submit(`const f=document.querySelector('.edit-form'); f.low.value='8'; f.high.value='9,5'; f.querySelector('button[name=preview]').click()`)
	want("preview", "planwatch sẽ ghi mục tiêu này là", "8–9,5%")
	b.shot(filepath.Join(dir, "target-preview-vi-1366.png"))
	b.submit(`document.querySelector('.edit-form').submit()`)
	want("target saved", "Đã lưu", "Sửa mục tiêu")
	if got := b.eval(`document.querySelector('[name=wording]').value`); got != "Tốc độ tăng trưởng kinh tế (GRDP) đạt 8 - 9,5%." {
		t.Errorf("the saved target's wording reads %q", got)
	}
	b.shot(filepath.Join(dir, "target-saved-vi-1366.png"))
}
