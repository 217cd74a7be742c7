package planwatch

import (
	"context"
	"time"
)

// Change says what writing a record did.
type Change int

const (
	Unchanged Change = iota
	Added
	Changed
)

// Reader reads the store. Observations gives current values only, and
// none where the latest version is withdrawn (Observation.Withdrawn); History
// gives every version of one series at one period, oldest first. Codes come
// by dimension and value, sources by code.
type Reader interface {
	Units(ctx context.Context) ([]Unit, error)
	Lineage(ctx context.Context) ([]LineageEvent, error)
	GroupMembers(ctx context.Context) ([]GroupMember, error)
	Indicators(ctx context.Context) ([]Indicator, error)
	Codes(ctx context.Context) ([]DimensionCode, error)
	Sources(ctx context.Context) ([]Source, error)
	Plans(ctx context.Context) ([]Plan, error)
	Targets(ctx context.Context, f TargetFilter) ([]Target, error)
	Observations(ctx context.Context, f ObservationFilter) ([]Observation, error)
	History(ctx context.Context, key SeriesKey, p PeriodString) ([]Observation, error)
	ChangeLog(ctx context.Context) ([]LoggedChange, error)
}

// LoggedChange is a record as it was before a correction: its kind, its
// key, its old fields as JSON, and when it was changed.
type LoggedChange struct {
	At   time.Time
	Kind string
	Key  string
	Old  string
}

// PeriodString is a canonical period string; the store keys on it.
type PeriodString = string

// Tx writes within one transaction. Each Put compares with what is stored
// and reports what it did. PutUnit sets u.ID. PutObservations never
// overwrites: a figure different from the current one becomes a new
// version, an equal one is left alone; it counts what it did. Within one
// transaction no series and period may be given twice.
type Tx interface {
	Reader
	PutUnit(ctx context.Context, u *Unit) (Change, error)
	PutLineage(ctx context.Context, e LineageEvent) (Change, error)
	PutGroupMember(ctx context.Context, m GroupMember) (Change, error)
	PutIndicator(ctx context.Context, in Indicator) (Change, error)
	PutCode(ctx context.Context, c DimensionCode) (Change, error)
	PutSource(ctx context.Context, s Source) (Change, error)
	PutPlan(ctx context.Context, p Plan) (Change, error)
	PutTarget(ctx context.Context, t Target) (Change, error)
	PutObservations(ctx context.Context, obs []Observation) (Count, error)
}

// Store is where planwatch keeps everything. Update runs fn in one write
// transaction: if fn returns an error nothing it wrote stays. fn may run
// more than once: a store whose database aborts a transaction to resolve a
// conflict with another (PostgreSQL's serialization failures and
// deadlocks) rolls it back and runs fn again.
type Store interface {
	Reader
	Update(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}
