package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Words that must not appear on a table in the other language, and codes
// that must not appear where a name belongs.
var (
	englishWords = []string{"province", "not assessable", "on track", "achieved", "boundary changed", "VND bn", "USD bn", "statcan",
		"resolution", "annual plan", "estimated", "normal", "INDICATOR", "VALUE", "no figures", "went into", "formed on", "Statistics Canada",
		"price=", "stage=", "sector=", "constant2010", "industry_construction", "planning_approved", "at least", "%/year", "Sources:", "ST (status)", "CODE", "PERIOD"}
	vietnameseWords = []string{"tỉnh", "tỷ đồng", "không đánh giá", "đúng tiến độ", "đã đạt", "nghị quyết", "ước tính", "CHỈ TIÊU", "giá so sánh",
		"hình thành", "nhập vào", "tối thiểu", "%/năm", "Nguồn:", "địa giới", "price=", "stage=", "sector=", "constant2010", "TT", "MÃ", "KỲ"}
)

// show, facts, assess and units speak Vietnamese unless told otherwise, and
// each language throughout: headers, statuses, kinds, measure units, names
// beside codes. Every line fits 100 columns.
func TestTablesInOneLanguage(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	commands := [][]string{
		{"show", "--unit", "24", "--period", "2025"},
		{"show", "--unit", "27"},
		{"facts", "--unit", "24", "--period", "2025"},
		{"facts", "--unit", "27", "--period", "2024"},
		{"assess"},
		{"assess", "--plan", "NQ-DH20-BN", "--as-of", "2024"},
		{"units", "--level", "province"},
		{"units", "--level", "region"},
	}
	for _, c := range commands {
		for _, lang := range []string{"", "vi", "en"} {
			args := append([]string{c[0], "--db", db}, c[1:]...)
			if lang != "" {
				args = append(args, "--lang", lang)
			}
			out := mustPW(t, args...)
			name := strings.Join(args, " ")
			// The sources are the documents' own names, not the table's words.
			for _, title := range []string{"\nNguồn:\n", "\nSources:\n"} {
				if i := strings.Index(out, title); i >= 0 {
					out = out[:i]
				}
			}
			for i, line := range strings.Split(out, "\n") {
				if w := utf8.RuneCountInString(norm.NFC.String(line)); w > 100 {
					t.Errorf("%s: line %d is %d columns wide: %s", name, i+1, w, line)
				}
			}
			bad := englishWords
			if lang == "en" {
				bad = vietnameseWords
			}
			for _, w := range bad {
				if strings.Contains(out, w) {
					t.Errorf("%s says %q:\n%s", name, w, out)
				}
			}
		}
	}
	for _, c := range []string{"show", "facts", "assess", "units"} {
		out, errs, _ := pw(t, c, "--help")
		if !strings.Contains(out+errs, "vi (Vietnamese, the default) or en (English)") {
			t.Errorf("%s --help does not say the default language:\n%s", c, out)
		}
	}
}

// assess shows each target as people read it, the latest figure, the
// growth still required and the verdict as of the last year with figures,
// and sums the verdicts up.
func TestAssessTable(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	vi := mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN")
	for _, want := range []string{
		"NQ-DH20-BN: Nghị quyết Đại hội Đảng bộ tỉnh Bắc Ninh lần thứ XX, nhiệm kỳ 2020-2025",
		"nghị quyết; Bắc Ninh (27); 2021–2025; phương pháp Thống kê Canada",
		"tối thiểu 37,4", "nghìn tỷ đồng", "7–8%/năm", "8,5–9%/năm", "bằng 74,5%", "tối đa 1%", "tối thiểu 8.900",
		"33,227 nghìn", "3,00", "tính đến 2024: đúng", "Tính đến 2024: 33,227 nghìn tỷ đồng năm 2021 so với mục tiêu tối thiểu 37,4 nghìn tỷ đồng",
		"2,51%/năm", "27,01", "tính đến 2024: chậm", "Tính đến 2024: đạt 2,51 %/năm trong 2021–2024; mục tiêu 7-8 %/năm",
		"Tính đến 2024: số liệu năm 2020 và năm 2023 không so sánh được (chuỗi số liệu bị gãy)", "Thu ngân sách nhà", "(BUDGET_REV)",
		"Tóm tắt: 8 mục tiêu: 8 không đánh giá được; tính đến 2024: 1 đúng tiến độ, 1 chậm tiến độ, 6 không đánh giá được.",
	} {
		// Long lines wrap: compare with the spaces and line breaks made one.
		if !strings.Contains(strings.Join(strings.Fields(vi), " "), want) {
			t.Errorf("assess lacks %q:\n%s", want, vi)
		}
	}
	en := mustPW(t, "assess", "--db", db, "--plan", "NQ-DH20-BN", "--as-of", "2024", "--lang", "en")
	for _, want := range []string{"at least VND 37.4", "7–8%/year", "VND 33.227", "3.00", "on track", "Reason (as of 2024): VND 33.227 trillion in 2021",
		"2.51%/year", "27.01", "off track", "Reason (as of 2024): realised 2.51 %/yr in 2021–2024",
		"Reason (as of 2024): the figures of 2020 and 2023 are not comparable", "Summary: 8 targets: 1 on track, 1 off track, 6 not assessable."} {
		if !strings.Contains(en, want) {
			t.Errorf("assess --as-of 2024 --lang en lacks %q:\n%s", want, en)
		}
	}
	if strings.Contains(en, "2025-07-01") || strings.Contains(en, "(24)") {
		t.Errorf("as of 2024 the table cites the merger or the merged province:\n%s", en)
	}
}

// A province that merged with another into a new one of its own name and
// code did not go into itself.
func TestUnitsHistoryOfAProvinceThatKeptItsName(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	en := mustPW(t, "units", "--db", db, "--search", "tuyen quang", "--format", "csv", "--lang", "en")
	vi := mustPW(t, "units", "--db", db, "--search", "tuyen quang", "--format", "csv")
	for _, c := range []struct{ out, want, not string }{
		{en, "Tuyen Quang (08) merged with Ha Giang (02) into the new Tuyen Quang (08) on 2025-07-01", "went into Tuyen Quang (08)"},
		{en, "Tuyen Quang (08) formed on 2025-07-01 from the old Tuyen Quang (08) and Ha Giang (02)", "Tuyên Quang (08) formed"},
		{vi, "Tuyên Quang (08) hợp nhất với Hà Giang (02) thành Tuyên Quang (08) mới ngày 01/07/2025", "nhập vào Tuyên Quang (08)"},
		{vi, "Tuyên Quang (08) hình thành ngày 01/07/2025 từ Tuyên Quang (08) cũ và Hà Giang (02)", "formed"},
	} {
		if !strings.Contains(c.out, c.want) || strings.Contains(c.out, c.not) {
			t.Errorf("want %q and not %q:\n%s", c.want, c.not, c.out)
		}
	}
}

// The facts of a unit named with its date are headed by that unit, not by
// the one its bare code meant in the period (24 was Bac Giang in 2024).
func TestFactsHeading(t *testing.T) {
	db := testDB(t)
	mustPW(t, "init", "--db", db, "--demo")
	out := mustPW(t, "facts", "--db", db, "--unit", "24@2025-07-01", "--period", "2024")
	if !strings.HasPrefix(out, "Bắc Ninh (24), 2024\n") || !strings.Contains(out, "441.950") || !strings.Contains(out, "R tính lại trên địa giới mới") {
		t.Errorf("facts of the merged province in 2024:\n%s", out)
	}
	if out := mustPW(t, "facts", "--db", db, "--unit", "24", "--period", "2024", "--lang", "en"); !strings.HasPrefix(out, "Bac Giang (24), 2024\n") {
		t.Errorf("facts of 24 in 2024:\n%s", out)
	}
}
