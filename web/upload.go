package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"planwatch"
	"planwatch/account"
	"planwatch/exchange"
	"planwatch/locale"
	"planwatch/period"
)

// The upload page: /u/{unit}/upload takes any file planwatch import reads,
// shows what it would add or change (import --dry-run's list) and writes
// it only when confirmed. The file waits on the server meanwhile, for the
// person who sent it only, for at most uploadKeep. A reporter uploads the
// figures of units they enter; units, plans, targets and the rest need an
// administrator.

const (
	maxUploadFile = 16 << 20
	uploadKeep    = 30 * time.Minute
	maxKept       = 32
	maxUploadRows = 500_000
)

type keptUpload struct {
	user, name string
	data       []byte
	at         time.Time
}

// uploads are the files waiting for a confirmation.
type uploads struct {
	mu   sync.Mutex
	kept map[string]keptUpload
}

func (u *uploads) put(k keptUpload) (string, error) {
	id, _, err := account.NewSecret("")
	if err != nil {
		return "", err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.kept == nil {
		u.kept = map[string]keptUpload{}
	}
	for id, x := range u.kept {
		if time.Since(x.at) > uploadKeep {
			delete(u.kept, id)
		}
	}
	if len(u.kept) >= maxKept {
		var oldest string
		for id, x := range u.kept {
			if oldest == "" || x.at.Before(u.kept[oldest].at) {
				oldest = id
			}
		}
		delete(u.kept, oldest)
	}
	u.kept[id] = k
	return id, nil
}

func (u *uploads) take(id, user string) (keptUpload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	k, ok := u.kept[id]
	if !ok || k.user != user || time.Since(k.at) > uploadKeep {
		return keptUpload{}, false
	}
	delete(u.kept, id)
	return k, true
}

type uploadPage struct {
	Unit    planwatch.Unit
	Action  string
	Name    string
	ID      string
	Counts  []planwatch.Count
	Planned []plannedRow
	More    int
	Errors  []string
	Saved   string
}

type plannedRow struct {
	Kind, Key, Change, Where string
}

func (p *pages) uploadScope(w http.ResponseWriter, r *http.Request, pr *account.Principal, l locale.Lang) (planwatch.Unit, *account.Scope, bool) {
	snap := p.s.current()
	u, err := snap.rv.Unit(r.PathValue("unit"), period.Period{})
	if err != nil {
		p.fail(w, r, l, statusOf(err), err.Error())
		return u, nil, false
	}
	sc, err := p.s.scope(r.Context(), snap)
	if err != nil {
		p.fail(w, r, l, http.StatusInternalServerError, err.Error())
		return u, nil, false
	}
	if !sc.Allowed(pr.Grants, account.Enter, u.ID, "") {
		p.fail(w, r, l, http.StatusForbidden, T(l, "Only a reporter of this unit or a unit above it may enter its figures."))
		return u, nil, false
	}
	return u, sc, true
}

func (p *pages) uploadForm(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	u, _, ok := p.uploadScope(w, r, pr, l)
	if !ok {
		return
	}
	p.render(w, r, l, "upload", T(l, "Upload a file")+" · "+u.Name(string(l)), uploadPage{Unit: u, Action: r.URL.Path, Saved: r.URL.Query().Get("saved")})
}

// readUpload reads a file as import does, with the streams drained into
// records (a file is at most 16 MB), and checks that the person may
// write every record in it.
func (p *pages) readUpload(ctx context.Context, sc *account.Scope, pr *account.Principal, name string, data []byte, l locale.Lang) (*planwatch.Batch, error) {
	st := p.s.Accounts.Store
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	inds, err := st.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	b, _, err := exchange.OpenWith(name, bytes.NewReader(data), exchange.Options{Units: units, Indicators: inds})
	if err != nil {
		return nil, err
	}
	var errs planwatch.ErrorList
	for _, s := range b.Streams {
		if err := s(func(o planwatch.ObservationRecord) bool {
			b.Observations = append(b.Observations, o)
			return len(b.Observations) <= maxUploadRows
		}); err != nil {
			errs = append(errs, err)
		}
	}
	b.Streams = nil
	if len(b.Observations) > maxUploadRows {
		return nil, planwatch.Errorf(planwatch.EINVALID, "more than %d figures: import the file with planwatch import", maxUploadRows)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(b.Units)+len(b.Lineage)+len(b.Groups)+len(b.Indicators)+len(b.Codes)+len(b.Sources)+len(b.Plans)+len(b.Targets) > 0 && !sc.Allowed(pr.Grants, account.Admin, 0, "") {
		return nil, planwatch.Errorf(planwatch.EFORBIDDEN, "%s", T(l, "The file holds records other than figures (units, plans, targets...): only an administrator uploads those."))
	}
	x := planwatch.NewUnitIndex(units)
	var refused planwatch.ErrorList
	for _, o := range b.Observations {
		u, err := x.Resolve(o.Unit, planwatch.PeriodSpan(o.Observation.Period))
		if err != nil {
			continue // the import says why
		}
		if !sc.Allowed(pr.Grants, account.Enter, u.ID, o.Observation.Indicator) && len(refused) < 20 {
			refused = append(refused, planwatch.Errorf(planwatch.EFORBIDDEN, "%s: %s %s %s %s", o.Pos, T(l, "not yours to enter"), o.Unit, o.Observation.Indicator, o.Observation.Period))
		}
	}
	return b, refused.Err()
}

func (p *pages) uploadPost(w http.ResponseWriter, r *http.Request) {
	pr, ok := p.mustSignIn(w, r)
	if !ok {
		return
	}
	l := lang(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadFile+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		p.fail(w, r, l, http.StatusRequestEntityTooLarge, T(l, "The file is larger than 16 MB: import it with planwatch import."))
		return
	}
	if !p.guardPost(w, r, pr.Session.Hash) {
		return
	}
	u, sc, ok := p.uploadScope(w, r, pr, l)
	if !ok {
		return
	}
	pg := uploadPage{Unit: u, Action: r.URL.Path}
	var k keptUpload
	if id := r.PostFormValue("confirm"); id != "" {
		if k, ok = p.s.uploads.take(id, pr.User.Name); !ok {
			p.fail(w, r, l, http.StatusBadRequest, T(l, "The upload has expired: send the file again."))
			return
		}
	} else {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			p.fail(w, r, l, http.StatusBadRequest, T(l, "Choose a file to upload."))
			return
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxUploadFile+1))
		if err != nil || len(data) > maxUploadFile {
			p.fail(w, r, l, http.StatusRequestEntityTooLarge, T(l, "The file is larger than 16 MB: import it with planwatch import."))
			return
		}
		k = keptUpload{user: pr.User.Name, name: hdr.Filename, data: data, at: time.Now()}
	}
	pg.Name = k.name
	b, err := p.readUpload(r.Context(), sc, pr, k.name, k.data, l)
	if err == nil {
		if r.PostFormValue("confirm") != "" {
			var sum planwatch.Summary
			sum, err = planwatch.Apply(p.s.actor(r, pr), p.s.Accounts.Store, b, planwatch.ApplyOptions{RecordedBy: pr.User.Name})
			if err == nil {
				c := sum.Get("observations")
				q := url.Values{"saved": {fmt.Sprintf("%d+%d", c.Added, c.Changed)}}
				http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
				return
			}
		} else {
			var mu sync.Mutex
			var planned []planwatch.Planned
			var sum planwatch.Summary
			sum, err = planwatch.Apply(r.Context(), p.s.Accounts.Store, b, planwatch.ApplyOptions{DryRun: true, RecordedBy: pr.User.Name, PlanLimit: 50,
				Plan: func(x planwatch.Planned) { mu.Lock(); planned = append(planned, x); mu.Unlock() }})
			if err == nil {
				for _, c := range sum {
					if c.Added+c.Changed > 0 {
						pg.Counts = append(pg.Counts, c)
						pg.More += c.Added + c.Changed
					}
				}
				sort.SliceStable(planned, func(i, j int) bool { return planned[i].Kind < planned[j].Kind })
				for _, x := range planned {
					ch := "+ " + x.New
					if x.Change == planwatch.Changed {
						ch = x.Old + " → " + x.New
					}
					pg.Planned = append(pg.Planned, plannedRow{Kind: x.Kind, Key: x.Key, Change: ch, Where: x.Pos.String()})
				}
				pg.More -= len(pg.Planned)
				if len(pg.Counts) > 0 {
					if pg.ID, err = p.s.uploads.put(k); err != nil {
						p.fail(w, r, l, http.StatusInternalServerError, err.Error())
						return
					}
				}
			}
		}
	}
	if err != nil {
		var list planwatch.ErrorList
		if !errors.As(err, &list) {
			list = planwatch.ErrorList{err}
		}
		for _, e := range list {
			pg.Errors = append(pg.Errors, e.Error())
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		code := http.StatusUnprocessableEntity
		if planwatch.ErrorCode(err) == planwatch.EFORBIDDEN {
			code = http.StatusForbidden
		}
		w.WriteHeader(code)
	}
	p.render(w, r, l, "upload", T(l, "Upload a file")+" · "+u.Name(string(l)), pg)
}
