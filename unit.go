package planwatch

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"planwatch/excerpt"
)

// Level is the kind of place a unit is.
type Level string

const (
	LevelNation   Level = "nation"
	LevelRegion   Level = "region"
	LevelProvince Level = "province"
	LevelDistrict Level = "district"
	LevelCommune  Level = "commune"
	LevelOther    Level = "other"
)

// Levels lists the unit levels in the order of the vocabulary.
var Levels = []Level{LevelNation, LevelRegion, LevelProvince, LevelDistrict, LevelCommune, LevelOther}

// Unit is a place figures belong to. Its code is unique only within its
// validity: the new Bac Ninh (24 from 2025-07-01) reuses Bac Giang's code.
type Unit struct {
	ID     int64
	Code   string
	NameVI string
	NameEN string
	Level  Level
	// Parent is the parent's ID, 0 for none; ParentCode its code.
	Parent     int64
	ParentCode string
	ValidFrom  Date // first day, "" for always
	ValidTo    Date // first day no longer valid, "" for still valid
}

// Validity is the span of days the unit is valid.
func (u Unit) Validity() Span { return Span{u.ValidFrom, u.ValidTo} }

// Ref names the unit unambiguously: its code and the first day it is valid.
func (u Unit) Ref() string {
	if u.ValidFrom == "" {
		return u.Code
	}
	return u.Code + "@" + string(u.ValidFrom)
}

// Name returns the name in the language ("vi" or "en"), falling back to the
// other.
func (u Unit) Name(lang string) string {
	if lang == "en" && u.NameEN != "" || u.NameVI == "" {
		return u.NameEN
	}
	return u.NameVI
}

func (u Unit) String() string { return fmt.Sprintf("%s (%s)", u.Name("vi"), u.Code) }

// Validate checks the fields a unit must have.
func (u Unit) Validate() error {
	var errs []string
	if err := ValidCode(u.Code); err != nil {
		errs = append(errs, "code: "+err.Error())
	}
	if strings.TrimSpace(u.NameVI) == "" {
		errs = append(errs, "name_vi: a unit needs its Vietnamese name")
	}
	errs = addText(errs, []string{"name_vi", u.NameVI, "name_en", u.NameEN}, nil)
	if !slices.Contains(Levels, u.Level) {
		errs = append(errs, fmt.Sprintf("level: %s is not one of %s", excerpt.Quote(string(u.Level)), joinVocab(Levels)))
	}
	errs = addDates(errs, "valid_from", u.ValidFrom, "valid_to", u.ValidTo)
	if u.ValidFrom != "" && u.ValidTo != "" && u.ValidTo <= u.ValidFrom {
		errs = append(errs, fmt.Sprintf("valid_to: %s is not after valid_from %s", u.ValidTo, u.ValidFrom))
	}
	return Problems(errs).Err()
}

// ValidCode checks a code: not empty, no spaces, none of the characters the
// file formats use as separators.
func ValidCode(code string) error {
	if code == "" {
		return fmt.Errorf("is empty")
	}
	if msg := checkName("code", code); msg != "" {
		_, msg, _ = strings.Cut(msg, ": ")
		return errors.New(msg)
	}
	if strings.ContainsAny(code, " \t\r\n,;=|@\"") {
		return fmt.Errorf("%s has a space or one of , ; = | @ \"", excerpt.Quote(code))
	}
	return nil
}

func joinVocab[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, " | ")
}

// Event is a kind of boundary change.
type Event string

const (
	EventMerge    Event = "merge"
	EventSplit    Event = "split"
	EventTransfer Event = "transfer"
	EventRename   Event = "rename"
	EventRecode   Event = "recode"
)

// Events lists the lineage events of the vocabulary.
var Events = []Event{EventMerge, EventSplit, EventTransfer, EventRename, EventRecode}

// LineageEvent links a unit to its successor on a date. A merge of A and B
// into C is two events (A to C, B to C); a split of A into B and C is two
// events with shares; a partial transfer names the share that moved.
type LineageEvent struct {
	Date     Date
	Event    Event
	From, To int64 // unit IDs
	// FromCode and ToCode are the units' codes, filled by the store.
	FromCode, ToCode string
	// Share is the part of From that went to To, in [0,1]; nil when all of it
	// did or when nobody knows.
	Share *float64
}

// Validate checks the event's own fields.
func (e LineageEvent) Validate() error {
	if e.Date == "" {
		return Errorf(EINVALID, "date: a lineage event needs a date")
	}
	if _, err := ParseDate(string(e.Date)); err != nil {
		return Errorf(EINVALID, "date: %v", err)
	}
	if !slices.Contains(Events, e.Event) {
		return Errorf(EINVALID, "event: %s is not one of %s", excerpt.Quote(string(e.Event)), joinVocab(Events))
	}
	if e.Share != nil && (*e.Share < 0 || *e.Share > 1 || *e.Share != *e.Share) {
		return Errorf(EINVALID, "share: %v is outside 0-1", *e.Share)
	}
	// A split or transfer without a share is allowed: the share may be
	// unknown, and comparable series then say so.
	return nil
}

// GroupMember puts a unit in a named group for a span of days.
type GroupMember struct {
	Group     string
	NameVI    string
	NameEN    string
	Unit      int64
	UnitCode  string
	ValidFrom Date
	ValidTo   Date
}

// Validity is the span the membership holds.
func (m GroupMember) Validity() Span { return Span{m.ValidFrom, m.ValidTo} }

// Validate checks the membership's own fields.
func (m GroupMember) Validate() error {
	var errs []string
	if err := ValidCode(m.Group); err != nil {
		errs = append(errs, "group: "+err.Error())
	}
	errs = addText(errs, []string{"name_vi", m.NameVI, "name_en", m.NameEN}, nil)
	errs = addDates(errs, "valid_from", m.ValidFrom, "valid_to", m.ValidTo)
	if m.ValidFrom != "" && m.ValidTo != "" && m.ValidTo <= m.ValidFrom {
		errs = append(errs, fmt.Sprintf("valid_to: %s is not after valid_from %s", m.ValidTo, m.ValidFrom))
	}
	return Problems(errs).Err()
}

// UnitIndex finds units by code at a date or period. It is built from a list
// of units and does no I/O.
type UnitIndex struct {
	byCode map[string][]Unit
	byID   map[int64]Unit
}

// NewUnitIndex indexes units.
func NewUnitIndex(units []Unit) *UnitIndex {
	x := &UnitIndex{byCode: map[string][]Unit{}, byID: map[int64]Unit{}}
	for _, u := range units {
		x.Add(u)
	}
	return x
}

// Add puts (or replaces) a unit in the index.
func (x *UnitIndex) Add(u Unit) {
	list := x.byCode[u.Code]
	for i := range list {
		if list[i].ValidFrom == u.ValidFrom {
			list[i] = u
			x.byID[u.ID] = u
			return
		}
	}
	x.byCode[u.Code] = append(list, u)
	x.byID[u.ID] = u
}

// ByID returns the unit with that ID.
func (x *UnitIndex) ByID(id int64) (Unit, bool) {
	u, ok := x.byID[id]
	return u, ok
}

// ByCode returns every unit that has had the code, oldest first.
func (x *UnitIndex) ByCode(code string) []Unit {
	list := slices.Clone(x.byCode[code])
	slices.SortFunc(list, func(a, b Unit) int { return strings.Compare(string(a.ValidFrom), string(b.ValidFrom)) })
	return list
}

// Resolve finds the unit a reference names within a span of days. A
// reference "24@2025-07-01" names the unit with code 24 valid on that day.
// A bare code names the unit with that code valid on the span's last day,
// or else the latest-starting one valid at some day of the span: 24 in 2024
// is Bac Giang, in 2025 the new Bac Ninh; 27 in 2025 is the old Bac Ninh.
func (x *UnitIndex) Resolve(ref string, within Span) (Unit, error) {
	code, at, explicit := strings.Cut(ref, "@")
	if explicit {
		d, err := ParseDate(at)
		if err != nil || d == "" {
			return Unit{}, Errorf(EINVALID, "%s: after @ comes the date the unit is valid on (YYYY-MM-DD)", excerpt.Quote(ref))
		}
		within = Day(d)
	}
	list := x.byCode[code]
	if len(list) == 0 {
		return Unit{}, Errorf(ENOTFOUND, "no unit has code %s", excerpt.Quote(code))
	}
	last := within.LastDay()
	var best *Unit
	for i := range list {
		u := &list[i]
		v := u.Validity()
		if last != "" && v.Contains(last) || last == "" && v.To == "" {
			return *u, nil
		}
		if v.Overlaps(within) && (best == nil || best.ValidFrom < u.ValidFrom) {
			best = u
		}
	}
	if best != nil {
		return *best, nil
	}
	if len(list) == 1 && within.From == "" && within.To == "" {
		return list[0], nil
	}
	var valid []string
	for _, u := range list {
		valid = append(valid, fmt.Sprintf("%s from %s to %s", u.String(), orOpen(u.ValidFrom), orOpen(u.ValidTo)))
	}
	return Unit{}, Errorf(ENOTFOUND, "no unit with code %s is valid %s (%s)", excerpt.Quote(code), describeSpan(within), strings.Join(valid, "; "))
}

// Matching lists the IDs of the units a reference names when no period
// narrows it: code@date names one, a bare code every unit that has had it.
func (x *UnitIndex) Matching(ref string) ([]int64, error) {
	code, _, explicit := strings.Cut(ref, "@")
	if explicit {
		u, err := x.Resolve(ref, Span{})
		if err != nil {
			return nil, err
		}
		return []int64{u.ID}, nil
	}
	var ids []int64
	for _, u := range x.ByCode(code) {
		ids = append(ids, u.ID)
	}
	if len(ids) == 0 {
		return nil, Errorf(ENOTFOUND, "no unit has code %s", excerpt.Quote(code))
	}
	return ids, nil
}

// RefWithin returns the shortest reference to u that Resolve gives back
// within the span: the bare code where it suffices, else code@date.
func (x *UnitIndex) RefWithin(u Unit, within Span) string {
	if got, err := x.Resolve(u.Code, within); err == nil && got.ID == u.ID {
		return u.Code
	}
	if u.ValidFrom != "" {
		return u.Ref()
	}
	return u.Code + "@" + string(u.ValidTo.AddDays(-1))
}

func orOpen(d Date) string {
	if d == "" {
		return "open"
	}
	return string(d)
}

func describeSpan(s Span) string {
	switch {
	case s.From == "" && s.To == "":
		return "at any time"
	case s.To == s.From.AddDays(1):
		return "on " + string(s.From)
	}
	return fmt.Sprintf("between %s and %s", orOpen(s.From), orOpen(s.LastDay()))
}

// All returns every unit, ordered by code and then by first day.
func (x *UnitIndex) All() []Unit {
	out := make([]Unit, 0, len(x.byCode))
	for _, list := range x.byCode {
		out = append(out, list...)
	}
	slices.SortFunc(out, func(a, b Unit) int {
		if c := strings.Compare(a.Code, b.Code); c != 0 {
			return c
		}
		return strings.Compare(string(a.ValidFrom), string(b.ValidFrom))
	})
	return out
}
