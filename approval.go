package planwatch

import (
	"fmt"
	"time"

	"planwatch/excerpt"
	"planwatch/period"
)

// ApprovalState is where a version of a figure stands. A figure entered on
// the web or imported is a draft until an approver of its unit approves it;
// an approver may instead return it, with a comment, to whoever entered it.
// The state is a record beside the version: approving never changes the
// figure.
type ApprovalState string

const (
	Draft    ApprovalState = "draft"
	Approved ApprovalState = "approved"
	Returned ApprovalState = "returned"
)

// ApprovalStates lists the states in the order a figure goes through them.
var ApprovalStates = []ApprovalState{Draft, Approved, Returned}

// Label names the state in the language ("vi" or "en").
func (s ApprovalState) Label(lang string) string {
	vi := map[ApprovalState]string{Draft: "chưa duyệt", Approved: "đã duyệt", Returned: "trả lại"}
	if lang == "en" {
		return string(s)
	}
	if l, ok := vi[s]; ok {
		return l
	}
	return string(s)
}

// FigureRef names one version of a figure: a series, a period and a
// version, 0 meaning the current one (the latest, approved or not).
type FigureRef struct {
	Key     SeriesKey
	Period  period.Period
	Version int
}

// Decision is what an approver decides on figures: approve them, or
// return them with a comment saying what is wrong.
type Decision struct {
	State   ApprovalState
	Comment string
}

// Validate checks the decision: approved or returned, a return with its
// comment.
func (d Decision) Validate() error {
	switch d.State {
	case Approved:
	case Returned:
		if d.Comment == "" {
			return Errorf(EINVALID, "comment: a figure is returned with a comment saying what to correct")
		}
	default:
		return Errorf(EINVALID, "state: %s is not approved or returned", excerpt.Quote(string(d.State)))
	}
	if msg := checkLong("comment", d.Comment); msg != "" {
		return Errorf(EINVALID, "%s", msg)
	}
	return nil
}

// Approval is a decision recorded on one version of a figure: who decided,
// when, from where, and the comment.
type Approval struct {
	FigureRef
	UnitCode string // filled by the store
	State    ApprovalState
	Comment  string
	By       string
	Via      string
	At       time.Time
}

func (a Approval) String() string {
	return fmt.Sprintf("%s %s %s v%d %s", a.UnitCode, a.Key.Indicator, a.Period, a.Version, a.State)
}
