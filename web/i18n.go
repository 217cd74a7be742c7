package web

import (
	"net/http"

	"planwatch/locale"
)

// vi translates the English words of the pages. A word missing here shows
// in English, which a test prevents.
var vi = map[string]string{
	"Dashboard": "Tổng quan", "Compare": "So sánh", "Plans": "Kế hoạch", "Units": "Đơn vị", "Indicators": "Chỉ tiêu",
	"Targets": "Mục tiêu", "Target": "Mục tiêu", "Key figures": "Số liệu chính", "Indicator": "Chỉ tiêu", "Value": "Giá trị",
	"Unit": "Đơn vị", "Status": "Trạng thái", "Growth %": "Tăng %", "Rank": "Xếp hạng", "% of plan": "% kế hoạch",
	"Deadline": "Thời hạn", "Latest": "Mới nhất", "Trend": "Xu hướng", "Period": "Kỳ", "Source": "Nguồn", "Version": "Phiên bản",
	"Recorded": "Ghi nhận", "Plan": "Kế hoạch", "Horizon": "Giai đoạn", "Issuer": "Cơ quan ban hành", "Issued": "Ngày ban hành",
	"Parent plan": "Kế hoạch cấp trên", "Vision": "Tầm nhìn", "Wording": "Nguyên văn", "Reason": "Lý do", "Projected": "Dự báo",
	"Required growth": "Tốc độ cần đạt", "Realised growth": "Tốc độ đạt được", "per year": "mỗi năm", "Code": "Mã", "Name": "Tên",
	"Level": "Cấp", "Valid from": "Hiệu lực từ", "Valid to": "Hiệu lực đến", "History": "Lịch sử", "Groups": "Nhóm",
	"Parent": "Cấp trên", "Series": "Chuỗi số liệu", "Revisions": "Các lần sửa đổi", "Rank among provinces": "Xếp hạng giữa các tỉnh",
	"Structure by sector": "Cơ cấu theo khu vực", "Download": "Tải về", "all provinces": "tất cả các tỉnh", "Sort by": "Sắp xếp theo",
	"estimate": "ước tính", "official": "chính thức", "rebuilt": "tính lại", "Kind": "Loại", "no data": "không có số liệu",
	"with data": "có số liệu", "of": "trên", "Dimensions": "Phân tổ", "Show": "Xem", "Milestones": "Mốc", "Baseline": "Gốc",
	"Previous": "Kỳ trước", "Share %": "Tỷ trọng %", "Ratio": "So với cấp trên", "Not found": "Không tìm thấy", "Notes": "Ghi chú",
	"achieved": "đã đạt", "on_track": "đúng tiến độ", "acceleration_needed": "cần tăng tốc", "off_track": "chậm tiến độ",
	"regressing": "đi lùi", "not_assessable": "chưa đánh giá được", "Figures": "Số liệu", "Language": "Ngôn ngữ",
	"Compare provinces": "So sánh các tỉnh", "Everything the unit reports, by year": "Mọi số liệu của đơn vị theo năm",
	"figures": "số liệu", "Method": "Phương pháp", "national": "cả nước",
	"at_least": "tối thiểu", "at_most": "tối đa", "exactly": "bằng", "range": "trong khoảng", "avg_growth": "tăng bình quân",
	"growth": "tăng trưởng", "plan": "chỉ tiêu kế hoạch",
	"translation": "bản dịch", "Translation; the plan's own words:": "Bản dịch; nguyên văn của văn bản:",
	// The report page.
	"Report": "Báo cáo", "Year-end report": "Báo cáo năm", "Term review": "Đánh giá nhiệm kỳ", "Year": "Năm",
	"every plan": "mọi kế hoạch", "HTML to print": "HTML để in",
	"Check a draft's figures": "Kiểm tra số liệu của một bản thảo",
	// The fact-check page.
	"Fact-check": "Kiểm tra số liệu", "Draft": "Văn bản", "Paste the text here": "Dán văn bản vào đây",
	"Paste a draft, or upload it, to check its figures against the data: each number confirmed, differs (with the data's figure and how it was computed) or cannot be verified (with the reason).": "Dán hoặc tải lên một bản thảo để đối chiếu các con số với số liệu: mỗi con số khớp, sai lệch (kèm số liệu và cách tính) hoặc chưa kiểm chứng được (kèm lý do).",
	"or a file (.txt, .md, .docx; at most 4 MB)": "hoặc một tệp (.txt, .md, .docx; tối đa 4 MB)", "until": "đến", "Check": "Kiểm tra",
	"The draft": "Văn bản", "confirmed": "khớp", "differs": "sai lệch", "unverifiable": "chưa kiểm chứng được", "To look at": "Cần xem lại",
	"Stated": "Văn bản ghi", "Data": "Số liệu", "From": "Từ", "Every claim": "Tất cả các con số",
	// Error pages, titled by http.StatusText.
	"Not Found": "Không tìm thấy", "Bad Request": "Yêu cầu không hợp lệ", "Method Not Allowed": "Phương thức không được phép",
	"Request URI Too Long": "Địa chỉ quá dài", "Internal Server Error": "Lỗi máy chủ", "Forbidden": "Không được phép",
	"Request Entity Too Large": "Tệp quá lớn",
}

// measureVI are measure units as Vietnamese officers write them.
var measureVI = map[string]string{
	"VND bn": "tỷ đồng", "VND mn": "triệu đồng", "USD bn": "tỷ USD", "USD mn": "triệu USD", "thousand persons": "nghìn người",
	"count": "", "rank": "hạng", "VND per USD": "đồng/USD", "VND mn per worker": "triệu đồng/lao động", "ha": "ha", "%": "%", "USD": "USD",
}

// statusEN are the statuses as English readers say them.
var statusEN = map[string]string{"achieved": "achieved", "on_track": "on track", "acceleration_needed": "acceleration needed",
	"off_track": "off track", "regressing": "regressing", "not_assessable": "not assessable",
	"at_least": "at least", "at_most": "at most", "exactly": "exactly", "range": "range", "avg_growth": "average growth",
	"growth": "growth", "plan": "plan figure"}

// T translates an English word of the pages.
func T(l locale.Lang, s string) string {
	if l == locale.VI {
		if v, ok := vi[s]; ok {
			return v
		}
	}
	if v, ok := statusEN[s]; ok {
		return v
	}
	return s
}

// Measure writes a measure unit as officers of the language write it.
func Measure(l locale.Lang, s string) string {
	if l == locale.VI {
		if v, ok := measureVI[s]; ok {
			return v
		}
	}
	if s == "count" {
		return ""
	}
	return s
}

// lang picks the language: ?lang= (remembered in a cookie), the cookie, or
// the browser's Accept-Language, Vietnamese by default.
func lang(w http.ResponseWriter, r *http.Request) locale.Lang {
	if q := r.URL.Query().Get("lang"); q == "vi" || q == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return locale.Lang(q)
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "vi" || c.Value == "en") {
		return locale.Lang(c.Value)
	}
	if al := r.Header.Get("Accept-Language"); len(al) >= 2 && al[:2] == "en" {
		return locale.EN
	}
	return locale.VI
}
