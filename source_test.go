package planwatch_test

import (
	"testing"

	"planwatch"
)

func TestCitedSource(t *testing.T) {
	for _, tc := range []struct{ text, code, detail string }{
		{`BBN-2025-12-31: "exports were estimated at 94 billion USD"`, "BBN-2025-12-31", `"exports were estimated at 94 billion USD"`},
		{"GSO-POP", "GSO-POP", ""},
		{"NQ54-REVIEW: trang 3: bảng 2", "NQ54-REVIEW", "trang 3: bảng 2"},
		{"NQ54-REVIEW:", "", "NQ54-REVIEW:"}, // a colon without a space is part of no code
		{"Báo Bắc Ninh, 31/12/2025: phỏng vấn", "", "Báo Bắc Ninh, 31/12/2025: phỏng vấn"},
		{"https://www.gso.gov.vn/du-lieu", "", "https://www.gso.gov.vn/du-lieu"},
		{": detail", "", ": detail"},
		{"", "", ""},
	} {
		code, detail := planwatch.CitedSource(tc.text)
		if code != tc.code || detail != tc.detail {
			t.Errorf("CitedSource(%q) = %q, %q; want %q, %q", tc.text, code, detail, tc.code, tc.detail)
		}
	}
}

func TestWordingIn(t *testing.T) {
	en := planwatch.Target{Wording: "average growth of 7-8%/year", WordingLang: "en", WordingTranslation: "tăng trưởng bình quân 7-8%/năm"}
	vi := planwatch.Target{Wording: "tỷ lệ hộ nghèo dưới 1%"}
	for _, tc := range []struct {
		t    planwatch.Target
		lang string
		want planwatch.Wording
	}{
		{en, "en", planwatch.Wording{Text: "average growth of 7-8%/year", Lang: "en"}},
		{en, "vi", planwatch.Wording{Text: "tăng trưởng bình quân 7-8%/năm", Lang: "vi", Translated: true}},
		{en, "", planwatch.Wording{Text: "tăng trưởng bình quân 7-8%/năm", Lang: "vi", Translated: true}},
		// No translation: the plan's own words, in their language.
		{vi, "vi", planwatch.Wording{Text: "tỷ lệ hộ nghèo dưới 1%", Lang: "vi"}},
		{vi, "en", planwatch.Wording{Text: "tỷ lệ hộ nghèo dưới 1%", Lang: "vi"}},
		{planwatch.Target{Wording: "dưới 1%", WordingTranslation: "below 1%"}, "en", planwatch.Wording{Text: "below 1%", Lang: "en", Translated: true}},
	} {
		if got := tc.t.WordingIn(tc.lang); got != tc.want {
			t.Errorf("%q in %q = %+v, want %+v", tc.t.Wording, tc.lang, got, tc.want)
		}
	}
}

func TestTextsInEitherLanguage(t *testing.T) {
	p := planwatch.Plan{IssuerVI: "Tỉnh ủy Bắc Ninh", IssuerEN: "Bac Ninh Provincial Party Committee", VisionVI: "Đến năm 2030"}
	if p.Issuer("en") != "Bac Ninh Provincial Party Committee" || p.Issuer("vi") != "Tỉnh ủy Bắc Ninh" {
		t.Errorf("issuer: %q, %q", p.Issuer("en"), p.Issuer("vi"))
	}
	// Without an English vision, English readers get the Vietnamese one.
	if p.Vision("en") != "Đến năm 2030" || p.Vision("vi") != "Đến năm 2030" {
		t.Errorf("vision: %q, %q", p.Vision("en"), p.Vision("vi"))
	}
	s := planwatch.Source{TitleVI: "Niên giám thống kê", TitleEN: "Statistical yearbook", PublisherVI: "Cục Thống kê"}
	if s.Title("en") != "Statistical yearbook" || s.Title("vi") != "Niên giám thống kê" || s.Publisher("en") != "Cục Thống kê" {
		t.Errorf("source: %q, %q, %q", s.Title("en"), s.Title("vi"), s.Publisher("en"))
	}
	c := planwatch.DimensionCode{Dimension: "price", Value: "constant2010", NameVI: "giá so sánh 2010", NameEN: "constant 2010 prices"}
	if c.Name("en") != "constant 2010 prices" || c.Name("vi") != "giá so sánh 2010" {
		t.Errorf("code: %q, %q", c.Name("en"), c.Name("vi"))
	}
}
