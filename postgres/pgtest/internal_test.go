package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestUnprivileged checks that a server started by root runs as another
// user, from a folder that user owns, as initdb requires.
func TestUnprivileged(t *testing.T) {
	Database(t)
	if srv.dir == "" {
		t.Skip("the server is " + EnvURL + "'s, not one started here")
	}
	fi, err := os.Stat(filepath.Join(srv.dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	owner := fi.Sys().(*syscall.Stat_t).Uid
	pid, err := os.ReadFile(filepath.Join(srv.dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatalf("no postmaster.pid: %v", err)
	}
	if os.Geteuid() == 0 && owner == 0 {
		t.Errorf("running as root, the cluster is owned by root")
	}
	if os.Geteuid() != 0 && owner != uint32(os.Geteuid()) {
		t.Errorf("the cluster is owned by %d, not by the user running the tests", owner)
	}
	// The first line of postmaster.pid is the server's process ID.
	first, _, _ := strings.Cut(string(pid), "\n")
	proc, err := os.Stat("/proc/" + strings.TrimSpace(first))
	if err != nil {
		t.Fatalf("server process %q: %v", first, err)
	}
	if uid := proc.Sys().(*syscall.Stat_t).Uid; uid != owner {
		t.Errorf("the server runs as %d, the cluster is owned by %d", uid, owner)
	}
}

// TestFromURL makes databases on a server named by URL, as
// $PLANWATCH_TEST_POSTGRES names one: here the server already started.
func TestFromURL(t *testing.T) {
	Database(t)
	s, err := fromURL(srv.base.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.stop()
	if s.dir != "" {
		t.Error("a server named by URL would be stopped and removed at the end")
	}
	ctx := context.Background()
	if err := s.admin(ctx, `CREATE DATABASE planwatch_from_url`); err != nil {
		t.Fatal(err)
	}
	c, err := pgx.Connect(ctx, s.url("planwatch_from_url"))
	if err != nil {
		t.Fatal(err)
	}
	var name string
	err = c.QueryRow(ctx, `SELECT current_database()`).Scan(&name)
	c.Close(ctx)
	if err != nil || name != "planwatch_from_url" {
		t.Errorf("connected to %q (%v)", name, err)
	}
	if err := s.admin(ctx, `DROP DATABASE planwatch_from_url`); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"host=x dbname=y", "http://x/y"} {
		if _, err := fromURL(bad); err == nil || !strings.Contains(err.Error(), "must be a URL") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
