// Package factcheck checks the numbers of a draft an officer wrote: it reads
// the draft (text, Markdown, DOCX), finds every numeric claim by rules over
// its tokenised sentences, in Vietnamese and English, ties each claim to an
// indicator, unit and period, recomputes it from a review of the store and
// gives one verdict: confirmed within the rounding the text uses, differs
// (with the computed figure and its derivation) or unverifiable (with the
// reason). It also checks the draft's figures against each other.
package factcheck

// Kind is what a claim states about an indicator.
type Kind string

const (
	KindValue     Kind = "value"       // "exports reached USD 94 billion"
	KindGrowth    Kind = "growth"      // "up 36.1%", "tăng 36,1%"
	KindPctOfPlan Kind = "pct_of_plan" // "126% of the plan", "bằng 127,6% dự toán"
	KindRank      Kind = "rank"        // "ranking fifth nationwide", "đứng thứ 5 cả nước"
	KindShare     Kind = "share"       // "20% of the national total", "chiếm 2,71% GDP cả nước"
	KindRatio     Kind = "ratio"       // "1.16 times the national average"
	KindMultiple  Kind = "multiple"    // "more than 19 times higher than in 2005"
	KindAvgGrowth Kind = "avg_growth"  // "14.7%/year in 2005-2019"
)

// Bound is how a claim's number is qualified.
type Bound string

const (
	Exact       Bound = ""             // "36.1%": within the rounding written
	MoreThan    Bound = "more_than"    // "more than 19 times", "hơn", "trên", "over"
	LessThan    Bound = "less_than"    // "less than 1%", "dưới", "chưa đến"
	AtLeast     Bound = "at_least"     // "at least", "không dưới", "tối thiểu"
	AtMost      Bound = "at_most"      // "at most", "không quá", "tối đa"
	Nearly      Bound = "nearly"       // "nearly", "almost", "gần"
	About       Bound = "about"        // "about", "around", "khoảng", "xấp xỉ"
	DoubleDigit Bound = "double_digit" // "double-digit", "hai con số": 10 or more, under 100
)

// Claim is one numeric statement found in a draft. Start and End are byte
// offsets of its words in the extracted text.
type Claim struct {
	Text      string  `json:"claim"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Kind      Kind    `json:"kind"`
	Value     float64 `json:"value"` // the number as written (72.497 in "72.497 trillion"); a range's low end
	High      float64 `json:"high,omitempty"`
	Range     bool    `json:"range,omitempty"`
	Decimals  int     `json:"decimals"`
	Scale     float64 `json:"scale"`              // 1e9 for "billion", "tỷ"
	Currency  string  `json:"currency,omitempty"` // USD, VND
	Unit      string  `json:"unit,omitempty"`     // %, ha, persons, count, times, pp
	Bound     Bound   `json:"bound,omitempty"`
	Estimated bool    `json:"estimated,omitempty"` // "estimated", "projected", "ước"
	Target    bool    `json:"target,omitempty"`    // a sentence setting targets, not reporting results
	Scope     string  `json:"scope,omitempty"`     // rank, share, ratio: "national", or the words naming a group
	Of        int     `json:"of,omitempty"`        // rank: out of how many
	PlanWord  string  `json:"plan_word,omitempty"` // pct_of_plan: "plan" or "estimate"
	Base      int     `json:"base,omitempty"`      // multiple, growth: the base year written

	sent     int // sentence index
	lo, hi   int // token range [lo, hi)
	num      int // token of the number
	total    int // for "X out of Y": the index of Y's claim in the list, else -1
	negative bool
	// ofWithData: a rank's whole counts the peers with a figure ("5th of
	// the 12 provinces with figures").
	ofWithData bool
}
