package factcheck

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"planwatch/period"
)

var fuzzTexts = []string{
	"Exports were estimated at 94 billion USD, up 36.1% and equivalent to 126% of the plan; imports 88 billion USD.",
	"Xuất khẩu ước đạt 94 tỷ USD, tăng 36,1% so với năm 2024, bằng 126% kế hoạch; xuất siêu 6 tỷ USD.",
	"GRDP xếp thứ 8/63 tỉnh, thành phố và thứ 4 vùng Đồng bằng sông Hồng, gấp hơn 19 lần năm 2005.",
	"Strive for the average growth rate in the period 2021 - 2025 from 7-8%/year; less than 1%...Vision to 2045",
	"43 out of 52 industrial parks; 4.087 ha trên tổng số 7.425,07 ha, tỷ lệ lấp đầy đạt 55,04%.",
	"Wednesday, 31/12/2025 Bắc Ninh 20 °C / 19 - 20 °C Hotline: +84.889.859.666 0.5 1.0 1.5",
	"ranked first nationwide in the index; double-digit; hai con số; thứ năm; 9 tháng đầu năm 2025; quý III",
}

func checkClaims(t *testing.T, text string, cs []Claim) {
	t.Helper()
	text = norm.NFC.String(text)
	if len(text) > maxText {
		text = text[:maxText]
	}
	last := 0
	for _, c := range cs {
		if c.Start < last || c.End <= c.Start || c.End > len(text) {
			t.Fatalf("claim %q at %d-%d out of order or range (text %d bytes, last end %d)", c.Text, c.Start, c.End, len(text), last)
		}
		if text[c.Start:c.End] != c.Text {
			t.Fatalf("claim %q does not match its offsets: %q", c.Text, text[c.Start:c.End])
		}
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) || c.Decimals < 0 || c.Scale <= 0 {
			t.Fatalf("claim %q: value %v, decimals %d, scale %v", c.Text, c.Value, c.Decimals, c.Scale)
		}
		last = c.End
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkClaims(t, text, Find(text))
	})
}

func FuzzReadDraft(f *testing.F) {
	f.Add([]byte("Exports rose 36.1%."))
	f.Add([]byte("\xff\xfeX\x00"))
	f.Add(docx(f, docxBody))
	f.Add(docx(f, `<w:p><w:r><w:t>94</w:t></w:r><w:r><w:t>,5 tỷ USD</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadDraft("draft.docx", data)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("text is not UTF-8: %q", d.Text)
		}
		checkClaims(t, d.Text, Find(d.Text))
	})
}

// FuzzRun checks drafts against the demo: whatever the text, the results
// point into it and each has a verdict and a reason.
func FuzzRun(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s)
	}
	rv := demoReview(f)
	lx, err := NewLexicon(rv)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := Run(rv, text, Options{Unit: "24", Period: period.MustParse("2025"), Lexicon: lx})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			if r.Start < 0 || r.End > len(rep.Text) || rep.Text[r.Start:r.End] != r.Claim {
				t.Fatalf("result %q at %d-%d", r.Claim, r.Start, r.End)
			}
			if r.Verdict == "" || r.Reason == "" || r.ReasonVI == "" || strings.Contains(r.Reason+r.ReasonVI, "%!") {
				t.Fatalf("result %q: %s %q %q", r.Claim, r.Verdict, r.Reason, r.ReasonVI)
			}
			if r.Computed != nil && (math.IsNaN(*r.Computed) || math.IsInf(*r.Computed, 0)) {
				t.Fatalf("result %q: computed %v", r.Claim, *r.Computed)
			}
		}
	})
}
