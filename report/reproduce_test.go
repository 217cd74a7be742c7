package report_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/demo"
	"planwatch/locale"
	"planwatch/period"
	"planwatch/report"
	"planwatch/report/docx"
	"planwatch/report/html"
	"planwatch/report/md"
	"planwatch/review"
	"planwatch/sqlite"
)

// official are the figures the statistics office publishes in June 2026
// for 2025, replacing the interview's estimates.
func official() *planwatch.Batch {
	src := "Cục Thống kê tỉnh Bắc Ninh, Niên giám thống kê 2025, 30/06/2026 (Bac Ninh statistics office, statistical yearbook 2025): test figures"
	o := func(ind string, v float64) planwatch.ObservationRecord {
		return planwatch.ObservationRecord{Unit: "24", Observation: planwatch.Observation{Indicator: ind, Period: period.MustParse("2025"), Value: v, Status: "A", Source: src}}
	}
	return &planwatch.Batch{Observations: []planwatch.ObservationRecord{o("EXPORTS", 95.2), o("IMPORTS", 70), o("BUDGET_REV", 73100)}}
}

// all renders a report in the three formats.
func all(t *testing.T, r *report.Report) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var b bytes.Buffer
	if err := md.Write(&b, r); err != nil {
		t.Fatal(err)
	}
	out["md"] = bytes.Clone(b.Bytes())
	b.Reset()
	if err := html.Write(&b, r, html.Options{}); err != nil {
		t.Fatal(err)
	}
	out["html"] = bytes.Clone(b.Bytes())
	d, err := docx.Write(r)
	if err != nil {
		t.Fatal(err)
	}
	out["docx"] = d
	return out
}

// A report of 31/12/2025 made from the estimates is made again, byte for
// byte in every format, after the official figures have replaced them;
// the revision report lists what the official figures changed and which
// verdict moved.
func TestKnownOnReproduces(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetClock(func() time.Time { return time.Date(2025, 12, 31, 10, 0, 0, 0, time.UTC) })
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	const d1, d2 = "2025-12-31", "2026-06-30"
	k1, _ := report.EndOfDay(d1)
	k2, _ := report.EndOfDay(d2)
	load := func(k time.Time) *review.Review {
		rv, err := review.Load(ctx, db, review.LoadOptions{KnownOn: k})
		if err != nil {
			t.Fatal(err)
		}
		return rv
	}
	build := func(rv *review.Review, l locale.Lang, known string) *report.Report {
		o := yearEnd(l)
		o.KnownOn = known
		r, err := report.Build(rv, o)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := map[locale.Lang]map[string][]byte{}
	for _, l := range []locale.Lang{locale.VI, locale.EN} {
		before[l] = all(t, build(load(k1), l, d1))
	}

	// The official figures arrive on 30/06/2026 (in Hanoi's afternoon).
	db.SetClock(func() time.Time { return time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC) })
	if _, err := planwatch.Apply(ctx, db, official(), planwatch.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []locale.Lang{locale.VI, locale.EN} {
		again := all(t, build(load(k1), l, d1))
		for format, want := range before[l] {
			if !bytes.Equal(again[format], want) {
				t.Errorf("%s %s: the report as known on %s changed once later figures came", l, format, d1)
			}
		}
		later := all(t, build(load(k2), l, d2))
		if bytes.Equal(later["md"], before[l]["md"]) {
			t.Errorf("%s: the report as known on %s is the one of %s", l, d2, d1)
		}
	}
	if !bytes.Contains(before[locale.VI]["md"], []byte("Số liệu ghi nhận đến hết ngày 31/12/2025")) {
		t.Error("the report does not say which figures it was made from")
	}

	for _, c := range []struct {
		l    locale.Lang
		want []string
	}{
		{locale.VI, []string{"| Kim ngạch xuất khẩu hàng hóa, Bắc Ninh (24), 2025 | 94 tỷ USD<br>EXPORTS 2025 v1 | 95,2 tỷ USD<br>EXPORTS 2025 v2 |",
			"| Kim ngạch xuất khẩu hàng hóa, Bắc Ninh (24), 2025, % kế hoạch KH-2025-BN | 126%<br>EXPORTS 2025 v1 | 127,6%<br>EXPORTS 2025 v2 |",
			"| Thu ngân sách nhà nước trên địa bàn, Bắc Ninh (24), 2025 | 72,497 nghìn tỷ đồng<br>BUDGET_REV 2025 v1 | 73,1 nghìn tỷ đồng<br>BUDGET_REV 2025 v2 |",
			"| Kim ngạch nhập khẩu hàng hóa (KH-2025-BN, Bắc Ninh (24), 2025) | đã đạt | chậm tiến độ |"}},
		{locale.EN, []string{"| Exports of goods, Bac Ninh (24), 2025 | USD 94 bn<br>EXPORTS 2025 v1 | USD 95.2 bn<br>EXPORTS 2025 v2 |",
			"| Imports of goods (KH-2025-BN, Bac Ninh (24), 2025) | achieved | off track |"}},
	} {
		rep, err := report.Compare(load(k1), load(k2), yearEnd(c.l), d1, d2)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := md.Write(&buf, rep); err != nil {
			t.Fatal(err)
		}
		txt := buf.String()
		for _, w := range c.want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: the revision report lacks %s\n%s", c.l, w, txt)
			}
		}
		// Figures that did not change are not listed.
		if strings.Contains(txt, "GRDP") || strings.Contains(txt, "5.852") {
			t.Errorf("%s: the revision report lists figures that did not change", c.l)
		}
	}
	// Nothing changed between two dates before the official figures.
	rep, err := report.Compare(load(k1), load(k1), yearEnd(locale.EN), d1, d1)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	md.Write(&buf, rep)
	if !strings.Contains(buf.String(), "No figure changed.") || !strings.Contains(buf.String(), "No verdict moved.") {
		t.Errorf("a report compared with itself:\n%s", buf.String())
	}
}
