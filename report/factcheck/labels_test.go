package factcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Every number of the two seeds, labelled by hand: the words around it
// with the number in brackets, and what it is. "" is not a claim; a
// claim's label is its kind, "range" for a range and "target" for a
// sentence that sets targets. A number among a claim's words (the 63 of
// "8th out of 63 provinces", the base year of "higher than in 2005")
// carries that claim's label.
var seedLabels = map[string][]struct{ at, label string }{
	"000": {
		{"nearly [17] years", ""},                         // a duration
		{"Resolution [54]-NQ/TW and", ""},                 // a document's number
		{"and [11] years", ""},                            // a duration
		{"Conclusion [13]-KL/TW", ""},                     // a document's number
		{"the role as [one] of", ""},                      // words
		{"of the [two] economic", ""},                     // words
		{"the Resolution [54] and Conclusion", ""},        // a document
		{"Conclusion No. [13] of", ""},                    // a document
		{"period [2005]-2019", ""},                        // a period
		{"2005-[2019] reached", ""},                       // a period
		{"reached [14.7]%/year", "avg_growth"},            //
		{"period [2005]-2020", ""},                        // a period
		{"2005-[2020] reached", ""},                       // a period
		{"reached [13.95]%/year", "avg_growth"},           //
		{"In [2021], the scale", ""},                      // a period
		{"VND [133.6] trillion", "value"},                 //
		{"accounting for [2.71]%", "share"},               //
		{"ranked [8]th", "rank"},                          //
		{"out of [63] provinces", "rank"},                 // the rank's peers
		{"and [4]th in the Red", "rank"},                  //
		{"VND [33,227] billion", "value"},                 //
		{"billion by [2021]", ""},                         // a period
		{"more than [19] times", "multiple"},              //
		{"higher than in [2005]", "multiple"},             // the base
		{"is [one] of 14", ""},                            // words
		{"one of [14] provinces", "value"},                // a count no indicator holds
		{"the [20]th Provincial", ""},                     // a congress
		{"the [2020]-2025 term", ""},                      // a period
		{"2020-[2025] term", ""},                          // a period
		{"by [2030], build", ""},                          // a period
		{"industry; [one] of the centers", ""},            // words
		{"period [2021] - 2025 from", ""},                 // a period
		{"2021 - [2025] from", ""},                        // a period
		{"from [7]-8%/year", "target avg_growth range"},   //
		{"from 7-[8]%/year", "target avg_growth range"},   //
		{"by [2025], the industry", ""},                   // a period
		{"will be [74.5]%", "target value"},               //
		{"service [23.9]%", "target value"},               //
		{"fishery to [1.6]%", "target value"},             //
		{"USD [8,900]", "target value"},                   //
		{"from [8.5]-9%/year", "target avg_growth range"}, //
		{"8.5-[9]%/year", "target avg_growth range"},      //
		{"VND [37,400] billion", "target value"},          //
		{"less than [1]%", "target value"},                //
		{"Vision to [2045], Bac Ninh", ""},                // a period
		{"summarize the Resolution [54],", ""},            // a document
		{"period [2021]-2030", ""},                        // a period
		{"2021-[2030], with", ""},                         // a period
		{"2030, with a vision to [2050], and", ""},        // a period
		{"city to [2035]", ""},                            // a period
		{"2035, with a vision to [2050].", ""},            // a period
		{"region to [2030]", ""},                          // a period
		{"with a vision to [2045] as", ""},                // a period
	},
	"002": {
		{"Wednesday, [31]/12/2025", ""},                   // a date
		{"Wednesday, 31/[12]/2025", ""},                   // a date
		{"Wednesday, 31/12/[2025]", ""},                   // a date
		{"Bắc Ninh [20] °C", ""},                          // a temperature
		{"/ [19] - 20 °C", ""},                            // a temperature
		{"/ 19 - [20] °C", ""},                            // a temperature
		{"Hotline: +[84.889.859.666]", ""},                // a telephone number
		{"[0.5] 1.0 1.5", ""},                             // page furniture
		{"0.5 [1.0] 1.5", ""},                             // page furniture
		{"1.0 [1.5]", ""},                                 // page furniture
		{"Updated: [17]:28", ""},                          // a time
		{"Updated: 17:[28]", ""},                          // a time
		{"17:28, [31]/12/2025", ""},                       // a date
		{"17:28, 31/[12]/2025", ""},                       // a date
		{"17:28, 31/12/[2025]", ""},                       // a date
		{"goals for [2026]", ""},                          // a period
		{"period up to [2030]", ""},                       // a period
		{"highlights in [2025]", ""},                      // a period
		{"[2025] was the first", ""},                      // a period
		{"was the [first] year", ""},                      // words
		{"operated the [two]-level", ""},                  // words
		{"when the [first] provincial", ""},               // words
		{"for the [2025]-2030 term", ""},                  // a period
		{"2025-[2030] term", ""},                          // a period
		{"The year [2025] marked", ""},                    // a period
		{"the implementation of the [two]-level", ""},     // words
		{"development in [2025].", ""},                    // a period
		{"[First], the province successfully", ""},        // words
		{"effective operation of the [two]-level", ""},    // words
		{"ranked [first] nationwide", "rank"},             //
		{"reached [18.6] billion", "value"},               //
		{"amounted to [5.5] billion", "value"},            //
		{"ranking [third] nationwide", "rank"},            //
		{"reached [double digits]", "value"},              //
		{"estimated at [10.27]%", "value"},                //
		{"ranking [fifth] nationwide", "rank"},            //
		{"projected at [5,852] USD", "value"},             //
		{"USD, [1.16] times", "ratio"},                    //
		{"hit [182] billion", "value"},                    //
		{"accounting for [20]% of the national", "share"}, //
		{"estimated at [94] billion", "value"},            //
		{"up [36.1]%", "growth"},                          //
		{"equivalent to [126]%", "pct_of_plan"},           //
		{"imports [88] billion", "value"},                 //
		{"up [38.3]%", "growth"},                          //
		{"and [121]% of the plan", "pct_of_plan"},         //
		{"surplus of [6] billion", "value"},               //
		{"reached [72.497] trillion", "value"},            //
		{"VND ([2.76] billion", "value"},                  //
		{"equivalent to [127.6]%", "pct_of_plan"},         //
		{"up [34.7]%", "growth"},                          //
		{"compared to [2024]", "growth"},                  // the base
		{"National Highway [37] -", ""},                   // a road
		{"National Highway [17] -", ""},                   // a road
		{"Ha Bac [2] road", ""},                           // a road
		{"Branch Route [2] of", ""},                       // a road
		{"Ring Road [4] with", ""},                        // a road
		{"National Highway [18])", ""},                    // a road
		{"has [43] out of", "value"},                      //
		{"out of [52] industrial", "value"},               //
		{"area of [13,141] hectares", "value"},            //
		{"these, [35] industrial", "value"},               //
		{"area of [10,495] hectares", "value"},            //
		{"([11] new industrial", "value"},                 //
		{"approved in [2025])", ""},                       // a period
		{"reached [4,087] hectares", "value"},             //
		{"out of [7,425.07] hectares", "value"},           //
		{"rate of [55.04]%", "value"},                     //
		{"In [2025], the province continued", ""},         // a period
		{"with [97]% of", "value"},                        //
		{"attracting [231] startup", "value"},             //
		{"more than [250] investment", "value"},           //
		{"Entering [2026] -", ""},                         // a period
		{"the entire [2026]-2030", ""},                    // a period
		{"2026-[2030] period", ""},                        // a period
		{"The year [2026] is", ""},                        // a period
		{"there are [three] key", ""},                     // words
		{"objectives for [2026]:", ""},                    // a period
		{"[First], the province will maintain", ""},       // words
		{"maintain [double-digit]", "target value"},       //
		{"[Second], the province", ""},                    // words
		{"[Third], Bac Ninh", ""},                         // words
		{"complete the operation of the [two]-level", ""}, // words
		{"comments ([0])", ""},                            // page furniture
	},
}

// numberWords are the words the labels count as numbers.
var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "first": true, "second": true, "third": true,
	"fourth": true, "fifth": true, "sixth": true, "seventh": true, "eighth": true, "ninth": true, "tenth": true}

// numbersIn lists the offsets of every number of a text: digits not
// inside a word (so not "postid436353"), with . or , between digits, and
// numbers in words, "double digits" and "double-digit" among them.
func numbersIn(text string) map[int]string {
	out := map[int]string{}
	prev := ' '
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= '0' && r <= '9' && !unicode.IsLetter(prev) && !unicode.IsDigit(prev):
			j := i
			for j < len(text) && (text[j] >= '0' && text[j] <= '9' || (text[j] == '.' || text[j] == ',') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9') {
				j++
			}
			out[i] = text[i:j]
			prev = '0'
			i = j
			continue
		case unicode.IsLetter(r) && !unicode.IsLetter(prev):
			j := i
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += n2
			}
			w := strings.ToLower(text[i:j])
			if w == "double" && j+6 <= len(text) && strings.EqualFold(text[j+1:j+6], "digit") {
				k := j + 6
				if k < len(text) && text[k] == 's' {
					k++
				}
				out[i] = text[i:k]
			} else if numberWords[w] {
				out[i] = text[i:j]
			}
			prev = 'a'
			i = j
			continue
		}
		prev = r
		i += n
	}
	return out
}

func labelOf(c Claim) string {
	parts := []string{}
	if c.Target {
		parts = append(parts, "target")
	}
	parts = append(parts, string(c.Kind))
	if c.Range {
		parts = append(parts, "range")
	}
	return strings.Join(parts, " ")
}

// score compares the finder's claims with the labels of every number of a
// text: the true positives, the numbers found in claims, and those
// labelled as claims.
func score(t *testing.T, name, text string, labelled []struct{ at, label string }) (tp, predicted, actual int) {
	t.Helper()
	labels := map[int]string{}
	for _, l := range labelled {
		a, b := strings.IndexByte(l.at, '['), strings.IndexByte(l.at, ']')
		ctx := l.at[:a] + l.at[a+1:b] + l.at[b+1:]
		if n := strings.Count(text, ctx); n != 1 {
			t.Fatalf("%s: %q is %d times in the text", name, ctx, n)
		}
		off := strings.Index(text, ctx) + a
		if _, dup := labels[off]; dup {
			t.Fatalf("%s: %q labelled twice", name, l.at)
		}
		labels[off] = l.label
	}
	nums := numbersIn(text)
	for off, n := range nums {
		if _, ok := labels[off]; !ok {
			t.Errorf("%s: the number %q at %d (%q) has no label", name, n, off, text[max(0, off-20):min(len(text), off+20)])
		}
	}
	for off := range labels {
		if _, ok := nums[off]; !ok {
			t.Errorf("%s: a label at %d (%q) is not on a number", name, off, text[off:min(len(text), off+10)])
		}
	}
	claims := Find(text)
	for off, want := range labels {
		got := ""
		for _, c := range claims {
			if off >= c.Start && off < c.End {
				got = labelOf(c)
			}
		}
		if got != "" {
			predicted++
		}
		if want != "" {
			actual++
		}
		if got != "" && got == want {
			tp++
		}
		if got != want {
			t.Logf("%s: %q (%q) found as %q, labelled %q", name, nums[off], text[max(0, off-25):min(len(text), off+25)], got, want)
		}
	}
	return tp, predicted, actual
}

// Precision and recall of the claim finder on every number of the seeds:
// a number is found right when the claim whose words hold it has its
// label; precision counts the numbers the finder puts in claims, recall
// the numbers labelled as claims.
func TestClaimFinderPrecisionRecall(t *testing.T) {
	// The seeds are the rules' development set: the finder was written
	// against them and gets every number right (precision and recall
	// 1.000). The floor lets one number in fifty go wrong as the rules
	// grow.
	const minPrecision, minRecall = 0.98, 0.98
	var tp, predicted, actual int
	for _, s := range []string{"000", "002"} {
		a, b, c := score(t, "seed "+s, seed(t, s), seedLabels[s])
		tp, predicted, actual = tp+a, predicted+b, actual+c
	}
	precision, recall := float64(tp)/float64(predicted), float64(tp)/float64(actual)
	t.Logf("claim finder on the seeds: precision %.3f (%d of %d numbers found in claims), recall %.3f (%d of %d labelled claims)",
		precision, tp, predicted, recall, tp, actual)
	if precision < minPrecision || recall < minRecall {
		t.Errorf("precision %.3f, recall %.3f: below %.2f / %.2f", precision, recall, minPrecision, minRecall)
	}
}

// Two short texts written and labelled after the rules were, and not used
// to change them: a Vietnamese report's paragraph and an English press
// paragraph, with wordings the seeds lack ("gấp 1,3 lần cùng kỳ", "nearly a
// fifth", "65% of the annual estimate", "ranks third among the 34
// provinces"). Their figures are what to expect of drafts the rules have
// not seen: at the first run, precision 0.903 and recall 0.848 (28 of 33
// claims); after fixing the one bug they showed ("tỷ" of "tỷ trọng", a
// share, read as "billion"), 0.933 and 0.848. The misses are wordings no
// rule knows yet. The floor is set just under them.
var heldOutLabels = map[string][]struct{ at, label string }{
	"heldout.vi.txt": {
		{"Trong [9] tháng", ""},
		{"đầu năm [2025]", ""},
		{"ước tăng [9,8]%", "growth"},
		{"cả nước ([7,85]%)", "value"},
		{"đạt [1,2] triệu", "value"},
		{"tăng [12,4]%", "growth"},
		{"xuất khẩu [9] tháng", ""},
		{"đạt [68,5] tỷ", "value"},
		{"bằng [91,8]%", "pct_of_plan"},
		{"đạt [63,2] tỷ", "value"},
		{"đạt [51.320] tỷ", "value"},
		{"vượt [5]% dự toán", "pct_of_plan"},
		{"có [1.245] doanh", "value"},
		{"ký [28.600] tỷ", "value"},
		{"còn [0,9]%", "value"},
		{"đạt [78]%", "value"},
		{"thứ [2] cả nước", "rank"},
		{"với [4,1] tỷ", "value"},
		{"gấp [1,3] lần", "multiple"},
		{"khoảng [10,5]%", "value"},
		{"trên [6.000] USD", "value"},
		{"số [15]/NQ", ""},
		{"ngày [12]/7/2024", ""},
		{"ngày 12/[7]/2024", ""},
		{"ngày 12/7/[2024]", ""},
		{"năm [2030]", ""},
		{"chiếm [70]% GRDP", "target value"},
	},
	"heldout.en.txt": {
		{"grew [11.2]%", "growth"},
		{"in the [first] half", ""},
		{"half of [2025]", ""},
		{"the [second]-highest", "rank"},
		{"VND [58,400] billion", "value"},
		{"or [65]% of", "pct_of_plan"},
		{"nearly a [fifth]", "growth"},
		{"$[18.3] bn", "value"},
		{"attract $[3] billion", "target value"},
		{"in [2026]", ""},
		{"below [4]%", "target value"},
		{"hit [95] million", "value"},
		{"up [8] percent", "growth"},
		{"ranks [third] among", "rank"},
		{"the [34] provinces", "rank"},
		{"USD [7,900]", "value"},
		{"[1.5] times", "ratio"},
		{"Call [0225.3842.666]", ""},
		{"Room [203]", ""},
		{", [12] Le Hong", ""},
	},
}

func TestClaimFinderHeldOut(t *testing.T) {
	const minPrecision, minRecall = 0.90, 0.84
	var tp, predicted, actual int
	for name, labels := range heldOutLabels {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		x, y, z := score(t, name, string(b), labels)
		tp, predicted, actual = tp+x, predicted+y, actual+z
	}
	precision, recall := float64(tp)/float64(predicted), float64(tp)/float64(actual)
	t.Logf("claim finder on held-out text: precision %.3f (%d of %d numbers found in claims), recall %.3f (%d of %d labelled claims)",
		precision, tp, predicted, recall, tp, actual)
	if precision < minPrecision || recall < minRecall {
		t.Errorf("precision %.3f, recall %.3f: below %.2f / %.2f", precision, recall, minPrecision, minRecall)
	}
}
