package planwatch

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"planwatch/excerpt"
	"planwatch/period"
)

// Statuses are the SDMX observation status codes (CL_OBS_STATUS) a figure
// may carry. A is a normal value, E an estimate, P provisional, F a forecast.
var Statuses = map[string]string{
	"A": "normal", "B": "time series break", "D": "definition differs",
	"E": "estimated", "F": "forecast", "G": "experimental", "I": "imputed",
	"K": "included in another category", "L": "missing, not collected",
	"M": "missing, cannot exist", "N": "not significant", "O": "missing",
	"P": "provisional", "Q": "missing, suppressed", "S": "strike",
	"U": "low reliability", "V": "unvalidated",
}

// StatusNormal is the status of a figure that says none.
const StatusNormal = "A"

// StatusWithdrawn is the status of a version that withdraws a figure (an
// SDMX deletion): SDMX's "missing value".
const StatusWithdrawn = "O"

// MissingStatus reports whether s is one of SDMX's codes for a missing
// value (L, M, O, Q). A version with such a status holds no figure: the
// series has no current value at its period from then on, and the
// versions before it stay in its history.
func MissingStatus(s string) bool { return s == "L" || s == "M" || s == "O" || s == "Q" }

// Withdrawn reports whether o holds no figure (see MissingStatus).
func (o Observation) Withdrawn() bool { return MissingStatus(o.Status) }

// ValidStatus checks an SDMX observation status code.
func ValidStatus(s string) error {
	if _, ok := Statuses[s]; ok {
		return nil
	}
	codes := make([]string, 0, len(Statuses))
	for c := range Statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return fmt.Errorf("%s is not an SDMX observation status (%s)", excerpt.Quote(s), strings.Join(codes, " "))
}

// SeriesKey names one series: a unit, an indicator and dimension values.
type SeriesKey struct {
	Unit      int64
	Indicator string
	Dims      Dims
}

// Observation is one version of the value of a series at a period. Writing
// a new value adds a version; the current value is the latest version.
type Observation struct {
	Unit      int64
	UnitCode  string // filled by the store
	Indicator string
	Dims      Dims
	Period    period.Period
	Value     float64
	Status    string // SDMX code, "A" by default
	Source    string // document, page or quote
	Note      string
	// RecordedBy and RecordedAt say who wrote this version and when;
	// Version counts from 1. The store sets RecordedAt and Version.
	RecordedBy string
	RecordedAt time.Time
	Version    int
	// Approval is where the version stands (the store fills it): Draft
	// until an approver approves it. On writing, Approved puts the new
	// versions in a revision approved as it is written (an administrator's
	// import of figures approved elsewhere); anything else writes drafts.
	Approval ApprovalState
}

// Key returns the series the observation belongs to.
func (o Observation) Key() SeriesKey { return SeriesKey{o.Unit, o.Indicator, o.Dims} }

// SameFigure reports whether o and p state the same thing: writing p over
// o would change nothing a reader sees.
func (o Observation) SameFigure(p Observation) bool {
	return o.Value == p.Value && o.Status == p.Status && o.Source == p.Source && o.Note == p.Note
}

// Validate checks the observation's own fields.
func (o Observation) Validate() error {
	switch {
	case o.Period.IsZero():
		return Errorf(EINVALID, "period: missing")
	case math.IsNaN(o.Value) || math.IsInf(o.Value, 0):
		return Errorf(EINVALID, "value: %v is not a finite number", o.Value)
	}
	if err := ValidStatus(o.Status); err != nil {
		return Errorf(EINVALID, "status: %v", err)
	}
	if err := ValidCode(o.Indicator); err != nil {
		return Errorf(EINVALID, "indicator: %v", err)
	}
	if errs := addText(nil, []string{"recorded_by", o.RecordedBy}, []string{"source", o.Source, "note", o.Note}); len(errs) > 0 {
		return Problems(errs)
	}
	return nil
}

// ObservationFilter selects current observations; zero fields select all.
type ObservationFilter struct {
	Units      []int64
	Indicators []string
	Dims       *Dims
	Period     period.Period // only observations whose period lies within it
	Exact      bool          // Period must equal the observation's period
	// Periods, when set, selects the observations of these periods only,
	// each matched exactly: the year of a fact and the year before it,
	// read together.
	Periods []period.Period
	// KnownOn, when set, reads the store as it was then: only versions
	// recorded at or before it count, and the latest of them is current
	// (a report of 31/12/2025 made again after the official figures came).
	KnownOn time.Time
	// Revision, when set, reads only the versions written by revisions up
	// to this one (a store's LatestRevision): a review that reads figures
	// as it needs them sees the store as it was when it began, whatever is
	// imported meanwhile. Writers take turns, so revisions are numbered in
	// the order they were committed. A negative one reads nothing: the
	// store had no revision yet.
	Revision int64
	// Approved reads only approved versions, the latest of them current:
	// what viewers and the public see. Otherwise the latest version is
	// current, approved or not, with its state in Observation.Approval.
	// With KnownOn, only the decisions recorded by then count.
	Approved bool
}

// Known reports whether a version recorded at t counts under the filter.
func (f ObservationFilter) Known(t time.Time) bool {
	return f.KnownOn.IsZero() || !t.After(f.KnownOn)
}

// Match reports whether o passes the filter.
func (f ObservationFilter) Match(o Observation) bool {
	if len(f.Units) > 0 && !slices.Contains(f.Units, o.Unit) {
		return false
	}
	if len(f.Indicators) > 0 && !slices.Contains(f.Indicators, o.Indicator) {
		return false
	}
	if f.Dims != nil && *f.Dims != o.Dims {
		return false
	}
	if !f.Period.IsZero() {
		if f.Exact && f.Period != o.Period || !f.Exact && !f.Period.Contains(o.Period) {
			return false
		}
	}
	if len(f.Periods) > 0 && !slices.Contains(f.Periods, o.Period) {
		return false
	}
	return true
}
