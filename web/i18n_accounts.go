package web

// viAccounts are the words of the sign-in, entry, approval and audit
// pages, added to vi.
var viAccounts = map[string]string{
	"Sign in": "Đăng nhập", "Sign out": "Đăng xuất", "Username": "Tên đăng nhập", "Password": "Mật khẩu",
	"Accounts are created by the administrator (planwatch user add). Everything else on this site can be read without signing in.": "Tài khoản do quản trị viên tạo (planwatch user add). Mọi trang khác đều xem được mà không cần đăng nhập.",
	"Wrong username or password.":                                                                               "Sai tên đăng nhập hoặc mật khẩu.",
	"Too many failed sign-ins: wait a while and try again.":                                                     "Đăng nhập sai quá nhiều lần: chờ một lúc rồi thử lại.",
	"Signing in is not enabled on this server.":                                                                 "Máy chủ này không bật đăng nhập.",
	"This form was sent from another site.":                                                                     "Biểu mẫu này được gửi từ một trang khác.",
	"The form has expired or was not sent from this site: open the page again and send it again.":               "Biểu mẫu đã hết hạn hoặc không gửi từ trang này: mở lại trang rồi gửi lại.",
	"You see drafts too: figures not yet approved count in these pages; the public sees approved figures only.": "Bạn đang xem cả số liệu chưa duyệt; công chúng chỉ thấy số liệu đã duyệt.",
	"Approve figures": "Duyệt số liệu", "Published": "Đã công bố", "Entered by": "Người nhập", "State": "Tình trạng",
	"Return with a comment": "Trả lại kèm ý kiến", "Comment": "Ý kiến", "Return": "Trả lại", "Approve the figures ticked": "Duyệt các số liệu đã chọn",
	"No figures wait for approval.":                                             "Không có số liệu chờ duyệt.",
	"Only an approver of this unit or a unit above it may approve its figures.": "Chỉ người duyệt của đơn vị này hoặc cấp trên mới được duyệt số liệu của đơn vị.",
	"Audit": "Nhật ký thay đổi", "User": "Người dùng", "When": "Thời điểm", "From where": "Từ đâu", "What": "Nội dung", "Before": "Trước", "After": "Sau",
	"To": "Đến", "No changes.": "Không có thay đổi.",
	"Only the newest 500 changes are listed: download the CSV for all of them.": "Chỉ liệt kê 500 thay đổi mới nhất: tải CSV để có tất cả.",
	"Only an administrator, or an approver of the unit, may read its audit.":    "Chỉ quản trị viên hoặc người duyệt của đơn vị mới được xem nhật ký.",
	"Enter figures": "Nhập số liệu", "Save": "Lưu", "Saved": "Đã lưu", "they wait for approval": "chờ duyệt",
	"Nothing is saved until every row is valid; saved figures wait for approval.": "Chưa lưu gì cho đến khi mọi dòng hợp lệ; số liệu đã lưu chờ duyệt.",
	"The unit's plans have no targets whose figures you enter.":                   "Kế hoạch của đơn vị không có chỉ tiêu nào bạn được nhập.",
	"Only a reporter of this unit or a unit above it may enter its figures.":      "Chỉ người báo cáo của đơn vị này hoặc cấp trên mới được nhập số liệu.",
	"Give the period of the figures, e.g. 2025 or 2025-12.":                       "Cho biết kỳ số liệu, ví dụ 2025 hoặc 2025-12.",
	"Not a number": "Không phải số", "no figure": "chưa có số liệu",
	"Nothing was saved: correct the rows marked and send again.": "Chưa lưu gì: sửa các dòng được đánh dấu rồi gửi lại.",
	"not yet approved": "chưa duyệt", "Upload a file": "Tải tệp lên", "Nothing was saved": "Chưa lưu gì", "What the file would change": "Tệp sẽ thay đổi những gì",
	"to add": "thêm", "to change": "thay đổi", "unchanged": "không đổi", "Change": "Thay đổi", "Where": "Ở đâu", "and more": "và còn",
	"Save these figures": "Lưu các số liệu này", "Cancel": "Hủy", "Preview": "Xem trước",
	"A file planwatch import reads (CSV, XLSX, SDMX, DHIS2, PX-Web...; at most 16 MB)":                           "Một tệp planwatch import đọc được (CSV, XLSX, SDMX, DHIS2, PX-Web...; tối đa 16 MB)",
	"The file holds records other than figures (units, plans, targets...): only an administrator uploads those.": "Tệp có bản ghi không phải số liệu (đơn vị, kế hoạch, chỉ tiêu...): chỉ quản trị viên được tải lên.",
	"not yours to enter": "không thuộc quyền nhập của bạn", "The file is larger than 16 MB: import it with planwatch import.": "Tệp lớn hơn 16 MB: nhập bằng planwatch import.",
	"The upload has expired: send the file again.": "Tệp tải lên đã hết hạn: gửi lại tệp.", "Choose a file to upload.": "Chọn một tệp để tải lên.",
	"Someone saved another figure meanwhile: now %s; yours %s was not saved. Send again to save yours over it.": "Trong lúc đó đã có người lưu số khác: hiện là %s; số của bạn %s chưa được lưu. Gửi lại để lưu đè.",
}

func init() {
	for k, v := range viAccounts {
		vi[k] = v
	}
}
