// Package planwatch holds the domain of planwatch: units that merge and split,
// indicators, observations with their versions, plans and their targets; the
// errors every layer speaks; and the store interfaces that the storage
// packages implement. It does no I/O of its own.
package planwatch

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The HTTP layer maps them to statuses; the command line to
// exit codes.
const (
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	ECONFLICT = "conflict"
	EINTERNAL = "internal"
	// EUNAUTHORIZED: not signed in, or the session or token has ended.
	EUNAUTHORIZED = "unauthorized"
	// EFORBIDDEN: signed in, but not allowed to do this here.
	EFORBIDDEN = "forbidden"
)

// Error is a domain error: a code for programs and a message for people.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not ours
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return EINVALID
	}
	var le ErrorList
	if errors.As(err, &le) {
		return EINVALID
	}
	var ps Problems
	if errors.As(err, &ps) {
		return EINVALID
	}
	return EINTERNAL
}

// Problems is what a Validate method found wrong with a record, each
// problem a column and what is wrong with it ("low: 8 is above high 7").
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "; ") }

// Err returns p as an error, or nil when it is empty.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// Pos is where a record came from: a file and a line (1-based, counting the
// header as line 1).
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return ""
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s line %d", p.File, p.Line)
}

// FieldError is bad input at a place in a file: file, line, column, problem.
type FieldError struct {
	Pos
	Column string
	Msg    string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	if e.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("column " + e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is several errors reported together, so that a user fixes a
// file in one pass rather than one error per run.
type ErrorList []error

// MaxErrors bounds an ErrorList: past it, a file is wrong in a way that more
// messages will not explain.
const MaxErrors = 100

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As look inside.
func (l ErrorList) Unwrap() []error { return l }

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
