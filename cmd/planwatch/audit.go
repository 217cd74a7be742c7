package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"planwatch"
	"planwatch/account"
)

func runAudit(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "audit", "audit [--db FILE] [--unit U] [--user NAME] [--kind K]... [--from D] [--to D] [--limit N] [--format table|csv|json] [--lang vi|en]",
		"List the changes, newest first: who made each, when, from where (an address or a\ncommand), what it changed, and the fields before and after. Figures, decisions on them,\nunits, plans, targets, users, grants and tokens; nothing is ever deleted from it.")
	unitRef := fs.String("unit", "", "only changes of this unit and the units below it or formed from it")
	user := fs.String("user", "", "only changes by this user")
	var kinds []string
	fs.Func("kind", "only changes of this kind (repeat): "+strings.Join(planwatch.AuditKinds, ", "), func(s string) error {
		if !slices.Contains(planwatch.AuditKinds, s) {
			return fmt.Errorf("one of %s", strings.Join(planwatch.AuditKinds, ", "))
		}
		kinds = append(kinds, s)
		return nil
	})
	from := fs.String("from", "", "only changes on or after this day (YYYY-MM-DD, UTC) or time (RFC 3339)")
	to := fs.String("to", "", "only changes before the end of this day (YYYY-MM-DD, UTC) or before this time (RFC 3339)")
	limit := fs.Int("limit", 0, "only the newest so many")
	format := fs.String("format", "table", strings.Join(account.AuditFormats, ", "))
	lang := langFlag(fs, "language of the header")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !slices.Contains(account.AuditFormats, *format) {
		fmt.Fprintf(e.stderr, "--format is one of %s\n", strings.Join(account.AuditFormats, ", "))
		return errUsage
	}
	f := planwatch.AuditFilter{User: *user, Kinds: kinds, Limit: *limit}
	var err error
	if f.From, err = auditTime(*from, false); err != nil {
		return fmt.Errorf("--from: %v", err)
	}
	if f.To, err = auditTime(*to, true); err != nil {
		return fmt.Errorf("--to: %v", err)
	}
	db, err := e.openExisting(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *unitRef != "" {
		units, err := db.Units(ctx)
		if err != nil {
			return err
		}
		lineage, err := db.Lineage(ctx)
		if err != nil {
			return err
		}
		u, err := planwatch.NewUnitIndex(units).Resolve(*unitRef, planwatch.Span{})
		if err != nil {
			return err
		}
		f, _ = account.NewScope(units, lineage).AuditFilter([]planwatch.Grant{{Role: planwatch.RoleAdmin}}, u.ID, f)
	}
	es, err := db.Audit(ctx, f)
	if err != nil {
		return err
	}
	return account.WriteAudit(e.stdout, es, *format, *lang)
}

// auditTime reads a day or an RFC 3339 time; a day as an upper bound is
// its end.
func auditTime(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("%q is not YYYY-MM-DD nor an RFC 3339 time", s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}
