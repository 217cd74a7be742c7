package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Replicated starts a server of t's own and a streaming standby of it
// (pg_basebackup -R -X stream from the primary, started on another port),
// makes a database on the primary and waits until the standby has
// replayed it. It returns the database's URL on each; both servers are
// stopped and their folders removed when t ends. It needs the server
// binaries (a server named by $PLANWATCH_TEST_POSTGRES has no standby to
// give): without them it skips t, or fails it under
// PLANWATCH_REQUIRE_POSTGRES=1.
func Replicated(t testing.TB) (primary, standby string) {
	t.Helper()
	bin := findBin()
	if bin != "" {
		if _, err := os.Stat(filepath.Join(bin, "pg_basebackup")); err != nil {
			bin = ""
		}
	}
	if bin == "" {
		msg := "PostgreSQL replica tests skipped: no PostgreSQL server found (initdb, pg_ctl and pg_basebackup): install PostgreSQL's server (apt-get install postgresql)"
		if os.Getenv(EnvRequire) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	p, err := startServer(bin)
	if err != nil {
		t.Fatalf("pgtest: start the primary: %v", err)
	}
	t.Cleanup(func() {
		if err := p.stop(); err != nil {
			t.Errorf("pgtest: stop the primary: %v", err)
		}
	})
	s, err := startStandby(bin, p)
	if err != nil {
		t.Fatalf("pgtest: start the standby: %v", err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("pgtest: stop the standby: %v", err)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const name = "planwatch_replicated"
	if err := p.admin(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	// The standby has the database once it has replayed its creation.
	for {
		c, err := pgx.Connect(ctx, s.url(name))
		if err == nil {
			c.Close(ctx)
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("pgtest: the standby never had the new database: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p.url(name), s.url(name)
}

// startStandby copies the primary p with pg_basebackup into a new folder,
// with the settings of a standby that streams from p (-R), and starts it
// on a port of its own, listening on a unix socket in its folder.
func startStandby(bin string, p *server) (*server, error) {
	dir, err := os.MkdirTemp("", "planwatch-pg-standby-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, pgctl: filepath.Join(bin, "pg_ctl"), cred: p.cred}
	fail := func(err error) (*server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if s.cred != nil {
		if err := os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			return fail(err)
		}
	}
	q := p.base.Query()
	data := filepath.Join(dir, "data")
	if out, err := s.run(filepath.Join(bin, "pg_basebackup"), "-D", data, "-R", "-X", "stream", "-h", q.Get("host"), "-p", q.Get("port"), "-U", "planwatch", "--no-sync"); err != nil {
		return fail(fmt.Errorf("pg_basebackup: %v\n%s", err, out))
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	// The copy has the primary's settings; the last ones written win.
	conf := fmt.Sprintf("\nport = %d\nunix_socket_directories = '%s'\nhot_standby = on\n", port, strings.ReplaceAll(dir, "'", "''"))
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
	u := *p.base
	q.Set("host", dir)
	q.Set("port", strconv.Itoa(port))
	u.RawQuery = q.Encode()
	s.base = &u
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.admin(ctx, `SELECT 1`); err != nil {
		s.stop()
		return nil, fmt.Errorf("connect: %v", err)
	}
	return s, nil
}
