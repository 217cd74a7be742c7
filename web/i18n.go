package web

import (
	"net/http"

	"planwatch/locale"
)

// vi translates the words of the pages themselves: headings, labels,
// links. The words of the domain (levels, kinds of plan and target,
// statuses, methods, measure units, dimension values) come from package
// locale, as the command line and the reports have them. A word missing
// here shows in English, which a test prevents.
var vi = map[string]string{
	"Dashboard": "Tổng quan", "Compare": "So sánh", "Plans": "Kế hoạch", "Units": "Đơn vị", "Indicators": "Chỉ tiêu",
	"Targets": "Mục tiêu", "Target": "Mục tiêu", "Key figures": "Số liệu chính", "Indicator": "Chỉ tiêu", "Value": "Giá trị",
	"Unit": "Đơn vị", "Status": "Đánh giá", "Growth": "Tăng so với năm trước", "Rank": "Xếp hạng", "% of plan": "% kế hoạch",
	"Deadline": "Thời hạn", "Latest": "Mới nhất", "Trend": "Xu hướng", "Period": "Kỳ", "Source": "Nguồn", "Version": "Phiên bản",
	"Recorded": "Ghi nhận", "Plan": "Kế hoạch", "Horizon": "Giai đoạn", "Issuer": "Cơ quan ban hành", "Issued": "Ngày ban hành",
	"Parent plan": "Kế hoạch cấp trên", "Vision": "Tầm nhìn", "Wording": "Nguyên văn", "Reason": "Lý do", "Projected": "Dự báo",
	"Required growth": "Tốc độ cần đạt", "Realised growth": "Tốc độ đạt được", "Code": "Mã", "code": "mã", "Name": "Tên",
	"Level": "Cấp", "Valid from": "Hiệu lực từ", "Valid to": "Hiệu lực đến", "History": "Lịch sử", "Groups": "Nhóm",
	"Parent": "Trực thuộc", "Series": "Chuỗi số liệu", "Revisions": "Các lần sửa đổi", "Rank among provinces": "Xếp hạng giữa các tỉnh",
	"Structure by sector": "Cơ cấu theo khu vực", "Download": "Tải về", "all provinces": "tất cả các tỉnh", "Sort by": "Sắp xếp theo",
	"estimate": "ước tính", "official": "chính thức", "rebuilt": "tính lại", "Kind": "Loại", "no data": "không có số liệu",
	"with data": "có số liệu", "of": "trên", "Dimensions": "Phân tổ", "Show": "Xem", "Milestones": "Mốc", "Baseline": "Gốc",
	"Previous": "Kỳ trước", "Share %": "Tỷ trọng %", "Ratio": "So với cấp trên", "Not found": "Không tìm thấy", "Notes": "Ghi chú",
	"Figures": "Số liệu", "Language": "Ngôn ngữ", "Year": "Năm", "Measure unit": "Đơn vị tính", "Sources": "Nguồn",
	"History, groups and figures": "Lịch sử, nhóm và số liệu", "under": "thuộc", "all levels": "mọi cấp", "Valid on": "Có hiệu lực ngày", "Figure status": "Tình trạng số liệu", "Break in the series": "Gãy chuỗi", "Plans under it": "Kế hoạch cấp dưới",
	"Compare provinces": "So sánh các tỉnh", "Everything the unit reports, by year": "Mọi số liệu của đơn vị theo năm",
	"figures": "số liệu", "Method": "Phương pháp", "national": "cả nước",
	"translation": "bản dịch", "Translation; the plan's own words:": "Bản dịch; nguyên văn của văn bản:",
	// The report page.
	"Report": "Báo cáo", "Year-end report": "Báo cáo năm", "Term review": "Đánh giá nhiệm kỳ",
	"every plan": "mọi kế hoạch", "HTML to print": "HTML để in",
	"Check a draft's figures": "Kiểm tra số liệu của một bản thảo",
	// The fact-check page.
	"Fact-check": "Kiểm tra số liệu", "Draft": "Văn bản", "Paste the text here": "Dán văn bản vào đây",
	"Paste a draft, or upload it, to check its figures against the data: each number confirmed, differs (with the data's figure and how it was computed) or cannot be verified (with the reason).": "Dán hoặc tải lên một bản thảo để đối chiếu các con số với số liệu: mỗi con số khớp, sai lệch (kèm số liệu và cách tính) hoặc chưa kiểm chứng được (kèm lý do).",
	"or a file (.txt, .md, .docx; at most 4 MB)": "hoặc một tệp (.txt, .md, .docx; tối đa 4 MB)", "until": "đến", "Check": "Kiểm tra",
	"The draft": "Văn bản", "confirmed": "khớp", "differs": "sai lệch", "unverifiable": "chưa kiểm chứng được", "To look at": "Cần xem lại",
	"Stated": "Văn bản ghi", "Data": "Số liệu", "From": "Từ", "Every claim": "Tất cả các con số",
	// The frame of every page.
	"Menu": "Danh mục", "Search": "Tìm", "Search units, indicators, plans": "Tìm đơn vị, chỉ tiêu, kế hoạch",
	"Home": "Trang chủ", "Figures are published once approved.": "Số liệu được công bố sau khi được phê duyệt.",
	// Error pages, titled by http.StatusText.
	"Not Found": "Không tìm thấy", "Bad Request": "Yêu cầu không hợp lệ", "Method Not Allowed": "Phương thức không được phép",
	"Request URI Too Long": "Địa chỉ quá dài", "Internal Server Error": "Lỗi máy chủ", "Forbidden": "Không được phép",
	"Request Entity Too Large": "Tệp quá lớn",
	"Go to the dashboard":      "Về trang tổng quan", "or search:": "hoặc tìm:",
}

// T translates a word of the pages into the language.
func T(l locale.Lang, s string) string {
	if l == locale.VI {
		if v, ok := vi[s]; ok {
			return v
		}
	}
	return s
}

// langCookie is the cookie that keeps the reader's choice of language.
const langCookie = "lang"

// lang picks the page's language: ?lang= (which sets the cookie), else the
// cookie, else Vietnamese. The browser's Accept-Language is not asked:
// officers often run English systems and read Vietnamese, so English is a
// choice the reader makes once, not a guess.
func lang(w http.ResponseWriter, r *http.Request) locale.Lang {
	if q := r.URL.Query().Get("lang"); q == "vi" || q == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return locale.Lang(q)
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "vi" || c.Value == "en") {
		return locale.Lang(c.Value)
	}
	return locale.VI
}
