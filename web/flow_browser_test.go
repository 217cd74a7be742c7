package web_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// cdp drives one page of headless Chromium through the DevTools protocol:
// navigate, run a script in the page (DevTools' evaluation, which the
// pages' CSP does not apply to), take a screenshot.
type cdp struct {
	t    *testing.T
	ws   *websocket.Conn
	mu   sync.Mutex
	next int
	wait map[int]chan json.RawMessage
	load chan struct{}
}

func startChromium(t *testing.T, bin string) *cdp {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// The profile is removed after Chromium's helper processes let go of
	// it: t.TempDir's cleanup would fail on files they still write.
	profile, err := os.MkdirTemp("", "planwatch-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--user-data-dir="+profile, "--window-size=1280,1400", "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := regexp.MustCompile(`DevTools listening on (ws://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var browserWS string
	select {
	case browserWS = <-found:
	case <-time.After(30 * time.Second):
		t.Fatal("chromium did not start its DevTools")
	}
	host := strings.TrimPrefix(strings.SplitN(browserWS, "/devtools", 2)[0], "ws://")
	// The page chromium opened.
	var targets []struct{ Type, WebSocketDebuggerUrl string }
	for range 50 {
		resp, err := http.Get("http://" + host + "/json/list")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
		}
		if len(targets) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var pageWS string
	for _, tg := range targets {
		if tg.Type == "page" {
			pageWS = tg.WebSocketDebuggerUrl
		}
	}
	if pageWS == "" {
		t.Fatalf("no page in %+v", targets)
	}
	ws, err := websocket.Dial(pageWS, "", "http://localhost/")
	if err != nil {
		t.Fatal(err)
	}
	c := &cdp{t: t, ws: ws, wait: map[int]chan json.RawMessage{}, load: make(chan struct{}, 16)}
	go c.read()
	c.call("Page.enable", nil)
	return c
}

func (c *cdp) read() {
	for {
		var msg struct {
			ID     int
			Method string
			Result json.RawMessage
			Error  *struct{ Message string }
		}
		if err := websocket.JSON.Receive(c.ws, &msg); err != nil {
			return
		}
		if msg.Method == "Page.loadEventFired" {
			c.load <- struct{}{}
		}
		if msg.ID != 0 {
			c.mu.Lock()
			ch := c.wait[msg.ID]
			c.mu.Unlock()
			if msg.Error != nil {
				msg.Result, _ = json.Marshal(map[string]string{"cdpError": msg.Error.Message})
			}
			ch <- msg.Result
		}
	}
}

func (c *cdp) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan json.RawMessage, 1)
	c.wait[id] = ch
	c.mu.Unlock()
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		c.t.Fatal(err)
	}
	select {
	case r := <-ch:
		if strings.Contains(string(r), "cdpError") {
			c.t.Fatalf("%s: %s", method, r)
		}
		return r
	case <-time.After(30 * time.Second):
		c.t.Fatalf("%s: no answer", method)
	}
	return nil
}

// drain forgets load events already seen.
func (c *cdp) drain() {
	for {
		select {
		case <-c.load:
		default:
			return
		}
	}
}

func (c *cdp) waitLoad() {
	c.t.Helper()
	select {
	case <-c.load:
	case <-time.After(30 * time.Second):
		c.t.Fatal("the page did not load")
	}
}

func (c *cdp) navigate(url string) {
	c.t.Helper()
	c.drain()
	c.call("Page.navigate", map[string]any{"url": url})
	c.waitLoad()
}

// eval runs a script in the page and returns its value as text.
func (c *cdp) eval(script string) string {
	c.t.Helper()
	r := c.call("Runtime.evaluate", map[string]any{"expression": script, "returnByValue": true})
	var out struct {
		Result struct{ Value any }
	}
	json.Unmarshal(r, &out)
	return fmt.Sprint(out.Result.Value)
}

// submit runs a script that submits a form and waits for the page it
// leads to.
func (c *cdp) submit(script string) {
	c.t.Helper()
	c.drain()
	c.eval(script)
	c.waitLoad()
}

func (c *cdp) shot(path string) {
	c.t.Helper()
	r := c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true})
	var out struct{ Data string }
	json.Unmarshal(r, &out)
	b, err := base64.StdEncoding.DecodeString(out.Data)
	if err != nil || len(b) < 10000 {
		c.t.Fatalf("screenshot %s: %d bytes %v", path, len(b), err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// TestBrowserEntryApproval: in headless Chromium, a commune reporter signs
// in, enters a month's figures with one error, fixes it and saves; the
// province's approver signs in, returns one figure with a comment and
// approves the other; the public sees only the approved figure; the audit
// page shows all of it. Screenshots go to $PLANWATCH_SCREENSHOTS.
func TestBrowserEntryApproval(t *testing.T) {
	bin := chromium(t)
	w := newAcctWorld(t)
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	dir := os.Getenv("PLANWATCH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := startChromium(t, bin)
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
