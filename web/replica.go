package web

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"planwatch"
)

// A server may read from a read-only replica of the database it writes to
// (Server.Primary is then the primary, and the store the replica):
//
//   - the public snapshot, its pages and the API read the replica alone,
//     and the data version that tells when to load a new snapshot is the
//     replica's, so that a snapshot never mixes figures of two versions;
//     the public sees a write once the replica has replayed it;
//   - signed-in people's pages, which show the drafts they may see, read
//     the primary, with the units' tree that their grants are checked
//     against: what someone just entered or approved shows on their next
//     page without waiting for the replica. The server looks at the
//     primary's data version with the replica's, and when only the
//     primary's moved it keeps the public snapshot and drops the
//     signed-in reviews, which are then read again from the primary;
//   - everything that writes (sessions, entry, approval, upload, the
//     audit) goes through Accounts, on the primary.
//
// /healthz says which store each part reads, and how far the replica is
// behind: the two data versions of the last look, and since when they
// differ.

// replicaState is the last look at the replica and the primary.
type replicaState struct {
	replica, primary atomic.Int64
	// behindSince is when the replica was first seen behind the
	// primary, in Unix nanoseconds, or 0 when it was not at the last
	// look.
	behindSince atomic.Int64
}

// personalStore is the store signed-in people's pages read.
func (s *Server) personalStore() planwatch.Store {
	if s.Primary != nil {
		return s.Primary
	}
	return s.store
}

// dataVersion is a store's data version, or 0 when it has none.
func dataVersion(ctx context.Context, st planwatch.Reader) (int64, error) {
	if vs, ok := st.(Versioner); ok {
		return vs.DataVersion(ctx)
	}
	return 0, nil
}

// versions are the store's data version and the primary's, the same
// when there is no replica. The primary's is read first, so that the
// replica's can only be as new or older; the look is recorded for
// /healthz.
func (s *Server) versions(ctx context.Context) (v, pv int64, err error) {
	if s.Primary == nil {
		v, err = dataVersion(ctx, s.store)
		return v, v, err
	}
	if pv, err = dataVersion(ctx, s.Primary); err != nil {
		return 0, 0, fmt.Errorf("primary: %w", err)
	}
	if v, err = dataVersion(ctx, s.store); err != nil {
		return 0, 0, fmt.Errorf("replica: %w", err)
	}
	r := &s.replica
	r.replica.Store(v)
	r.primary.Store(pv)
	if v == pv {
		r.behindSince.Store(0)
	} else {
		r.behindSince.CompareAndSwap(0, time.Now().UnixNano())
	}
	return v, pv, nil
}

// healthzReplica adds to /healthz what reads where and the replica's lag.
func (s *Server) healthzReplica(w io.Writer, snap *snapshot) {
	if s.Primary == nil {
		return
	}
	r := &s.replica
	fmt.Fprintln(w, "reads: public pages and API from the replica; signed-in pages from the primary")
	fmt.Fprintln(w, "writes: sign-in, entry, approval, upload and audit to the primary")
	v, pv := r.replica.Load(), r.primary.Load()
	if since := r.behindSince.Load(); since != 0 {
		fmt.Fprintf(w, "replica: behind, data version %d against the primary's %d, for %s\n", v, pv, time.Since(time.Unix(0, since)).Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "replica: caught up, data version %d as the primary's\n", v)
	}
	if snap.primary != snap.version {
		fmt.Fprintf(w, "signed-in pages: primary's data version %d\n", snap.primary)
	}
}
