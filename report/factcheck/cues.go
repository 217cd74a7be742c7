package factcheck

// The words around a number that say what kind of claim it is, in English
// and Vietnamese. Matching is on folded keys (lower case, no diacritics),
// so "tăng" and "tang" both match.

var boundWords = []struct {
	p phrase
	b Bound
}{
	{keys("more than"), MoreThan}, {keys("over"), MoreThan}, {keys("above"), MoreThan}, {keys("in excess of"), MoreThan},
	{keys("hơn"), MoreThan}, {keys("trên"), MoreThan},
	{keys("less than"), LessThan}, {keys("fewer than"), LessThan}, {keys("under"), LessThan}, {keys("below"), LessThan},
	{keys("dưới"), LessThan}, {keys("chưa đến"), LessThan}, {keys("chưa tới"), LessThan}, {keys("thấp hơn"), LessThan},
	{keys("at least"), AtLeast}, {keys("no less than"), AtLeast}, {keys("không dưới"), AtLeast}, {keys("ít nhất"), AtLeast},
	{keys("tối thiểu"), AtLeast}, {keys("từ"), Exact},
	{keys("at most"), AtMost}, {keys("no more than"), AtMost}, {keys("không quá"), AtMost}, {keys("tối đa"), AtMost},
	{keys("nearly"), Nearly}, {keys("almost"), Nearly}, {keys("close to"), Nearly}, {keys("gần"), Nearly},
	{keys("about"), About}, {keys("around"), About}, {keys("approximately"), About}, {keys("roughly"), About},
	{keys("some"), About}, {keys("khoảng"), About}, {keys("xấp xỉ"), About}, {keys("chừng"), About},
}

var estimatedWords = phrases("estimated at", "estimated", "projected at", "projected", "expected at", "preliminary",
	"ước đạt", "ước tính đạt", "ước tính", "ước thực hiện", "ước", "sơ bộ", "dự kiến đạt", "dự kiến")

// fillers may stand between a cue and its number.
var fillers = phrases("by", "of", "at", "a", "an", "the", "is", "was", "were", "be", "will be", "to", "from", "mức", "ở mức", "là",
	"với", "then", "only", "just", "còn", "lên", "sharply", "strongly", "mạnh")

var valueCues = phrases("reached", "reach", "reaches", "reaching", "hit", "hits", "amounted to", "amounting to", "amounts to",
	"stood at", "stands at", "standing at", "totalled", "totaled", "totalling", "totaling", "increased to", "rose to",
	"grew to", "decreased to", "fell to", "dropped to", "reduced to", "up to", "đạt", "tăng lên", "giảm xuống", "giảm còn", "xuống",
	"là", "có", "equivalent to", "equal to", "equivalent", "bằng", "tương đương", "tương đương với", "tương ứng", "gấp")

var growthUp = phrases("up", "increased", "increase", "increases", "increasing", "an increase of", "rose", "rise", "rises", "rising",
	"grew", "grow", "grows", "growing", "gained", "gain", "gains", "higher", "tăng", "tăng thêm", "tăng trưởng", "tăng bình quân",
	"grew by", "up by", "increased by")

var growthDown = phrases("down", "decreased", "decrease", "decreases", "decreasing", "fell", "fall", "falls", "falling", "declined",
	"decline", "declines", "dropped", "drop", "lower", "giảm", "giảm bình quân")

var growthRight = phrases("higher", "more", "increase", "rise", "growth", "year-on-year", "year on year", "compared to", "compared with",
	"over the same period", "over the previous year", "so với", "so với cùng kỳ", "so cùng kỳ")

var shareCues = phrases("accounting for", "accounts for", "account for", "accounted for", "making up", "makes up", "made up",
	"a share of", "share of", "chiếm", "chiếm tỷ trọng", "chiếm tỉ trọng", "chiếm tới", "chiếm gần", "chiếm khoảng", "chiếm hơn")

var excessCues = phrases("exceeded", "exceeding", "exceeds", "surpassed", "surpassing", "vượt", "vượt mức")

var rankCues = phrases("rank", "ranks", "ranked", "ranking", "placed", "came", "stood", "đứng", "đứng thứ", "xếp", "xếp thứ",
	"xếp hạng", "xếp hạng thứ", "đứng ở vị trí thứ", "vị trí thứ", "hạng")

// planWords name what a % of plan is measured against.
var planWords = []struct {
	p    phrase
	word string
}{
	{keys("the budget estimate"), "estimate"}, {keys("budget estimate"), "estimate"}, {keys("the estimate"), "estimate"},
	{keys("estimate"), "estimate"}, {keys("the assigned estimate"), "estimate"}, {keys("dự toán"), "estimate"},
	{keys("dự toán giao"), "estimate"}, {keys("dự toán trung ương giao"), "estimate"}, {keys("dự toán hđnd tỉnh giao"), "estimate"},
	{keys("the plan"), "plan"}, {keys("plan"), "plan"}, {keys("the annual plan"), "plan"}, {keys("the yearly plan"), "plan"},
	{keys("the target"), "plan"}, {keys("target"), "plan"}, {keys("its target"), "plan"}, {keys("the year's plan"), "plan"},
	{keys("kế hoạch"), "plan"}, {keys("kế hoạch năm"), "plan"}, {keys("kh"), "plan"}, {keys("chỉ tiêu kế hoạch"), "plan"},
	{keys("chỉ tiêu"), "plan"}, {keys("mục tiêu kế hoạch"), "plan"},
}

var planLead = phrases("of", "of the", "so với", "so", "compared to", "compared with", "against", "as planned in")

// nationalWords make a rank, share or ratio national.
var nationalWords = phrases("nationwide", "national", "the national", "national total", "the national total", "the country",
	"the whole country", "whole country", "the entire country", "in the country", "of the country", "countrywide",
	"cả nước", "toàn quốc", "của cả nước", "trong cả nước", "toàn quốc", "của toàn quốc", "vietnam", "viet nam", "việt nam")

var averageWords = phrases("the national average", "national average", "the country's average", "the average of the country",
	"the average of the whole country", "the national level", "bình quân cả nước", "bình quân chung cả nước",
	"mức bình quân cả nước", "mức bình quân chung cả nước", "bình quân chung của cả nước", "trung bình cả nước",
	"mức trung bình cả nước", "bình quân của cả nước")

var groupAverageLead = phrases("the average of", "the average for", "bình quân", "bình quân chung", "mức bình quân", "trung bình",
	"mức trung bình", "bình quân vùng", "bình quân chung vùng")

var timesWords = phrases("times", "fold", "lần")

var perYearWords = phrases("/ year", "/ yr", "/ năm", "per year", "a year", "each year", "per annum", "annually", "mỗi năm",
	"hằng năm", "hàng năm", "/ 1 năm")

var percentWords = phrases("%", "percent", "per cent", "pct", "phần trăm")

var pointWords = phrases("percentage points", "percentage point", "points", "pp", "điểm phần trăm", "điểm %", "điểm")

var outOfWords = phrases("out of", "of", "of the", "among", "trên", "trên tổng số", "trong số", "trong tổng số", "/", "trên tổng")

// withDataWords, after the whole of a rank, say that it counts only the
// peers with a figure.
var withDataWords = phrases("with figures", "with a figure", "with data", "có số liệu")

var partOfWords = phrases("out of", "trên tổng số", "trong tổng số", "trên tổng")

// Words before a number that make it not a claim.
var phoneWords = phrases("hotline", "tel", "telephone", "phone", "fax", "mobile", "điện thoại", "đt", "sđt", "zalo", "đường dây nóng")

var documentWords = phrases("resolution", "conclusion", "decree", "decision", "circular", "directive", "law", "no", "no.", "number",
	"article", "clause", "chapter", "section", "page", "item", "annex", "appendix", "official letter", "dispatch", "plan no",
	"số", "nghị quyết", "kết luận", "nghị định", "quyết định", "thông tư", "chỉ thị", "công văn", "luật", "điều", "khoản",
	"chương", "mục", "trang", "phụ lục", "kế hoạch số", "tờ trình", "báo cáo số")

var monthNames = phrases("january", "february", "march", "april", "june", "july", "august", "september", "october",
	"november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")

// dayWords come before a day or month number in Vietnamese dates.
var dayWords = phrases("ngày", "tháng", "mùng", "mồng")

var durationWords = phrases("years", "year", "months", "month", "days", "day", "weeks", "week", "quarters", "decades", "hours",
	"minutes", "năm", "tháng", "ngày", "tuần", "quý", "giờ", "phút", "thập kỷ", "h", "am", "pm", "giây")

var temperatureWords = phrases("°", "° c", "độ c", "độ", "ºc", "º")

// targetWords make a sentence one that sets targets rather than reports.
var targetWords = phrases("strive", "strives", "striving", "target", "targets", "targeted", "objective", "objectives", "aim",
	"aims", "aiming", "goal", "goals", "will", "shall", "to be achieved", "phấn đấu", "mục tiêu", "chỉ tiêu", "sẽ", "định hướng")

// doubleDigit words: growth of ten per cent or more.
var doubleDigitWords = phrases("double - digit", "double - digits", "double digit", "double digits", "two - digit", "hai con số",
	"2 con số")
