package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"planwatch/storetest/teststore"
)

// TestMain lets a test run the command itself as a child process.
func TestMain(m *testing.M) {
	if os.Getenv("PLANWATCH_TEST_MAIN") == "1" {
		main()
		return
	}
	// The PostgreSQL tests' server, if one was started, is stopped after.
	teststore.Main(m)
}

// A SIGTERM (here sent to this very process) ends the context main gives
// the commands, and serve then answers the request under way before it
// returns.
func TestSIGTERMFinishesRequestsUnderWay(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	entered, finished := make(chan struct{}), make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-finished // a slow page
		io.WriteString(w, "the whole answer")
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- serveUntil(ctx, srv, ln, 10*time.Second) }()
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			answer <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answer <- resp.Status + " " + string(b)
	}()
	<-entered
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	// New connections are refused once shutdown has begun ...
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		if i == 100 {
			t.Fatal("still taking connections after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// ... and the one under way is answered in full.
	close(finished)
	if got := <-answer; got != "200 OK the whole answer" {
		t.Errorf("the request under way got %q", got)
	}
	if err := <-served; err != nil {
		t.Errorf("serve returned %v", err)
	}
}

// The command itself, sent SIGTERM or SIGINT while it serves, says it
// stopped and exits 0 (a process killed by the signal exits otherwise).
func TestServeExitsZeroOnSIGTERM(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "p.db")
			mustPW(t, "init", "--db", db, "--demo")
			cmd := exec.Command(os.Args[0], "serve", "--db", db, "--addr", "127.0.0.1:0")
			cmd.Env = append(os.Environ(), "PLANWATCH_TEST_MAIN=1")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := bufio.NewScanner(stdout)
			addr := ""
			for addr == "" && lines.Scan() {
				if m := regexp.MustCompile(`on http://([^/]+)/`).FindStringSubmatch(lines.Text()); m != nil {
					addr = m[1]
				}
			}
			if addr == "" {
				t.Fatal("serve did not say where it listens")
			}
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(stdout)
			if err := cmd.Wait(); err != nil {
				t.Errorf("serve ended with %v", err)
			}
			if !strings.Contains(string(rest), "planwatch: stopped") {
				t.Errorf("serve said on stopping:\n%s", rest)
			}
		})
	}
}
