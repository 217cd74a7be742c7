package locale

import "strings"

// A vocabulary maps the codes of one domain word list (unit levels, plan
// kinds, statuses ...) to what a reader of each language calls them. The
// codes are what files and the JSON carry; the words are what a page, a
// table or a report shows. A code missing from its list shows as itself.
type vocabulary map[string][2]string // code -> {vi, en}

func (v vocabulary) word(code string, l Lang) string {
	w, ok := v[code]
	if !ok {
		return code
	}
	if l == VI {
		return w[0]
	}
	return w[1]
}

var levels = vocabulary{
	"nation":   {"quốc gia", "nation"},
	"region":   {"vùng", "region"},
	"province": {"tỉnh", "province"},
	"district": {"huyện", "district"},
	"commune":  {"xã", "commune"},
	"other":    {"khác", "other"},
}

var planKinds = vocabulary{
	"resolution":      {"nghị quyết", "resolution"},
	"conclusion":      {"kết luận", "conclusion"},
	"strategy":        {"chiến lược", "strategy"},
	"five_year_plan":  {"kế hoạch 5 năm", "five-year plan"},
	"annual_plan":     {"kế hoạch năm", "annual plan"},
	"budget_estimate": {"dự toán ngân sách", "budget estimate"},
	"programme":       {"chương trình", "programme"},
	"other":           {"khác", "other"},
}

var targetKinds = vocabulary{
	"at_least":   {"tối thiểu", "at least"},
	"at_most":    {"tối đa", "at most"},
	"exactly":    {"bằng", "exactly"},
	"range":      {"trong khoảng", "within a range"},
	"avg_growth": {"tăng bình quân/năm", "average growth per year"},
	"growth":     {"tăng trong kỳ", "growth in the period"},
	"plan":       {"chỉ tiêu kế hoạch", "plan figure"},
}

var statuses = vocabulary{
	"achieved":            {"đã đạt", "achieved"},
	"on_track":            {"đúng tiến độ", "on track"},
	"acceleration_needed": {"cần tăng tốc", "acceleration needed"},
	"off_track":           {"chậm tiến độ", "off track"},
	"regressing":          {"đi lùi", "regressing"},
	"not_assessable":      {"không đánh giá được", "not assessable"},
}

var methods = vocabulary{
	"statcan": {"phương pháp Thống kê Canada (tốc độ thực hiện so với tốc độ cần đạt)",
		"Statistics Canada method (realised against required growth)"},
	"unsd": {"phương pháp Cục Thống kê Liên hợp quốc (dự báo đến thời hạn)",
		"UN Statistics Division method (projection to the deadline)"},
}

// obsStatuses are the SDMX observation statuses (CL_OBS_STATUS).
var obsStatuses = vocabulary{
	"A": {"chính thức", "normal"}, "B": {"gãy chuỗi", "time series break"},
	"D": {"khác định nghĩa", "definition differs"}, "E": {"ước tính", "estimated"},
	"F": {"dự báo", "forecast"}, "G": {"thử nghiệm", "experimental"},
	"I": {"suy ra", "imputed"}, "K": {"tính vào mục khác", "included in another category"},
	"L": {"không thu thập", "missing, not collected"}, "M": {"không thể có", "missing, cannot exist"},
	"N": {"không đáng kể", "not significant"}, "O": {"thiếu", "missing"},
	"P": {"sơ bộ", "provisional"}, "Q": {"không công bố", "missing, suppressed"},
	"S": {"đình công", "strike"}, "U": {"độ tin cậy thấp", "low reliability"},
	"V": {"chưa kiểm tra", "unvalidated"},
	// Not SDMX: how planwatch marks figures it computed.
	"=": {"tính theo công thức", "derived by formula"},
	"R": {"tính lại trên địa giới mới", "rebuilt on the unit's territory"},
}

var events = vocabulary{
	"merge":    {"hợp nhất", "merge"},
	"split":    {"chia tách", "split"},
	"transfer": {"điều chỉnh một phần", "partial transfer"},
	"rename":   {"đổi tên", "rename"},
	"recode":   {"đổi mã", "code change"},
}

var dimNames = vocabulary{
	"price":  {"giá", "prices"},
	"sector": {"khu vực kinh tế", "sector"},
	"stage":  {"giai đoạn", "stage"},
	"sex":    {"giới tính", "sex"},
	"area":   {"khu vực", "area"},
}

// dimValues are keyed by "name=value": the same value can mean different
// things under different dimensions.
var dimValues = vocabulary{
	"price=current":                {"giá hiện hành", "current prices"},
	"price=constant2010":           {"giá so sánh 2010", "constant 2010 prices"},
	"sector=agriculture":           {"nông, lâm nghiệp và thủy sản", "agriculture, forestry and fishery"},
	"sector=industry_construction": {"công nghiệp và xây dựng", "industry and construction"},
	"sector=industry":              {"công nghiệp", "industry"},
	"sector=construction":          {"xây dựng", "construction"},
	"sector=services":              {"dịch vụ", "services"},
	"sector=product_taxes":         {"thuế sản phẩm trừ trợ cấp sản phẩm", "product taxes less subsidies"},
	"stage=in_planning":            {"trong quy hoạch", "in the master plan"},
	"stage=planning_approved":      {"được duyệt quy hoạch", "planning approved"},
	"stage=investment_approved":    {"được chấp thuận chủ trương đầu tư", "investment approved"},
	"sex=male":                     {"nam", "male"},
	"sex=female":                   {"nữ", "female"},
	"sex=total":                    {"chung", "total"},
	"area=urban":                   {"thành thị", "urban"},
	"area=rural":                   {"nông thôn", "rural"},
	"area=total":                   {"chung", "total"},
}

// Level names a unit level: "tỉnh" / "province".
func Level(code string, l Lang) string { return levels.word(code, l) }

// PlanKind names a kind of plan: "nghị quyết" / "resolution".
func PlanKind(code string, l Lang) string { return planKinds.word(code, l) }

// TargetKind names a kind of target: "tăng bình quân/năm" / "average growth
// per year".
func TargetKind(code string, l Lang) string { return targetKinds.word(code, l) }

// Status names a verdict on a target: "đúng tiến độ" / "on track".
func Status(code string, l Lang) string { return statuses.word(code, l) }

// Method names an assessment method in words.
func Method(code string, l Lang) string { return methods.word(code, l) }

// ObsStatus names an SDMX observation status: "ước tính" / "estimated".
func ObsStatus(code string, l Lang) string { return obsStatuses.word(code, l) }

// Event names a kind of boundary change: "hợp nhất" / "merge".
func Event(code string, l Lang) string { return events.word(code, l) }

// DimName names a dimension: "giá" / "prices".
func DimName(name string, l Lang) string { return dimNames.word(name, l) }

// DimValue names a dimension's value: DimValue("price", "constant2010")
// is "giá so sánh 2010" / "constant 2010 prices". An unknown value reads
// "name=value", as the files write it.
func DimValue(name, value string, l Lang) string {
	k := name + "=" + value
	if _, ok := dimValues[k]; !ok {
		return k
	}
	return dimValues.word(k, l)
}

// Dims names the values of a dimension string as the files write it
// ("price=constant2010;sector=services"): "giá so sánh 2010; dịch vụ". The
// empty string stays empty.
func Dims(dims string, l Lang) string {
	if dims == "" {
		return ""
	}
	var out []string
	for _, kv := range strings.Split(dims, ";") {
		name, value, _ := strings.Cut(kv, "=")
		out = append(out, DimValue(name, value, l))
	}
	return strings.Join(out, "; ")
}

// Scope names a ranking scope: "national" is "cả nước" / "national"; any
// other scope is a group code and stays as it is.
func Scope(scope string, l Lang) string {
	if scope == "national" {
		if l == VI {
			return "cả nước"
		}
		return "national"
	}
	return scope
}
