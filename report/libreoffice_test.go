package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planwatch/locale"
	"planwatch/report"
	"planwatch/report/docx"
)

// soffice finds LibreOffice, or skips the test saying what to install
// (fails instead when PLANWATCH_REQUIRE_LIBREOFFICE=1, as .ci/run sets).
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			if _, err := exec.LookPath("pdftotext"); err == nil {
				return p
			}
		}
	}
	msg := "LibreOffice and pdftotext are not installed: apt-get install libreoffice-writer poppler-utils"
	if os.Getenv("PLANWATCH_REQUIRE_LIBREOFFICE") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestDOCXOpensInLibreOffice converts the two reports, in both languages,
// to PDF with LibreOffice headless and checks the text of the pages: the
// title, the figures, a footnote, the table, the annex. With
// PLANWATCH_SCREENSHOTS set, it keeps the PDFs and the pages as PNG there.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	bin := soffice(t)
	dir := t.TempDir()
	keep := os.Getenv("PLANWATCH_SCREENSHOTS")
	cases := []struct {
		name string
		o    report.Options
		want []string
	}{
		{"year-end-vi", yearEnd(locale.VI), []string{"Kết quả phát triển kinh tế - xã hội năm 2025 của Bắc Ninh",
			"ước đạt 94 tỷ USD, tăng 36,1% so với năm 2024, bằng 126% kế hoạch", "Bảng 1. Các chỉ tiêu kế hoạch năm 2025 và đánh giá",
			"bản ghi 1, ước tính, ghi nhận ngày 31/12/2025 [1: Chủ tịch UBND tỉnh Phạm Hoàng Sơn trả lời phỏng vấn về kết quả năm 2025 và định hướng phát triển]", "Phụ lục: nguồn số liệu", "Hình 1.", "Trang 1 trên"}},
		{"year-end-en", yearEnd(locale.EN), []string{"Bac Ninh: socio-economic results in 2025",
			"reached an estimated USD 94 bn, up 36.1% on 2024 and 126% of the plan", "version 1, estimated, recorded on 2025-12-31", "Annex: sources"}},
		{"term-review-vi", termReview(locale.VI), []string{"Báo cáo đánh giá kết quả thực hiện", "gấp hơn 19 lần năm 2005", "chiếm 2,71% cả nước",
			"Tính đến năm 2024, trên địa bàn Bắc Ninh (27): đúng tiến độ"}},
		{"term-review-en", termReview(locale.EN), []string{"Review of implementation", "more than 19 times the level of 2005", "not assessable"}},
	}
	// One LibreOffice for the four files: it takes seconds to start.
	var files []string
	for _, c := range cases {
		r, err := report.Build(demoReview(t), c.o)
		if err != nil {
			t.Fatal(err)
		}
		data, err := docx.Write(r)
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(dir, c.name+".docx")
		if err := os.WriteFile(in, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, in)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	args := append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir}, files...)
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	for _, c := range cases {
		pdf := filepath.Join(dir, c.name+".pdf")
		if _, err := os.Stat(pdf); err != nil {
			t.Fatalf("%s: LibreOffice did not convert it: %v\n%s", c.name, err, out)
		}
		txt, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		// Lines wrap: compare with the spaces and line breaks made one.
		text := strings.Join(strings.Fields(string(txt)), " ")
		for _, w := range c.want {
			if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("%s: the PDF lacks %q", c.name, w)
			}
		}
		if keep != "" {
			os.WriteFile(filepath.Join(keep, c.name+".pdf"), mustRead(t, pdf), 0o644)
			os.WriteFile(filepath.Join(keep, c.name+".docx"), mustRead(t, filepath.Join(dir, c.name+".docx")), 0o644)
			if _, err := exec.LookPath("pdftoppm"); err == nil {
				exec.Command("pdftoppm", "-png", "-r", "60", pdf, filepath.Join(keep, c.name)).Run()
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
