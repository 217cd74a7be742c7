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
	// Approvals lists the decisions on the versions of one figure,
	// oldest first.
	Approvals(ctx context.Context, key SeriesKey, p PeriodString) ([]Approval, error)
	// Audit lists changes, newest first (see AuditEntry).
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	AccountReader
}

// AccountReader reads the accounts: users by name, grants and tokens by
// user and then ID (of every user for ""), revoked ones too; a token or a
// session by the hash of its secret (ENOTFOUND when there is none).
type AccountReader interface {
	Users(ctx context.Context) ([]User, error)
	Grants(ctx context.Context, user string) ([]Grant, error)
	Tokens(ctx context.Context, user string) ([]Token, error)
	TokenByHash(ctx context.Context, hash string) (Token, error)
	Session(ctx context.Context, hash string) (Session, error)
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
	// Decide records a decision on each figure's version (0: its current
	// one), beside it, and returns what it recorded: a version already
	// approved is not approved again. A figure or version not stored is
	// ENOTFOUND.
	Decide(ctx context.Context, refs []FigureRef, d Decision) ([]Approval, error)
	AccountTx
}

// AccountTx writes the accounts. Every change but a session's is audited
// as the context's Actor's (WithActor). PutUser adds a user or changes
// its fields (Created stays); AddGrant and AddToken set the ID and the
// time; a revocation keeps the record with who revoked it and when.
// Sessions are written with the times their caller gives.
type AccountTx interface {
	PutUser(ctx context.Context, u User) (Change, error)
	AddGrant(ctx context.Context, g *Grant) error
	RevokeGrant(ctx context.Context, id int64) error
	AddToken(ctx context.Context, t *Token) error
	RevokeToken(ctx context.Context, id int64) error
	PutSession(ctx context.Context, s Session) error
	TouchSession(ctx context.Context, hash string, at time.Time) error
	EndSession(ctx context.Context, hash string, at time.Time) error
	// RecordSignIn audits a sign-in through an identity provider, let
	// in or refused, as the context's Actor's (kind AuditSignIns, key
	// the user's name, after SignInFields).
	RecordSignIn(ctx context.Context, s SignIn) error
}

// Store is where planwatch keeps everything. Update runs fn in one write
// transaction, whose changes are recorded as the context's Actor's: if fn returns an error nothing it wrote stays. fn may run
// more than once: a store whose database aborts a transaction to resolve a
// conflict with another (PostgreSQL's serialization failures and
// deadlocks) rolls it back and runs fn again.
type Store interface {
	Reader
	Update(ctx context.Context, fn func(tx Tx) error) error
	Close() error
}
