package held

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"planwatch/period"
)

// TestEachInKeyOrder holds figures of three series given month by month,
// one series backwards, and reads them back by series and period text,
// with every field as given.
func TestEachInKeyOrder(t *testing.T) {
	var b Buffer
	var want []Row
	ids := []int64{30, 10, 20}
	for m := 1; m <= 12; m++ {
		for i, id := range ids {
			month := m
			if i == 1 {
				month = 13 - m
			}
			r := Row{Series: id, Period: fmt.Sprintf("2024-%02d", month), Value: float64(id*100) + float64(month) + 0.5,
				Status: []string{"A", "P", "E"}[month%3], Source: int64(month % 4), Rev: int64(7 + month%2)}
			if month%5 == 0 {
				r.Note = fmt.Sprint("note ", month)
			}
			if b.Full(r.Status, r.Rev) {
				t.Fatal("full after", b.Len())
			}
			b.Add(b.Place(id), period.MustParse(r.Period), r.Value, r.Status, r.Source, r.Note, r.Rev)
			want = append(want, r)
		}
	}
	// A quarter and a year sort by their texts among the months.
	for _, p := range []string{"2024-Q1", "2024"} {
		r := Row{Series: 10, Period: p, Value: 1, Status: "A", Rev: 7}
		b.Add(b.Place(10), period.MustParse(p), r.Value, r.Status, r.Source, r.Note, r.Rev)
		want = append(want, r)
	}
	if b.Len() != len(want) {
		t.Fatalf("holds %d, want %d", b.Len(), len(want))
	}
	slices.SortStableFunc(want, func(x, y Row) int {
		if x.Series != y.Series {
			return int(x.Series - y.Series)
		}
		if x.Period < y.Period {
			return -1
		}
		if x.Period > y.Period {
			return 1
		}
		return 0
	})
	var got []Row
	if err := b.Each(func(r *Row) error { got = append(got, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	if b.Len() != 0 {
		t.Errorf("%d held after Each", b.Len())
	}
}

// TestEachStopsAndEmpties stops at the callback's error, and the buffer is
// empty after, ready for more.
func TestEachStopsAndEmpties(t *testing.T) {
	var b Buffer
	for i := range 10 {
		b.Add(b.Place(1), period.Year(2000+i), 1, "A", 1, "", 1)
	}
	stop := errors.New("stop")
	n := 0
	err := b.Each(func(*Row) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("Each returned %v after %d rows", err, n)
	}
	if b.Len() != 0 {
		t.Errorf("%d held after Each", b.Len())
	}
	b.Add(b.Place(2), period.Year(2020), 2, "A", 1, "", 1)
	var got []Row
	b.Each(func(r *Row) error { got = append(got, *r); return nil })
	if len(got) != 1 || got[0].Series != 2 || got[0].Period != "2020" {
		t.Errorf("after emptying: %v", got)
	}
}

// TestFull says a buffer is full at Max figures and when its table of
// revisions has no room for one more.
func TestFull(t *testing.T) {
	defer func(n int) { Max = n }(Max)
	Max = 300
	var b Buffer
	for i := range 255 {
		b.Add(b.Place(1), period.Year(1900+i), 1, "A", 1, "", int64(i))
	}
	if !b.Full("A", 1000) || b.Full("A", 3) {
		t.Error("255 revisions: a new one must not fit, a known one must")
	}
	for i := range 45 {
		b.Add(b.Place(2), period.Year(1900+i), 1, "A", 1, "", 3)
	}
	if !b.Full("A", 3) {
		t.Errorf("not full at %d figures", b.Len())
	}
}
