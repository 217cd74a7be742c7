package planwatch

import (
	"fmt"
	"strconv"
	"strings"
)

// ConflictError says that a figure was written over a version that is no
// longer the current one: someone wrote another meanwhile. It carries both
// figures, so that the writer sees what changed and decides again; nothing
// was written. Its code is ECONFLICT.
type ConflictError struct {
	Unit string // the unit's reference, for messages
	Over int    // the version the writer had read (0: there was none)
	// Yours is the figure that was not written; Current the version
	// that is current now.
	Yours   Observation
	Current Observation
}

func (e *ConflictError) Error() string {
	what := strings.Join(strings.Fields(strings.Join([]string{e.Unit, e.Yours.Indicator, string(e.Yours.Dims), e.Yours.Period.String()}, " ")), " ")
	read := "no figure"
	if e.Over > 0 {
		read = "version " + strconv.Itoa(e.Over)
	}
	by := ""
	if e.Current.RecordedBy != "" {
		by = " by " + e.Current.RecordedBy
	}
	now := fmt.Sprintf("version %d (%s%s, %s)", e.Current.Version, figureText(e.Current), by, e.Current.RecordedAt.UTC().Format("2006-01-02 15:04:05Z"))
	if e.Current.Version == 0 {
		now = "no figure"
	}
	return fmt.Sprintf("%s: written over %s, but the current one is %s; yours (%s) was not written", what, read, now, figureText(e.Yours))
}

func figureText(o Observation) string {
	if o.Withdrawn() {
		return "withdrawn"
	}
	return strconv.FormatFloat(o.Value, 'f', -1, 64) + " " + o.Status
}

// Unwrap gives the error its code.
func (e *ConflictError) Unwrap() error { return &Error{Code: ECONFLICT, Message: e.Error()} }
