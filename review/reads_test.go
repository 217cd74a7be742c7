package review_test

import (
	"context"
	"sync"
	"testing"

	"planwatch"
	"planwatch/period"
	"planwatch/review"
)

// countingReader records the figures a review reads.
type countingReader struct {
	planwatch.Reader
	mu    sync.Mutex
	reads int
	got   []planwatch.Observation
}

func (c *countingReader) Observations(ctx context.Context, f planwatch.ObservationFilter) ([]planwatch.Observation, error) {
	obs, err := c.Reader.Observations(ctx, f)
	c.mu.Lock()
	c.reads++
	c.got = append(c.got, obs...)
	c.mu.Unlock()
	return obs, err
}

// The facts of every province at a year read the figures of that year and
// of the year before, in a few reads shared by all provinces, and nothing
// else; the verdicts on every target read the targets' series in one read.
func TestFactsReadOnlyWhatTheyNeed(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	eager, err := review.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cr := &countingReader{Reader: db}
	rv, err := review.Open(ctx, cr)
	if err != nil {
		t.Fatal(err)
	}
	p := period.MustParse("2024")
	peers := rv.Peers(planwatch.LevelProvince, "", p)
	if len(peers) < 2 {
		t.Fatalf("the demo has %d provinces in 2024", len(peers))
	}
	facts := 0
	for _, u := range peers {
		ref := u.Code + "@2024-12-31"
		got, err := rv.Facts(ref, p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := eager.Facts(ref, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d facts, want %d", ref, len(got), len(want))
		}
		facts += len(got)
	}
	if facts == 0 {
		t.Fatal("no facts")
	}
	for _, o := range cr.got {
		if s := o.Period.String(); s != "2024" && s != "2023" {
			t.Errorf("the facts of 2024 read %s %s %s", o.UnitCode, o.Indicator, o.Period)
			break
		}
	}
	if cr.reads > 4 {
		t.Errorf("the facts of %d provinces took %d reads", len(peers), cr.reads)
	}
	t.Logf("%d facts of %d provinces: %d reads, %d figures", facts, len(peers), cr.reads, len(cr.got))

	cr = &countingReader{Reader: db}
	rv, err = review.Open(ctx, cr)
	if err != nil {
		t.Fatal(err)
	}
	as, err := rv.Assess(review.Filter{AsOf: p})
	if err != nil {
		t.Fatal(err)
	}
	ws, _ := eager.Assess(review.Filter{AsOf: p})
	if len(as) != len(ws) || len(as) < 2 {
		t.Fatalf("%d verdicts, want %d", len(as), len(ws))
	}
	for i := range as {
		if as[i].Status != ws[i].Status || as[i].Reason != ws[i].Reason {
			t.Errorf("%s %s %s: %s (%s), want %s (%s)", as[i].Plan, as[i].Unit, as[i].Indicator, as[i].Status, as[i].Reason, ws[i].Status, ws[i].Reason)
		}
	}
	t.Logf("%d verdicts: %d reads, %d figures", len(as), cr.reads, len(cr.got))
}
