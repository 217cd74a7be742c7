package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/account"
	"planwatch/locale"
	"planwatch/period"
)

// approvedOnlyFlag adds --approved-only, which makes the command's review
// read approved figures only.
func approvedOnlyFlag(fs *flag.FlagSet, e *env) {
	fs.BoolVar(&e.approvedOnly, "approved-only", false, "use approved figures only, as viewers and the public see them (default: drafts too, listed after the table)")
}

// printDrafts says which figures not yet approved a table used.
func printDrafts(w io.Writer, drafts []string, l locale.Lang) {
	slices.Sort(drafts)
	drafts = slices.Compact(drafts)
	if len(drafts) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s (%d): %s\n", say(l, "Số liệu chưa duyệt đã dùng; --approved-only để bỏ qua", "Figures not yet approved used; --approved-only leaves them out"), len(drafts), strings.Join(drafts, "; "))
}

// actorUser checks that --by names a user who may act: one who exists and
// is not disabled, and their grants that hold.
func actorUser(ctx context.Context, r planwatch.AccountReader, name string) ([]planwatch.Grant, error) {
	u, found, err := findUser(ctx, r, name)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, planwatch.Errorf(planwatch.EFORBIDDEN, "--by %s: no such user (planwatch user add %s)", name, name)
	}
	if u.Disabled {
		return nil, planwatch.Errorf(planwatch.EFORBIDDEN, "--by %s: the user is disabled", name)
	}
	gs, err := r.Grants(ctx, name)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(gs, func(g planwatch.Grant) bool { return !g.Active() }), nil
}

func runApprove(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "approve", "approve [--db FILE] --unit U --period P [--indicator I]... [--below] [--return --comment TEXT] --by USER",
		"Approve the drafts of a unit at a period (figures of periods within it: --period 2025\napproves 2025's months and quarters too), of some indicators or all, or return them\nwith a comment saying what to correct. --by names the approver: an approver (or an\nadmin) of the unit or a unit above it. Approval is recorded beside each version; no\nfigure changes. A figure written after the drafts were read is left for next time.")
	unitRef := fs.String("unit", "", "the unit: a code (resolved within the period) or code@YYYY-MM-DD")
	per := fs.String("period", "", "the period: 2025, 2025-Q3, 2025-07 ...")
	var inds []string
	fs.Func("indicator", "only this indicator's figures (repeat)", func(s string) error { inds = append(inds, s); return nil })
	below := fs.Bool("below", false, "the units below it as well (an approver of a province approves its communes')")
	ret := fs.Bool("return", false, "return the figures instead of approving them")
	comment := fs.String("comment", "", "what to correct (a return needs it) or a note on the approval")
	by := fs.String("by", "", "the approver's username")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *unitRef == "" || *per == "" || *by == "" {
		fmt.Fprintln(e.stderr, "approve needs --unit, --period and --by")
		return errUsage
	}
	p, err := period.Parse(*per)
	if err != nil {
		return fmt.Errorf("--period: %v", err)
	}
	d := planwatch.Decision{State: planwatch.Approved, Comment: *comment}
	if *ret {
		d.State = planwatch.Returned
	}
	if err := d.Validate(); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	grants, err := actorUser(ctx, db, *by)
	if err != nil {
		return err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	lineage, err := db.Lineage(ctx)
	if err != nil {
		return err
	}
	u, err := planwatch.NewUnitIndex(units).Resolve(*unitRef, planwatch.PeriodSpan(p))
	if err != nil {
		return err
	}
	scope := account.NewScope(units, lineage)
	ids := []int64{u.ID}
	if *below {
		ids = scope.Below(u.ID)
	}
	obs, err := db.Observations(ctx, planwatch.ObservationFilter{Units: ids, Indicators: inds, Period: p})
	if err != nil {
		return err
	}
	var refs []planwatch.FigureRef
	var refused []string
	for _, o := range obs {
		if o.Approval == planwatch.Approved || d.State == planwatch.Returned && o.Approval == planwatch.Returned {
			continue
		}
		if !scope.Allowed(grants, account.Approve, o.Unit, o.Indicator) {
			refused = append(refused, figureName(o))
			continue
		}
		refs = append(refs, planwatch.FigureRef{Key: o.Key(), Period: o.Period, Version: o.Version})
	}
	if len(refused) > 0 {
		return planwatch.Errorf(planwatch.EFORBIDDEN, "%s is not an approver of %d of the figures, nothing decided: %s", *by, len(refused), strings.Join(refused, "; "))
	}
	if len(refs) == 0 {
		fmt.Fprintln(e.stdout, "không có số liệu chờ duyệt / no drafts to decide on")
		return nil
	}
	actx := planwatch.WithActor(ctx, planwatch.Actor{User: *by, Via: "cli: planwatch approve " + strings.Join(args, " ")})
	var done []planwatch.Approval
	err = db.Update(actx, func(tx planwatch.Tx) error {
		var err error
		done, err = tx.Decide(ctx, refs, d)
		return err
	})
	if err != nil {
		return err
	}
	verb := "đã duyệt / approved"
	if d.State == planwatch.Returned {
		verb = "đã trả lại / returned"
	}
	fmt.Fprintf(e.stdout, "%s: %d\n", verb, len(done))
	for _, a := range done {
		dims := ""
		if a.Key.Dims != "" {
			dims = " " + string(a.Key.Dims)
		}
		fmt.Fprintf(e.stdout, "  %s %s%s %s v%d\n", a.UnitCode, a.Key.Indicator, dims, a.Period, a.Version)
	}
	return nil
}

func figureName(o planwatch.Observation) string {
	return strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s", o.UnitCode, o.Indicator, o.Dims, o.Period)), " ")
}
