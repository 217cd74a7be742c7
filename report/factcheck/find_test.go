package factcheck

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadNumber(t *testing.T) {
	for _, c := range []struct {
		s   string
		vi  bool
		v   float64
		dec int
		ok  bool
	}{
		{"72,497.5", false, 72497.5, 1, true},
		{"72.497,5", true, 72497.5, 1, true},
		{"72.497,5", false, 72497.5, 1, true}, // both marks: the last is the decimal one, in any language
		{"72,497.5", true, 72497.5, 1, true},
		{"36.1", false, 36.1, 1, true},
		{"36,1", true, 36.1, 1, true},
		{"36,1", false, 36.1, 1, true}, // a comma before one digit is a decimal comma
		{"10.27", true, 10.27, 2, true},
		{"72.497", false, 72.497, 3, true},
		{"72.497", true, 72497, 0, true},
		{"72,497", false, 72497, 0, true},
		{"72,497", true, 72.497, 3, true},
		{"5,852", false, 5852, 0, true},
		{"5.852", true, 5852, 0, true},
		{"7,425.07", false, 7425.07, 2, true},
		{"7.425,07", true, 7425.07, 2, true},
		{"1.234.567", true, 1234567, 0, true},
		{"1,234,567", false, 1234567, 0, true},
		{"0.125", true, 0.125, 3, true}, // no thousands group starts with 0
		{"2025", false, 2025, 0, true},
		{"1.2.3", false, 0, 0, false},
		{"12,34,567", false, 0, 0, false},
		{"1,234.5.6", false, 0, 0, false},
		{"1.234,5,6", true, 0, 0, false},
		{"", false, 0, 0, false},
	} {
		v, dec, ok := readNumber(c.s, c.vi)
		if ok != c.ok || ok && (v != c.v || dec != c.dec) {
			t.Errorf("readNumber(%q, vi=%v) = %v, %d, %v; want %v, %d, %v", c.s, c.vi, v, dec, ok, c.v, c.dec, c.ok)
		}
	}
}

// summary writes a claim as the tests expect it.
func summary(c Claim) string {
	s := fmt.Sprintf("%s %g", c.Kind, c.Value*c.Scale)
	if c.Range {
		s += fmt.Sprintf("-%g", c.High*c.Scale)
	}
	for _, part := range []string{c.Currency, c.Unit, string(c.Bound)} {
		if part != "" {
			s += " " + part
		}
	}
	if c.Estimated {
		s += " est"
	}
	if c.negative {
		s += " down"
	}
	if c.Scope != "" {
		s += " scope=" + c.Scope
	}
	if c.Of > 0 {
		s += fmt.Sprintf(" of=%d", c.Of)
	}
	if c.PlanWord != "" {
		s += " plan=" + c.PlanWord
	}
	if c.Base > 0 {
		s += fmt.Sprintf(" base=%d", c.Base)
	}
	if c.Target {
		s += " target"
	}
	return s
}

func TestFind(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		// Values with their measure units, in both number styles.
		{"Exports reached USD 94 billion.", []string{"value 9.4e+10 USD"}},
		{"Xuất khẩu đạt 94 tỷ USD.", []string{"value 9.4e+10 USD"}},
		{"Revenue was VND 72.497 trillion.", []string{"value 7.2497e+13 VND"}},
		{"Thu ngân sách đạt 72.497 tỷ đồng.", []string{"value 7.2497e+13 VND"}},
		{"Thu ngân sách đạt 72,5 nghìn tỷ đồng.", []string{"value 7.25e+13 VND"}},
		{"GRDP per capita was 72,497.5 USD.", []string{"value 72497.5 USD"}},
		{"GRDP bình quân đầu người đạt 72.497,5 USD.", []string{"value 72497.5 USD"}},
		{"The province has 13,141 hectares of land.", []string{"value 13141 ha"}},
		{"Tỉnh có 231 dự án khởi nghiệp.", []string{"value 231 count"}},
		{"The rate is 36.1%.", []string{"value 36.1 %"}},
		{"Tỷ lệ đạt 36,1%.", []string{"value 36.1 %"}},
		// Growth.
		{"Exports rose 36.1% year-on-year.", []string{"growth 36.1 %"}},
		{"Exports increased by 36.1%.", []string{"growth 36.1 %"}},
		{"Exports were up nearly 5%.", []string{"growth 5 % nearly"}},
		{"Xuất khẩu tăng 36,1% so với năm 2024.", []string{"growth 36.1 % base=2024"}},
		{"Nhập khẩu giảm 3,2%.", []string{"growth 3.2 % down"}},
		{"Exports grew 2.5 percentage points.", []string{"growth 2.5 pp"}},
		// % of plan or of an estimate.
		{"Revenue was equivalent to 127.6% of the estimate.", []string{"pct_of_plan 127.6 % plan=estimate"}},
		{"Xuất khẩu bằng 126% kế hoạch.", []string{"pct_of_plan 126 % plan=plan"}},
		{"Xuất khẩu đạt 126% kế hoạch năm.", []string{"pct_of_plan 126 % plan=plan"}},
		{"Thu ngân sách vượt 26% dự toán.", []string{"pct_of_plan 126 % plan=estimate"}},
		// Ranks, with words and digits for ordinals.
		{"GRDP growth ranked fifth nationwide.", []string{"rank 5 scope=national"}},
		{"It ranked 8th out of 63 provinces and cities and 4th in the Red River Delta.", []string{"rank 8 scope=national of=63", "rank 4 scope=group:red river delta"}},
		{"Tăng trưởng đứng thứ 5 cả nước.", []string{"rank 5 scope=national"}},
		{"Tăng trưởng đứng thứ năm cả nước.", []string{"rank 5 scope=national"}},
		{"GRDP xếp thứ 8/63 tỉnh, thành phố và thứ 4 vùng Đồng bằng sông Hồng.", []string{"rank 8 scope=national of=63", "rank 4 scope=group:dong bang song hong"}},
		{"Đứng thứ 3 trong vùng.", []string{"rank 3 scope=group:"}},
		{"GRDP xếp 4/11 tỉnh vùng Đồng bằng sông Hồng.", []string{"rank 4 scope=group:dong bang song hong of=11"}},
		{"It ranked 4th of the 5 provinces of the Red River Delta.", []string{"rank 4 scope=group:red river delta of=5"}},
		{"It ranked 5th of the 12 provinces with figures and 4th of the 5 provinces of the Red River Delta with figures.", []string{"rank 5 scope=national of=12", "rank 4 scope=group:red river delta of=5"}},
		// Shares of a whole.
		{"Trade accounted for 20% of the national total.", []string{"share 20 % scope=national"}},
		{"GRDP chiếm 2,71% GDP cả nước.", []string{"share 2.71 % scope=national"}},
		{"Industry accounts for 74.5%.", []string{"value 74.5 %"}},
		// Ratios to an average, multiples of a base year.
		{"It is 1.16 times the national average.", []string{"ratio 1.16 times scope=national"}},
		{"GRDP bình quân đầu người gấp 1,16 lần bình quân cả nước.", []string{"ratio 1.16 times scope=national"}},
		{"Revenue was more than 19 times higher than in 2005.", []string{"multiple 19 times more_than base=2005"}},
		{"Thu ngân sách gấp hơn 19 lần năm 2005.", []string{"multiple 19 times more_than base=2005"}},
		// Ranges and average growth over a span.
		{"Growth of 7.5-7.8% is expected.", []string{"value 7.5-7.8 %"}},
		{"Growth of 7.5–7.8% is expected.", []string{"value 7.5-7.8 %"}},
		{"Tăng trưởng bình quân 7-8%/năm.", []string{"avg_growth 7-8 %"}},
		{"Growth averaged 14.7%/year in 2005-2019.", []string{"avg_growth 14.7 %"}},
		{"Growth averaged 6.5% per year.", []string{"avg_growth 6.5 %"}},
		// Qualifiers and status words.
		{"Exports were estimated at about USD 94 billion.", []string{"value 9.4e+10 USD about est"}},
		{"Xuất khẩu ước đạt khoảng 94 tỷ USD.", []string{"value 9.4e+10 USD about est"}},
		{"Có hơn 250 dự án được thẩm định.", []string{"value 250 count more_than"}},
		{"Gần 97% thủ tục được cung cấp trực tuyến.", []string{"value 97 % nearly"}},
		{"The poor household rate fell to less than 1%.", []string{"value 1 % less_than"}},
		// Double digits.
		{"GRDP growth reached double digits.", []string{"value 10 % double_digit"}},
		{"Tăng trưởng kinh tế đạt hai con số.", []string{"value 10 % double_digit"}},
		// Targets.
		{"Strive for average growth of 7-8%/year in 2021-2025.", []string{"avg_growth 7-8 % target"}},
		{"Phấn đấu thu ngân sách đạt 80.000 tỷ đồng.", []string{"value 8e+13 VND target"}},
		// Two values, one the whole of the other.
		{"43 out of 52 industrial parks were approved.", []string{"value 43 count", "value 52 count"}},
		{"Đã cho thuê 4.087 ha trên tổng số 7.425,07 ha.", []string{"value 4087 ha", "value 7425.07 ha"}},
		// Not claims: dates, times, telephone numbers, temperatures,
		// documents, names, durations, page furniture, unclear numbers.
		{"Wednesday, 31/12/2025", nil},
		{"Updated: 17:28, 31/12/2025", nil},
		{"Hà Nội, ngày 31 tháng 12 năm 2025", nil},
		{"Hotline: +84.889.859.666", nil},
		{"Điện thoại: 0222.3822.166", nil},
		{"Bắc Ninh 20 °C / 19 - 20 °C", nil},
		{"Resolution 54-NQ/TW and Conclusion No. 13 of the Politburo", nil},
		{"Theo Nghị quyết số 202/2025/QH15 và Nghị quyết 306/NQ-CP", nil},
		{"The road connecting National Highway 37 - National Highway 17", nil},
		{"After nearly 17 years of implementing it", nil},
		{"0.5 1.0 1.5", nil},
		{"Reader's comments (0)", nil},
		{"The 20th Provincial Party Congress for the 2020-2025 term", nil},
		{"2025 was the first year of the two-level model.", nil},
		{"First, the province will improve.", nil},
		{"There are three key objectives for 2026.", nil},
		{"In the first nine months, 9 tháng đầu năm", nil},
		// A year alone in a table's cell is a period, not an amount of
		// the next cell; the steps of a computation are not claims.
		// An amount after a plan word is the plan's figure; one in a
		// table's column of targets is a target.
		{"Exports\tplan USD 74.6 bn\t2025\tUSD 94 bn", []string{"value 7.46e+10 USD plan=plan target", "value 9.4e+10 USD"}},
		{"| Exports | USD 74.6 bn | 2025 | USD 94 bn |", []string{"value 7.46e+10 USD", "value 9.4e+10 USD"}},
		{"Chỉ tiêu\tMục tiêu\tThời hạn\tThực hiện\nThu ngân sách\ttối thiểu 37,4 nghìn tỷ đồng\t2025\t33,227 nghìn tỷ đồng (2021)",
			[]string{"value 3.74e+13 VND at_least target", "value 3.3226999999999996e+13 VND"}},
		{"| Indicator | Target | Deadline | Result |\n| --- | --- | --- | --- |\n| Budget revenue | at least VND 37.4 trillion | 2025 | VND 33.227 trillion (2021) |",
			[]string{"value 3.74e+13 VND at_least target", "value 3.3226999999999996e+13 VND"}},
		{"Xuất khẩu đạt 94 tỷ USD, bằng 126% so với kế hoạch 74,6 tỷ USD.", []string{"value 9.4e+10 USD", "pct_of_plan 126 % plan=plan", "value 7.46e+10 USD plan=plan target"}},
		{"Dự toán thu ngân sách năm 2025: 56.816 tỷ đồng.", []string{"value 5.6816e+13 VND plan=plan target"}},
		{"nên kế hoạch là 94 / 1,26 = 74,6 tỷ USD", nil},
		{"nên năm 2005 thấp hơn 33.227 / 19 = 1.748,8 tỷ đồng", nil},
		// "tỷ" begins "tỷ trọng" (a share) and "tỷ lệ" (a rate) too.
		{"Đến năm 2030 tỷ trọng công nghiệp đạt 70%, năm 2025 tỷ lệ đô thị hóa đạt 50%.", []string{"value 70 %", "value 50 %"}},
	} {
		var got []string
		for _, cl := range Find(c.in) {
			got = append(got, summary(cl))
		}
		if strings.Join(got, " | ") != strings.Join(c.want, " | ") {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// The words of a claim, with their offsets into the text.
func TestFindOffsets(t *testing.T) {
	text := "Xuất khẩu ước đạt 94 tỷ USD, tăng 36,1% và bằng 126% kế hoạch."
	cs := Find(text)
	want := []string{"ước đạt 94 tỷ USD", "tăng 36,1%", "bằng 126% kế hoạch"}
	if len(cs) != len(want) {
		t.Fatalf("claims %v", cs)
	}
	for i, c := range cs {
		if c.Text != want[i] || text[c.Start:c.End] != want[i] {
			t.Errorf("claim %d: %q at %d-%d, want %q", i, c.Text, c.Start, c.End, want[i])
		}
	}
}
