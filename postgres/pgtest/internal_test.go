package pgtest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
