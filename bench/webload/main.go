// Webload measures the dashboard under load: it builds a store of about a
// million observations (34 provinces x 200 indicators x 30 years and 120
// quarters), serves it on loopback and sends dashboard requests from
// concurrent clients for a fixed time, then prints requests per second and
// latency percentiles. Then it imports one figure at a time while clients
// ask for /healthz and dashboards, and prints their latency while the
// server reloads its snapshot in the background, and just after.
//
//	go run ./bench/webload [-duration 10s] [-clients 16] [-reloads 3] [-rate 200]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"planwatch"
	"planwatch/period"
	"planwatch/sqlite"
	"planwatch/web"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long to send requests")
	clients := flag.Int("clients", 16, "concurrent clients")
	reloads := flag.Int("reloads", 3, "one-figure imports to measure the reload under (0: none)")
	rate := flag.Int("rate", 200, "requests per second during the reloads (0: as fast as -clients clients can)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "webload")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "load.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	start := time.Now()
	b := &planwatch.Batch{Units: []planwatch.UnitRecord{{Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}}},
		Plans: []planwatch.PlanRecord{{Plan: planwatch.Plan{Code: "P", Kind: "five_year_plan", TitleEN: "Plan", TitleVI: "Kế hoạch", Horizon: period.MustParse("2021/2025")}, Unit: "VN"}}}
	for p := 1; p <= 34; p++ {
		b.Units = append(b.Units, planwatch.UnitRecord{Unit: planwatch.Unit{Code: fmt.Sprintf("%02d", p), NameVI: fmt.Sprintf("Tỉnh %d", p), NameEN: fmt.Sprintf("Province %d", p), Level: planwatch.LevelProvince}, Parent: "VN"})
	}
	for i := 0; i < 200; i++ {
		code := fmt.Sprintf("I%03d", i)
		b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Indicator: planwatch.Indicator{Code: code, NameVI: "Chỉ tiêu " + code, NameEN: "Indicator " + code,
			MeasureUnit: "VND bn", Type: planwatch.TypeFlow, Aggregation: planwatch.Aggregation{Rule: "sum"}, Direction: planwatch.DirUp}})
	}
	for p := 1; p <= 34; p++ {
		unit := fmt.Sprintf("%02d", p)
		for i := 0; i < 200; i++ {
			code := fmt.Sprintf("I%03d", i)
			v := float64(100 + p + i)
			for y := 1996; y <= 2025; y++ {
				b.Observations = append(b.Observations, obs(unit, code, period.Year(y), v))
				for q := 1; q <= 4; q++ {
					qp, _ := period.New(period.Quarter, y, q)
					b.Observations = append(b.Observations, obs(unit, code, qp, v/4))
				}
				v *= 1 + float64((p+i+y)%11)/100
			}
			target := v * 1.1
			b.Targets = append(b.Targets, planwatch.TargetRecord{Unit: unit, Target: planwatch.Target{Plan: "P", Indicator: code, Period: period.MustParse("2026"), Kind: planwatch.AtLeast, Value: &target}})
		}
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("store: %d observations, %d targets, built in %s\n", len(b.Observations), len(b.Targets), time.Since(start).Round(time.Millisecond))
	b = nil

	start = time.Now()
	s, err := web.New(db, slog.New(snapshotLog{slog.NewTextHandler(os.Stdout, nil)}), "01")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("snapshot loaded in %s\n", time.Since(start).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Handler: s.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	// The first request of each dashboard computes its facts and verdicts;
	// it is measured apart.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: max(*clients, maxInFlight), DisableCompression: false}}
	fetch := func(url string) (time.Duration, error) {
		t0 := time.Now()
		resp, err := client.Get(url)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("%s: %s", url, resp.Status)
		}
		return time.Since(t0), err
	}
	var cold []time.Duration
	for p := 1; p <= 34; p++ {
		d, err := fetch(fmt.Sprintf("%s/u/%02d?lang=vi", base, p))
		if err != nil {
			log.Fatal(err)
		}
		cold = append(cold, d)
	}
	slices.Sort(cold)
	fmt.Printf("first dashboard of each province: median %s, max %s\n", cold[len(cold)/2].Round(time.Microsecond), cold[len(cold)-1].Round(time.Microsecond))

	var mu sync.Mutex
	var lat []time.Duration
	errors := 0
	deadline := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for n := 0; time.Now().Before(deadline); n++ {
				d, err := fetch(fmt.Sprintf("%s/u/%02d?lang=vi", base, 1+(c*7+n)%34))
				if err != nil {
					bad++
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			errors += bad
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(time.Microsecond) }
	fmt.Printf("dashboard: %d requests in %s with %d clients: %.0f requests/s; latency p50 %s, p90 %s, p99 %s, max %s; %d errors\n",
		len(lat), *duration, *clients, float64(len(lat))/duration.Seconds(), pct(0.5), pct(0.9), pct(0.99), lat[len(lat)-1].Round(time.Microsecond), errors)
	if *reloads > 0 {
		if *rate > 0 {
			fmt.Printf("reloads: %d requests/s, half /healthz, half dashboards\n", *rate)
		} else {
			fmt.Printf("reloads: %d clients, half asking for /healthz, half for dashboards\n", *clients)
		}
		duringReloads(ctx, db, client, fetch, base, *clients, *rate, *reloads)
	}
}

// maxInFlight bounds the requests under way at a steady rate, and
// maxReload the wait for one reload: the benchmark stops by itself however
// slow the machine is.
const (
	maxInFlight = 64
	maxReload   = 3 * time.Minute
)

// request is one measured request: when it started, how long it took, and
// whether it was a health check.
type request struct {
	start   time.Time
	took    time.Duration
	healthz bool
	failed  bool
}

// duringReloads imports one figure at a time, each time waiting until
// /healthz says the new data are loaded, while requests go to /healthz and
// dashboards in turn, at a steady rate (or from as many clients as fast
// as they can); it prints the latency of the requests that were due during
// a reload and of those in the two seconds after.
func duringReloads(ctx context.Context, db *sqlite.DB, client *http.Client, fetch func(string) (time.Duration, error), base string, clients, rate, reloads int) {
	stop := make(chan struct{})
	var mu sync.Mutex
	var reqs []request
	var wg sync.WaitGroup
	target := func(n int) (string, bool) {
		if n%2 == 0 {
			return base + "/healthz", true
		}
		return fmt.Sprintf("%s/u/%02d?lang=vi", base, 1+(n/2*7)%34), false
	}
	if rate > 0 {
		// Open loop: requests at a steady rate whatever the server does,
		// each timed from when it was due, so that a stall shows in full.
		wg.Add(1)
		go func() {
			defer wg.Done()
			every := time.Second / time.Duration(rate)
			start := time.Now()
			var inflight sync.WaitGroup
			slots := make(chan struct{}, maxInFlight)
			for n := 0; ; n++ {
				due := start.Add(time.Duration(n) * every)
				select {
				case <-stop:
					inflight.Wait()
					return
				case <-time.After(time.Until(due)):
				}
				select {
				case slots <- struct{}{}:
				default:
					// The server is that far behind: this request is not sent
					// (and counts as failed), so that the backlog cannot grow
					// without bound.
					mu.Lock()
					reqs = append(reqs, request{start: due, failed: true})
					mu.Unlock()
					continue
				}
				inflight.Add(1)
				go func(n int) {
					defer inflight.Done()
					defer func() { <-slots }()
					url, hz := target(n)
					_, err := fetch(url)
					mu.Lock()
					reqs = append(reqs, request{start: due, took: time.Since(due), healthz: hz, failed: err != nil})
					mu.Unlock()
				}(n)
			}
		}()
	}
	for c := 0; rate == 0 && c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []request
			for n := 0; ; n++ {
				select {
				case <-stop:
					mu.Lock()
					reqs = append(reqs, mine...)
					mu.Unlock()
					return
				default:
				}
				url, hz := target(c + n*clients)
				t0 := time.Now()
				d, err := fetch(url)
				mine = append(mine, request{start: t0, took: d, healthz: hz, failed: err != nil})
			}
		}(c)
	}
	// version reads from /healthz the snapshot's data version and when it
	// was swapped in, and whether a reload is under way.
	version := func() (int64, time.Time, bool) {
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			log.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var v int64
		var at string
		if i := strings.Index(string(body), "data version "); i >= 0 {
			fmt.Sscanf(string(body[i:]), "data version %d, loaded %s", &v, &at)
		}
		loaded, _ := time.Parse("2006-01-02T15:04:05.000Z,", at)
		return v, loaded, strings.Contains(string(body), "reloading")
	}
	type window struct{ from, to time.Time }
	var windows []window
	time.Sleep(time.Second)
	for i := 0; i < reloads; i++ {
		before, _, _ := version()
		t0 := time.Now()
		f := obs("01", "I000", period.Year(2025), float64(1000+i))
		if _, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{f}}, planwatch.ApplyOptions{}); err != nil {
			log.Fatal(err)
		}
		imported := time.Since(t0)
		var swapped time.Time
		for {
			v, at, loading := version()
			if v != before && !loading {
				swapped = at
				break
			}
			if time.Since(t0) > maxReload {
				log.Fatalf("reload %d: no new snapshot after %s", i+1, maxReload)
			}
			time.Sleep(5 * time.Millisecond)
		}
		windows = append(windows, window{t0, swapped})
		fmt.Printf("reload %d: import of one figure %s, new snapshot swapped in %s after the import began\n", i+1, imported.Round(time.Millisecond), swapped.Sub(t0).Round(time.Millisecond))
		time.Sleep(2 * time.Second)
	}
	close(stop)
	wg.Wait()
	var during, after [2][]time.Duration // [dashboard, healthz]
	failed := 0
	for _, r := range reqs {
		if r.failed {
			failed++
			continue
		}
		k := 0
		if r.healthz {
			k = 1
		}
		for _, w := range windows {
			switch {
			case !r.start.Before(w.from) && r.start.Before(w.to):
				during[k] = append(during[k], r.took)
			case !r.start.Before(w.to) && r.start.Before(w.to.Add(2*time.Second)):
				after[k] = append(after[k], r.took)
			}
		}
	}
	show := func(what string, lat []time.Duration) {
		if len(lat) == 0 {
			fmt.Printf("%s: no requests\n", what)
			return
		}
		slices.Sort(lat)
		pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(time.Microsecond) }
		fmt.Printf("%s: %d requests, p50 %s, p99 %s, max %s\n", what, len(lat), pct(0.5), pct(0.99), lat[len(lat)-1].Round(time.Microsecond))
	}
	show("during the reloads, /healthz", during[1])
	show("during the reloads, dashboard", during[0])
	show("2 s after each reload, /healthz", after[1])
	show("2 s after each reload, dashboard", after[0])
	fmt.Printf("%d failed or not sent (more than %d under way)\n", failed, maxInFlight)
}

// snapshotLog passes on the server's lines about snapshots only, not one
// line per request.
type snapshotLog struct{ slog.Handler }

func (h snapshotLog) Handle(ctx context.Context, r slog.Record) error {
	if !strings.HasPrefix(r.Message, "snapshot") && r.Level < slog.LevelWarn {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func obs(unit, code string, p period.Period, v float64) planwatch.ObservationRecord {
	return planwatch.ObservationRecord{Unit: unit, Observation: planwatch.Observation{Indicator: code, Period: p, Value: v, Status: "A", Source: "load test"}}
}
