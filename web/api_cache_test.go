package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
	"planwatch/web"
)

// /api/v1/facts is encoded once per snapshot and query: asked again, with
// its parameters in another order, unknown ones added or gzip accepted, it
// gives the same bytes, the JSON of the review's facts; after an import the
// new snapshot answers with the new figure.
func TestFactsAPICached(t *testing.T) {
	s, db := newServer(t)
	web.SetCheckInterval(s, 0)
	h := s.Handler()
	ctx := context.Background()
	before := web.CachedPages(s)
	first := get(t, h, "/api/v1/facts?unit=24&period=2025")
	if first.Code != 200 {
		t.Fatalf("%d %s", first.Code, first.Body.String())
	}
	if n := web.CachedPages(s); n != before+1 {
		t.Errorf("the cache keeps %d answers after the first, %d before", n, before)
	}
	rv, err := review.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := rv.Facts("24", period.MustParse("2025"))
	if err != nil {
		t.Fatal(err)
	}
	// Each with its approval: the public's are approved.
	type factOut struct {
		review.Fact
		Approval string `json:"approval"`
	}
	var out []factOut
	for _, f := range facts {
		out = append(out, factOut{f, "approved"})
	}
	want, _ := json.MarshalIndent(out, "", "  ")
	if strings.TrimSpace(first.Body.String()) != string(want) {
		t.Fatalf("the API's facts are not the review's:\n%.500s\nwant\n%.500s", first.Body.String(), want)
	}
	for _, u := range []string{"/api/v1/facts?period=2025&unit=24", "/api/v1/facts?unit=24&period=2025&x=1"} {
		if w := get(t, h, u); w.Code != 200 || w.Body.String() != first.Body.String() {
			t.Errorf("%s: %d, another answer", u, w.Code)
		}
	}
	if w := get(t, h, "/api/v1/facts?unit=24&period=2025", "Accept-Encoding", "gzip"); gunzip(t, w) != first.Body.String() {
		t.Error("the gzipped answer differs")
	}
	if n := web.CachedPages(s); n != before+1 {
		t.Errorf("the cache keeps %d answers after the same query asked four ways, %d before", n, before)
	}
	if w := get(t, h, "/api/v1/facts?unit=24&period=2025Q5"); w.Code != 400 || web.CachedPages(s) != before+1 {
		t.Errorf("a bad period: %d, and the cache keeps %d answers", w.Code, web.CachedPages(s))
	}
	f := planwatch.Observation{Indicator: "EXPORTS", Period: period.MustParse("2025"), Value: 123.25, Status: "A", Source: "official"}
	if _, err := planwatch.Apply(ctx, db, &planwatch.Batch{Observations: []planwatch.ObservationRecord{{Unit: "24", Observation: f}}}, planwatch.ApplyOptions{Approved: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(get(t, h, "/api/v1/facts?unit=24&period=2025").Body.String(), "123.25") {
		if time.Now().After(deadline) {
			t.Fatal("the API still gives the old figure after the import")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
