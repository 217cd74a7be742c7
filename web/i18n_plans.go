package web

import (
	"regexp"
	"strings"

	"planwatch/locale"
)

// viPlans are the words of the pages that create and edit plans and
// targets, added to vi.
var viPlans = map[string]string{
	"Edit": "Sửa", "New plan": "Kế hoạch mới", "Edit the plan": "Sửa kế hoạch", "New target": "Mục tiêu mới", "Edit the target": "Sửa mục tiêu",
	"Code (the document's number)": "Mã (số hiệu văn bản)", "Title in Vietnamese": "Tên tiếng Việt", "Title in English": "Tên tiếng Anh",
	"Issuer in Vietnamese": "Cơ quan ban hành (tiếng Việt)", "Issuer in English": "Cơ quan ban hành (tiếng Anh)",
	"Date issued (YYYY-MM-DD)": "Ngày ban hành (năm-tháng-ngày)", "Horizon (e.g. 2021/2025 or 2025)": "Giai đoạn (ví dụ 2021/2025 hoặc 2025)",
	"Parent plan's code": "Mã kế hoạch cấp trên", "Vision in Vietnamese": "Tầm nhìn (tiếng Việt)", "Vision in English": "Tầm nhìn (tiếng Anh)",
	"Assessment method": "Phương pháp đánh giá", "default (Statistics Canada)": "mặc định (Thống kê Canada)",
	"Unit's code": "Mã đơn vị", "Add a target": "Thêm mục tiêu",
	"Nothing is saved until every field is valid.":                                                                           "Chưa lưu gì cho đến khi mọi ô hợp lệ.",
	"Nothing was saved: correct the fields marked and send again.":                                                           "Chưa lưu gì: sửa các ô được đánh dấu rồi gửi lại.",
	"Someone saved this meanwhile: the fields marked show what is saved now beside yours. Send again to save yours over it.": "Trong lúc đó đã có người lưu nội dung khác: các ô được đánh dấu cho thấy nội dung đang lưu bên cạnh nội dung của bạn. Gửi lại để lưu đè.",
	"now": "hiện là", "yours": "của bạn", "empty": "trống",
	"A plan with this code exists already: open it to edit it.":                      "Đã có kế hoạch mang mã này: mở kế hoạch đó để sửa.",
	"The same target exists already in this plan: edit that one.":                    "Kế hoạch đã có mục tiêu này: hãy sửa mục tiêu đó.",
	"Only a planner of this unit or a unit above it may keep its plans and targets.": "Chỉ người lập kế hoạch của đơn vị này hoặc cấp trên mới được lập và sửa kế hoạch, mục tiêu của đơn vị.",
	"Open the plan": "Xem kế hoạch", "Open the target": "Xem mục tiêu", "Published pages show it once they reload, within seconds.": "Các trang công khai hiển thị sau khi tải lại, trong vài giây.",
	"Kind of target": "Loại mục tiêu", "Dimensions (price basis, sector...)": "Phân tổ (loại giá, khu vực...)", "none": "không có",
	"Value (a point target)": "Giá trị (mục tiêu một số)", "Low (a band)": "Cận dưới (mục tiêu khoảng)", "High (a band)": "Cận trên (mục tiêu khoảng)",
	"Deadline (e.g. 2025, or 2021/2025 for an average over the years)": "Thời hạn (ví dụ 2025, hoặc 2021/2025 cho bình quân giai đoạn)",
	"Baseline period": "Kỳ gốc", "Baseline value": "Giá trị kỳ gốc",
	"Milestones (period=value; ...)": "Các mốc (kỳ=giá trị; ...)",
	"The plan's own words, verbatim": "Nguyên văn của văn bản", "Language of the wording": "Ngôn ngữ của nguyên văn",
	"Translation into the other language": "Bản dịch sang ngôn ngữ kia", "Vietnamese": "Tiếng Việt", "English": "Tiếng Anh",
	"Growth targets are in percent.": "Mục tiêu tăng trưởng tính bằng phần trăm.",
	"How planwatch will state it":    "planwatch sẽ ghi mục tiêu này là", "Saved": "Đã lưu",
	"The unit, indicator, dimensions, kind and deadline name the target: to change them, add a new target.": "Đơn vị, chỉ tiêu, phân tổ, loại và thời hạn xác định mục tiêu: muốn đổi, hãy thêm mục tiêu mới.",
	"The code names the plan: to change it, create a new plan.":                                             "Mã xác định kế hoạch: muốn đổi, hãy tạo kế hoạch mới.",
	"Not a period": "Không phải một kỳ", "Not a date (write YYYY-MM-DD)": "Không phải ngày (viết năm-tháng-ngày, ví dụ 2025-09-14)",
	"Give the code.": "Cần có mã.", "Invalid": "Không hợp lệ",
	"write milestones as period=value; period=value": "viết các mốc dạng kỳ=giá trị; kỳ=giá trị",
	"This target is not in the plan.":                "Kế hoạch không có mục tiêu này.",
}

func init() {
	for k, v := range viPlans {
		if _, dup := vi[k]; !dup {
			vi[k] = v
		}
	}
}

// problemRules translate the problems the import's checks find in a plan
// or target (plan.go, load.go) into Vietnamese: each rule a pattern of
// the English and the Vietnamese it becomes, with the pattern's groups.
var problemRules = []struct {
	re *regexp.Regexp
	vi func(m []string, l locale.Lang) string
}{
	{regexp.MustCompile(`^is empty$`), func([]string, locale.Lang) string { return "Cần có mã." }},
	{regexp.MustCompile(`^(".*") has a space or one of , ; = \| @ "$`), func(m []string, _ locale.Lang) string {
		return m[1] + " có dấu cách hoặc một trong các ký tự , ; = | @ \""
	}},
	{notOneOf, func(m []string, _ locale.Lang) string { return m[1] + " không phải một lựa chọn hợp lệ" }},
	{regexp.MustCompile(`^a plan needs a title$`), func([]string, locale.Lang) string {
		return "Kế hoạch cần có tên (tiếng Việt hoặc tiếng Anh)."
	}},
	{regexp.MustCompile(`^(".*") has a control character .*$`), func(m []string, _ locale.Lang) string { return m[1] + " có ký tự điều khiển" }},
	{regexp.MustCompile(`^(".*") is not valid UTF-8$`), func(m []string, _ locale.Lang) string { return m[1] + " không phải văn bản UTF-8 hợp lệ" }},
	{regexp.MustCompile(`^a plan cannot be its own parent$`), func([]string, locale.Lang) string {
		return "Kế hoạch không thể là cấp trên của chính nó."
	}},
	{regexp.MustCompile(`^plan (\S+) is not known$`), func(m []string, _ locale.Lang) string { return "Không có kế hoạch nào mã " + m[1] + "." }},
	{regexp.MustCompile(`^plan (\S+) is its own ancestor$`), func(m []string, _ locale.Lang) string {
		return "Kế hoạch " + m[1] + " thành cấp trên của chính nó qua các kế hoạch cấp trên."
	}},
	{regexp.MustCompile(`^(".*") is not a date \(YYYY-MM-DD\)$`), func(m []string, _ locale.Lang) string {
		return m[1] + " không phải ngày (viết năm-tháng-ngày, ví dụ 2025-09-14)"
	}},
	{regexp.MustCompile(`^a plan needs a horizon`), func([]string, locale.Lang) string {
		return "Kế hoạch cần có giai đoạn, ví dụ 2021/2025 hoặc 2025."
	}},
	{regexp.MustCompile(`^(".*"): the method is statcan or unsd$`), func(m []string, _ locale.Lang) string { return m[1] + ": chọn một phương pháp trong danh sách" }},
	{regexp.MustCompile(`^no unit has code (".*")$`), func(m []string, _ locale.Lang) string { return "Không có đơn vị nào mã " + m[1] + "." }},
	{regexp.MustCompile(`^(".*") is not a known (indicator|plan)$`), func(m []string, _ locale.Lang) string {
		if m[2] == "plan" {
			return "Không có kế hoạch nào mã " + m[1] + "."
		}
		return "Không có chỉ tiêu nào mã " + m[1] + "."
	}},
	{regexp.MustCompile(`^(\S+)=(\S+): indicator (\S+) (declares|has no dimension)`), func(m []string, l locale.Lang) string {
		return "Chỉ tiêu " + m[3] + " không có phân tổ " + locale.Dims(m[1]+"="+m[2], l) + "."
	}},
	{regexp.MustCompile(`^a target needs a deadline$`), func([]string, locale.Lang) string { return "Mục tiêu cần có thời hạn." }},
	{regexp.MustCompile(`^(\S+) is above high (\S+)$`), func(m []string, l locale.Lang) string {
		return "Cận dưới " + viNum(m[1], l) + " lớn hơn cận trên " + viNum(m[2], l) + "."
	}},
	{regexp.MustCompile(`^a (\S+) target needs a value$`), func(m []string, l locale.Lang) string {
		return "Mục tiêu loại “" + locale.TargetKind(m[1], l) + "” cần một giá trị."
	}},
	{regexp.MustCompile(`^a (\S+) target takes value, not low/high$`), func(m []string, l locale.Lang) string {
		return "Mục tiêu loại “" + locale.TargetKind(m[1], l) + "” có một giá trị, không có cận dưới, cận trên."
	}},
	{regexp.MustCompile(`^a range target needs low and high$`), func([]string, locale.Lang) string { return "Mục tiêu khoảng cần cận dưới và cận trên." }},
	{regexp.MustCompile(`^a range target takes low and high, not value$`), func([]string, locale.Lang) string {
		return "Mục tiêu khoảng có cận dưới và cận trên, không có một giá trị."
	}},
	{regexp.MustCompile(`^a (\S+) target needs value or low/high \(percent\)$`), func(m []string, l locale.Lang) string {
		return "Mục tiêu loại “" + locale.TargetKind(m[1], l) + "” cần một giá trị hoặc cận dưới, cận trên (phần trăm)."
	}},
	{regexp.MustCompile(`^give value or low/high, not both$`), func([]string, locale.Lang) string {
		return "Cho một giá trị hoặc một khoảng, không cả hai."
	}},
	{regexp.MustCompile(`^an avg_growth target is over an interval such as 2021/2025, not (\S+)$`), func(m []string, _ locale.Lang) string {
		return "Mục tiêu tăng bình quân tính cho một giai đoạn như 2021/2025, không phải " + m[1] + "."
	}},
	{regexp.MustCompile(`^a baseline value needs its period$`), func([]string, locale.Lang) string { return "Giá trị kỳ gốc cần có kỳ gốc." }},
	{regexp.MustCompile(`^(\S+) ends after the deadline (\S+);`), func(m []string, _ locale.Lang) string {
		return "Kỳ gốc " + m[1] + " kết thúc sau thời hạn " + m[2] + "; kỳ gốc phải có trước."
	}},
	{regexp.MustCompile(`^(\S+) is after the deadline (\S+)$`), func(m []string, _ locale.Lang) string {
		return "Mốc " + m[1] + " sau thời hạn " + m[2] + "."
	}},
	{regexp.MustCompile(`^(\S+) is not a finite number$`), func(m []string, _ locale.Lang) string { return m[1] + " không phải số hữu hạn." }},
	{regexp.MustCompile(`^a translation needs the wording it translates$`), func([]string, locale.Lang) string {
		return "Có bản dịch thì cần có nguyên văn được dịch."
	}},
	{regexp.MustCompile(`^gives the language of the wording, which is empty$`), func([]string, locale.Lang) string {
		return "Ngôn ngữ của nguyên văn được chọn nhưng nguyên văn trống."
	}},
	{regexp.MustCompile(`^the same target is also on `), func([]string, locale.Lang) string {
		return "Kế hoạch đã có mục tiêu này: hãy sửa mục tiêu đó."
	}},
}

var (
	notOneOf = regexp.MustCompile(`^(".*") is not one of `)
	kindIn   = regexp.MustCompile(`\b(an?) (at_least|at_most|exactly|range|avg_growth|growth|plan) target`)
)

// viNum writes a number of an English message as Vietnamese writes it.
func viNum(s string, l locale.Lang) string {
	if v, err := parseFormNumber(s, locale.EN); err == nil {
		return locale.Number(v, l)
	}
	return s
}

// translateProblem gives an import's problem in the reader's language:
// English as it is (but for a list of codes); Vietnamese by the rules above, or, for a problem no
// rule knows, "Không hợp lệ" with the English beside it.
func translateProblem(msg string, l locale.Lang) fieldError {
	if l != locale.VI {
		if m := notOneOf.FindStringSubmatch(msg); m != nil {
			return fieldError{Msg: m[1] + " is not one of the choices"} // not the list of codes
		}
		// A kind of target by its name, not its code.
		msg = kindIn.ReplaceAllStringFunc(msg, func(s string) string {
			m := kindIn.FindStringSubmatch(s)
			return "a “" + locale.TargetKind(m[2], l) + "” target"
		})
		return fieldError{Msg: msg}
	}
	for _, r := range problemRules {
		if m := r.re.FindStringSubmatch(msg); m != nil {
			return fieldError{Msg: r.vi(m, l)}
		}
	}
	return fieldError{Msg: T(l, "Invalid"), Detail: strings.TrimSpace(msg)}
}
