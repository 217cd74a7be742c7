package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"planwatch/locale"
	"planwatch/period"
	"planwatch/report"
	"planwatch/report/docx"
	"planwatch/report/factcheck"
	"planwatch/report/md"
)

// TestCheckOwnReports fact-checks the reports planwatch writes from the
// demo: the year-end report of Bac Ninh (24) for 2025 and the term review
// of NQ-DH20-BN on its own unit, Bac Ninh (27), in both languages, as
// Markdown and as the text of the DOCX. Every number in them comes from
// the store, so none may check as differs: each is confirmed, or
// unverifiable with its reason. The counts are logged (go test -v).
func TestCheckOwnReports(t *testing.T) {
	rv := demoReview(t)
	cases := []struct {
		name, checkUnit string
		o               report.Options
	}{
		{"year-end 24/2025", "24", report.Options{Unit: "24", Period: period.MustParse("2025"), Kind: report.YearEnd}},
		{"term review NQ-DH20-BN", "27", report.Options{Plan: "NQ-DH20-BN", Period: period.MustParse("2025"), Kind: report.TermReview}},
	}
	for _, tc := range cases {
		for _, l := range []locale.Lang{locale.VI, locale.EN} {
			o := tc.o
			o.Lang = l
			r, err := report.Build(rv, o)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.name, l, err)
			}
			var mdText bytes.Buffer
			if err := md.Write(&mdText, r); err != nil {
				t.Fatal(err)
			}
			docxData, err := docx.Write(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				name string
				data []byte
			}{{"report.md", mdText.Bytes()}, {"report.docx", docxData}} {
				label := fmt.Sprintf("%s %s %s", tc.name, l, f.name)
				dr, err := factcheck.ReadDraft(f.name, f.data)
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				rep, err := factcheck.Run(rv, dr.Text, factcheck.Options{Unit: tc.checkUnit, Period: o.Period})
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				counts := map[factcheck.Verdict]int{}
				for _, x := range rep.Results {
					counts[x.Verdict]++
					if x.Verdict == factcheck.Differs {
						a, b := max(0, x.Start-160), min(len(rep.Text), x.End+60)
						t.Errorf("%s: %q (%s %s %s %s) differs: %s\n    in: …%s…", label, x.Claim, x.Indicator, x.Unit, x.Period, x.Measure, x.Reason,
							strings.ReplaceAll(rep.Text[a:b], "\n", " ⏎ "))
					}
					if x.Verdict == factcheck.Unverifiable && x.Reason == "" {
						t.Errorf("%s: %q unverifiable without a reason", label, x.Claim)
					}
				}
				if counts[factcheck.Confirmed] == 0 {
					t.Errorf("%s: no claim confirmed", label)
				}
				t.Logf("%s: %d claims: %d confirmed, %d differs, %d unverifiable", label, len(rep.Results),
					counts[factcheck.Confirmed], counts[factcheck.Differs], counts[factcheck.Unverifiable])
			}
		}
	}
}
