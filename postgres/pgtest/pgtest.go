// Package pgtest gives tests a throwaway PostgreSQL database: on the server
// named by $PLANWATCH_TEST_POSTGRES, or else on one it starts from the
// server binaries found on the machine (initdb and pg_ctl, on PATH or under
// /usr/lib/postgresql/*/bin), in a temporary folder, once per test binary.
// Without either, tests that ask for a database skip, saying what to
// install; with PLANWATCH_REQUIRE_POSTGRES=1 they fail instead.
//
// A package that uses it calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The environment variables that choose the server and force the tests on.
const (
	EnvURL     = "PLANWATCH_TEST_POSTGRES"
	EnvRequire = "PLANWATCH_REQUIRE_POSTGRES"
)

// Install says what to do to run the PostgreSQL tests.
const Install = "install PostgreSQL's server (apt-get install postgresql) or set " + EnvURL + "=postgres://USER@HOST/DB"

var (
	inMain  atomic.Bool
	once    sync.Once
	srv     *server
	srvErr  error
	skipMsg string
	counter atomic.Int64
)

// Main runs the package's tests, then stops the server if one was started
// and removes its folder. m is the package's *testing.M, or a wrapper
// of it that does more around its Run.
func Main(m interface{ Run() int }) {
	inMain.Store(true)
	code := m.Run()
	if srv != nil {
		if err := srv.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	os.Exit(code)
}

// Available reports whether a server can be had, starting it if need be;
// when it cannot, the reason says why.
func Available() (ok bool, reason string) {
	once.Do(start)
	switch {
	case srvErr != nil:
		return false, srvErr.Error()
	case srv == nil:
		return false, skipMsg
	}
	return true, ""
}

// Database creates an empty database, dropped when t ends, and returns its
// URL. It skips t when no server can be had, or fails it under
// PLANWATCH_REQUIRE_POSTGRES=1.
func Database(t testing.TB) string {
	t.Helper()
	return DatabaseWith(t, "")
}

// DatabaseWith is Database with options for CREATE DATABASE, such as
// "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN'".
func DatabaseWith(t testing.TB, options string) string {
	t.Helper()
	if !inMain.Load() {
		t.Fatal("pgtest: call pgtest.Main(m) from the package's TestMain, so that the server is stopped at the end")
	}
	if ok, reason := Available(); !ok {
		if srvErr != nil || os.Getenv(EnvRequire) == "1" {
			t.Fatalf("PostgreSQL tests: %s", reason)
		}
		t.Skipf("PostgreSQL tests skipped: %s", reason)
	}
	name := fmt.Sprintf("planwatch_test_%d_%d", os.Getpid(), counter.Add(1))
	ctx := context.Background()
	if err := srv.admin(ctx, `CREATE DATABASE `+name+` `+options); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.admin(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	return srv.url(name)
}

// server is where the databases are made: an admin URL, and for a server
// this package started, its folder and how to stop it.
type server struct {
	base *url.URL // any database on the server; Path is replaced
	mu   sync.Mutex
	conn *pgx.Conn

	dir   string // the started server's folder, "" for $PLANWATCH_TEST_POSTGRES
	pgctl string
	cred  *syscall.Credential
}

func (s *server) url(db string) string {
	u := *s.base
	u.Path = "/" + db
	return u.String()
}

// admin runs a statement on the server's maintenance connection.
func (s *server) admin(ctx context.Context, stmt string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil || s.conn.IsClosed() {
		c, err := pgx.Connect(ctx, s.url(strings.TrimPrefix(s.base.Path, "/")))
		if err != nil {
			return err
		}
		s.conn = c
	}
	_, err := s.conn.Exec(ctx, stmt)
	return err
}

func start() {
	if raw := os.Getenv(EnvURL); raw != "" {
		srv, srvErr = fromURL(raw)
		return
	}
	bin := findBin()
	if bin == "" {
		skipMsg = "no PostgreSQL server found (initdb and pg_ctl): " + Install
		return
	}
	s, err := startServer(bin)
	if err != nil {
		srvErr = fmt.Errorf("could not start a throwaway server from %s: %v", bin, err)
		return
	}
	srv = s
}

// fromURL is the server $PLANWATCH_TEST_POSTGRES names.
func fromURL(raw string) (*server, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, fmt.Errorf("%s must be a URL, postgres://USER@HOST:PORT/DB (%q)", EnvURL, raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/postgres"
	}
	s := &server{base: u}
	if err := s.admin(context.Background(), `SELECT 1`); err != nil {
		return nil, fmt.Errorf("%s: %v", EnvURL, err)
	}
	return s, nil
}

// findBin returns the folder holding initdb and pg_ctl: PATH first, then
// Debian's /usr/lib/postgresql/VERSION/bin, the highest version.
func findBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		_, e1 := os.Stat(filepath.Join(d, "initdb"))
		_, e2 := os.Stat(filepath.Join(d, "pg_ctl"))
		if e1 == nil && e2 == nil {
			return d
		}
	}
	return ""
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// startServer makes a cluster in a new temporary folder and starts it,
// listening only on a unix socket in that folder. initdb refuses to run as
// root, so as root the server runs as the postgres user, or nobody.
func startServer(bin string) (*server, error) {
	dir, err := os.MkdirTemp("", "planwatch-pg-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, pgctl: filepath.Join(bin, "pg_ctl")}
	fail := func(err error) (*server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if os.Geteuid() == 0 {
		if s.cred, err = unprivileged(); err != nil {
			return fail(err)
		}
		if err := os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			return fail(err)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run(filepath.Join(bin, "initdb"), "-D", data, "-U", "planwatch", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	// Settings for a server that holds nothing worth keeping.
	conf := fmt.Sprintf("\nlisten_addresses = ''\nport = %d\nunix_socket_directories = '%s'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n",
		port, strings.ReplaceAll(dir, "'", "''"))
	f, err := os.OpenFile(filepath.Join(data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fail(err)
	}
	_, err = f.WriteString(conf)
	if err := errors.Join(err, f.Close()); err != nil {
		return fail(err)
	}
	if out, err := s.run(s.pgctl, "-D", data, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		return fail(fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log))
	}
	s.base = &url.URL{Scheme: "postgres", User: url.User("planwatch"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "port": {strconv.Itoa(port)}, "sslmode": {"disable"}}.Encode()}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.admin(ctx, `SELECT 1`); err != nil {
		s.stop()
		return nil, fmt.Errorf("connect: %v", err)
	}
	return s, nil
}

// unprivileged is the user a server started by root runs as.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil && uid != 0 {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
		}
	}
	return nil, errors.New("running as root, and there is no postgres or nobody user to run the server as")
}

// run runs a server program, as the unprivileged user when there is one.
func (s *server) run(prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(prog, args...)
	cmd.Dir = s.dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
		env := os.Environ()[:0:0]
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "HOME=") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "HOME="+s.dir)
	}
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// stop closes the maintenance connection and, for a server this package
// started, stops it and removes its folder.
func (s *server) stop() error {
	s.mu.Lock()
	if s.conn != nil {
		s.conn.Close(context.Background())
	}
	s.mu.Unlock()
	if s.dir == "" {
		return nil
	}
	var err error
	if out, e := s.run(s.pgctl, "-D", filepath.Join(s.dir, "data"), "-m", "fast", "-w", "stop"); e != nil {
		err = fmt.Errorf("pg_ctl stop: %v\n%s", e, out)
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}
