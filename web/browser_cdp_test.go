package web_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// The browser tests share one headless Chromium per test binary: the
// first test that asks for a tab starts it, TestMain stops it after the
// tests (stopChromium). Each test gets its own tab in its own browser
// context (cookies and cache apart, as a fresh profile would have them),
// driven through the DevTools protocol.
var chrome struct {
	once    sync.Once
	err     error
	host    string // host:port of its DevTools
	browser *cdp   // the browser's own DevTools connection
	cmd     *exec.Cmd
	cancel  context.CancelFunc
	done    chan struct{} // closed once its stderr is read to the end
	profile string
}

// chromium finds Debian's Chromium, or skips (fails when
// PLANWATCH_REQUIRE_BROWSER is set, as CI sets it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PLANWATCH_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH, and PLANWATCH_REQUIRE_BROWSER is set")
	}
	t.Skip("no chromium: install Debian's chromium (apt-get install chromium) to run the browser test")
	return ""
}

func launchChromium(bin string) error {
	ctx, cancel := context.WithCancel(context.Background())
	profile, err := os.MkdirTemp("", "planwatch-chromium-")
	if err != nil {
		cancel()
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir="+profile, "--window-size=1280,1600",
		"--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank")
	// Asked to stop, Chromium shuts down its helper processes too.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	stderr, err := cmd.StderrPipe()
	if err != nil {
		cancel()
		return err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		os.RemoveAll(profile)
		return err
	}
	chrome.cmd, chrome.cancel, chrome.profile, chrome.done = cmd, cancel, profile, make(chan struct{})
	found := make(chan string, 1)
	go func() {
		defer close(chrome.done)
		listening := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var browserWS string
	select {
	case browserWS = <-found:
	case <-time.After(60 * time.Second):
		return errors.New("chromium did not start its DevTools in 60 s")
	}
	chrome.host = strings.TrimPrefix(strings.SplitN(browserWS, "/devtools", 2)[0], "ws://")
	chrome.browser, err = dialCDP(browserWS)
	return err
}

// stopChromium stops the shared Chromium, when a test started it, and
// removes its profile once its helper processes let go of it.
func stopChromium() {
	if chrome.cmd == nil {
		return
	}
	if chrome.browser != nil {
		chrome.browser.ws.Close()
	}
	chrome.cancel()
	chrome.cmd.Wait()
	<-chrome.done
	for range 50 {
		if os.RemoveAll(chrome.profile) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintln(os.Stderr, "web tests: could not remove chromium's profile", chrome.profile)
}

// cdp is one DevTools connection: the browser's, or one page's (a tab),
// which navigates, runs a script in the page (DevTools' evaluation,
// which the pages' CSP does not apply to), and takes screenshots.
type cdp struct {
	t    *testing.T // the test a tab belongs to (nil for the browser's)
	ws   *websocket.Conn
	mu   sync.Mutex
	next int
	wait map[int]chan json.RawMessage
	load chan struct{}
}

func dialCDP(url string) (*cdp, error) {
	ws, err := websocket.Dial(url, "", "http://localhost/")
	if err != nil {
		return nil, err
	}
	// Screenshots of long pages are large frames.
	ws.MaxPayloadBytes = 256 << 20
	c := &cdp{ws: ws, wait: map[int]chan json.RawMessage{}, load: make(chan struct{}, 16)}
	go c.read()
	return c, nil
}

// browserTab opens a tab for t in the shared Chromium (starting it on
// first use), in a browser context of its own, closed when t ends. It
// skips t without Chromium (fails under PLANWATCH_REQUIRE_BROWSER).
func browserTab(t *testing.T) *cdp {
	t.Helper()
	bin := chromium(t)
	chrome.once.Do(func() { chrome.err = launchChromium(bin) })
	if chrome.err != nil {
		t.Fatalf("chromium: %v", chrome.err)
	}
	var bctx struct{ BrowserContextID string }
	if err := chrome.browser.send("Target.createBrowserContext", map[string]any{}, &bctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		chrome.browser.send("Target.disposeBrowserContext", map[string]any{"browserContextId": bctx.BrowserContextID}, nil)
	})
	var target struct{ TargetID string }
	if err := chrome.browser.send("Target.createTarget", map[string]any{"url": "about:blank", "browserContextId": bctx.BrowserContextID}, &target); err != nil {
		t.Fatal(err)
	}
	c, err := dialCDP("ws://" + chrome.host + "/devtools/page/" + target.TargetID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.ws.Close() })
	c.t = t
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
			c.mu.Lock()
			for id, ch := range c.wait {
				ch <- json.RawMessage(`{"cdpError":"the connection closed"}`)
				delete(c.wait, id)
			}
			c.wait = nil
			c.mu.Unlock()
			return
		}
		if msg.Method == "Page.loadEventFired" {
			select {
			case c.load <- struct{}{}:
			default:
			}
		}
		if msg.ID != 0 {
			c.mu.Lock()
			ch := c.wait[msg.ID]
			delete(c.wait, msg.ID)
			c.mu.Unlock()
			if msg.Error != nil {
				msg.Result, _ = json.Marshal(map[string]string{"cdpError": msg.Error.Message})
			}
			if ch != nil {
				ch <- msg.Result
			}
		}
	}
}

// send calls a DevTools method and decodes its result into out (when not
// nil).
func (c *cdp) send(method string, params any, out any) error {
	c.mu.Lock()
	if c.wait == nil {
		c.mu.Unlock()
		return fmt.Errorf("%s: the DevTools connection closed", method)
	}
	c.next++
	id := c.next
	ch := make(chan json.RawMessage, 1)
	c.wait[id] = ch
	c.mu.Unlock()
	if params == nil {
		params = map[string]any{}
	}
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return fmt.Errorf("%s: %v", method, err)
	}
	var r json.RawMessage
	select {
	case r = <-ch:
	case <-time.After(60 * time.Second):
		return fmt.Errorf("%s: no answer in 60 s", method)
	}
	var failed struct{ CdpError string }
	if json.Unmarshal(r, &failed) == nil && failed.CdpError != "" {
		return fmt.Errorf("%s: %s", method, failed.CdpError)
	}
	if out != nil {
		if err := json.Unmarshal(r, out); err != nil {
			return fmt.Errorf("%s: %v in %.200s", method, err, r)
		}
	}
	return nil
}

// call calls a DevTools method of the tab, failing its test on an error.
func (c *cdp) call(method string, params any) json.RawMessage {
	c.t.Helper()
	var r json.RawMessage
	if err := c.send(method, params, &r); err != nil {
		c.t.Fatal(err)
	}
	return r
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
	case <-time.After(60 * time.Second):
		c.t.Fatal("the page did not load")
	}
}

func (c *cdp) navigate(url string) {
	c.t.Helper()
	c.drain()
	var nav struct{ ErrorText string }
	if err := c.send("Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		c.t.Fatal(err)
	}
	if nav.ErrorText != "" {
		c.t.Fatalf("navigate to %s: %s", url, nav.ErrorText)
	}
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

// viewport sets the page's window to a width (as a phone when narrower
// than a tablet) and a height.
func (c *cdp) viewport(width, height int) {
	c.t.Helper()
	c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
}

// shot saves a screenshot of the whole page, below the window's bottom
// too, and fails on one too small to show a page.
func (c *cdp) shot(path string) {
	c.t.Helper()
	var m struct {
		CSSContentSize struct{ Width, Height float64 }
	}
	if err := c.send("Page.getLayoutMetrics", nil, &m); err != nil {
		c.t.Fatal(err)
	}
	w, h := m.CSSContentSize.Width, m.CSSContentSize.Height
	if h > 16000 {
		h = 16000 // Chromium's largest picture
	}
	var out struct{ Data string }
	if err := c.send("Page.captureScreenshot", map[string]any{"format": "png", "optimizeForSpeed": true, "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": w, "height": h, "scale": 1}}, &out); err != nil {
		c.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(out.Data)
	if err != nil || len(b) < 10000 {
		c.t.Errorf("screenshot %s missing or blank: %d bytes %v", path, len(b), err)
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// browse opens a URL in a window of a width (1366 for a desktop's, 390
// for a phone's, 1280 between) and returns the DOM after the page loaded,
// saving a screenshot of the whole page too.
func (c *cdp) browse(url, shot string, width int) string {
	c.t.Helper()
	c.viewport(width, 900)
	c.navigate(url)
	dom := c.eval(`document.documentElement.outerHTML`)
	c.shot(shot)
	return dom
}

// shoot saves a screenshot of the whole page at a URL in a window of a
// width: 1366 for a desktop's, 390 for a phone's.
func (c *cdp) shoot(url, shot string, width int) {
	c.t.Helper()
	c.viewport(width, 900)
	c.navigate(url)
	c.shot(shot)
}

// screenshots is where the browser tests keep their screenshots:
// $PLANWATCH_SCREENSHOTS when set, else a directory removed after t.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PLANWATCH_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
