// Webload measures the dashboard under load: it builds a store of about a
// million observations (34 provinces x 200 indicators x 30 years and 120
// quarters), serves it on loopback and sends dashboard requests from
// concurrent clients for a fixed time, then prints requests per second and
// latency percentiles.
//
//	go run ./bench/webload [-duration 10s] [-clients 16]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
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
	s, err := web.New(db, nil, "01")
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
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients, DisableCompression: false}}
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
}

func obs(unit, code string, p period.Period, v float64) planwatch.ObservationRecord {
	return planwatch.ObservationRecord{Unit: unit, Observation: planwatch.Observation{Indicator: code, Period: p, Value: v, Status: "A", Source: "load test"}}
}
