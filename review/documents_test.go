package review_test

import (
	"strings"
	"testing"

	"planwatch"
	"planwatch/locale"
	"planwatch/period"
)

func TestCitationsAndCodeNames(t *testing.T) {
	b := baseWorld()
	b.Sources = []planwatch.SourceRecord{
		{Source: planwatch.Source{Code: "YB-2023", TitleVI: "Niên giám thống kê 2023", TitleEN: "Statistical Yearbook 2023"}},
		{Source: planwatch.Source{Code: "EST-2024", TitleVI: "Ước tính năm 2024"}},
	}
	b.Codes = []planwatch.CodeRecord{{Code: planwatch.DimensionCode{Dimension: "price", Value: "current", NameVI: "theo giá hiện hành", NameEN: "at current prices"}}}
	b.Observations = []planwatch.ObservationRecord{
		o("A", "GRDP", "price=constant2010", "2022", 100),
		o("A", "GRDP", "price=constant2010", "2023", 105),
		o("A", "GRDP", "price=constant2010", "2024", 112),
	}
	b.Observations[0].Observation.Source = "YB-2023: bảng 2, trang 14"
	b.Observations[1].Observation.Source = "YB-2023"
	b.Observations[2].Observation.Source = "EST-2024: ước tính"
	rv := world(t, b)

	if got := rv.Sources(); len(got) != 2 || got[0].Code != "EST-2024" || got[1].Code != "YB-2023" {
		t.Errorf("sources %+v", got)
	}
	for _, tc := range []struct {
		source, doc, detail, vi, en string
	}{
		{"YB-2023: bảng 2, trang 14", "YB-2023", "bảng 2, trang 14", "Niên giám thống kê 2023: bảng 2, trang 14", "Statistical Yearbook 2023: bảng 2, trang 14"},
		{"YB-2023", "YB-2023", "", "Niên giám thống kê 2023", "Statistical Yearbook 2023"},
		// A document without an English title is named in Vietnamese.
		{"EST-2024: ước tính", "EST-2024", "ước tính", "Ước tính năm 2024: ước tính", "Ước tính năm 2024: ước tính"},
		// A code no document has, and free text, are read as written.
		{"YB-2099: trang 1", "", "YB-2099: trang 1", "YB-2099: trang 1", "YB-2099: trang 1"},
		{"Báo cáo của tỉnh, 2024: số liệu", "", "Báo cáo của tỉnh, 2024: số liệu", "Báo cáo của tỉnh, 2024: số liệu", "Báo cáo của tỉnh, 2024: số liệu"},
	} {
		c := rv.Cite(tc.source)
		doc := ""
		if c.Document != nil {
			doc = c.Document.Code
		}
		if doc != tc.doc || c.Detail != tc.detail || c.Text(locale.VI) != tc.vi || c.Text(locale.EN) != tc.en {
			t.Errorf("Cite(%q) = %q, %q; vi %q, en %q; want %q, %q; %q, %q", tc.source, doc, c.Detail, c.Text(locale.VI), c.Text(locale.EN), tc.doc, tc.detail, tc.vi, tc.en)
		}
	}

	// The store's names first, then planwatch's own, then the code.
	for _, tc := range []struct{ dim, value, vi, en string }{
		{"price", "current", "theo giá hiện hành", "at current prices"},
		{"price", "constant2010", "giá so sánh 2010", "constant 2010 prices"},
		{"colour", "blue", "colour=blue", "colour=blue"},
	} {
		if vi, en := rv.CodeName(tc.dim, tc.value, locale.VI), rv.CodeName(tc.dim, tc.value, locale.EN); vi != tc.vi || en != tc.en {
			t.Errorf("%s=%s named %q, %q; want %q, %q", tc.dim, tc.value, vi, en, tc.vi, tc.en)
		}
	}
	if got := rv.DimsName("price=current;sector=services", locale.VI); got != "theo giá hiện hành; dịch vụ" {
		t.Errorf("dims named %q", got)
	}
	if got := rv.DimsName("", locale.EN); got != "" {
		t.Errorf("no dims named %q", got)
	}

	// A break between two documents names them by their titles, in each
	// language; two figures of one document with other details are no break.
	u, _ := rv.Unit("A", period.Period{})
	pts := rv.Points(u.ID, "GRDP", "price=constant2010")
	if len(pts) != 3 || pts[1].Break || !pts[2].Break {
		t.Fatalf("points %+v", pts)
	}
	if r := pts[2].BreakReason; r != "2023 and 2024 come from different sources (Statistical Yearbook 2023; Ước tính năm 2024)" {
		t.Errorf("break reason %q", r)
	}
	if r := pts[2].BreakReasonVI; !strings.Contains(r, "(Niên giám thống kê 2023; Ước tính năm 2024)") {
		t.Errorf("Vietnamese break reason %q", r)
	}
}
