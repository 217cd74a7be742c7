package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"planwatch/locale"
)

// The sentences of a report come from these templates, one per thing a
// report says, in both languages: {0}, {1} ... are the arguments, text or
// figures. Vietnamese as officers write it ("tăng 36,1% so với năm 2024",
// "bằng 126% kế hoạch", "đứng thứ 5 cả nước"), English as the provincial
// press writes it ("up 36.1% on 2024", "126% of the plan", "ranking 5th
// nationwide").
var phrases = map[string][2]string{
	// Titles and the lines under them.
	"title.year-end":    {"Kết quả phát triển kinh tế - xã hội năm {1} của {0}", "{0}: socio-economic results in {1}"},
	"title.term-review": {"Báo cáo đánh giá kết quả thực hiện {0}", "Review of implementation: {0}"},
	"title.revisions":   {"Thay đổi số liệu: {0}", "What changed: {0}"},
	"sub.unit":          {"Đơn vị: {0}", "Unit: {0}"},
	"sub.year":          {"Năm báo cáo: {0}", "Year: {0}"},
	"sub.term":          {"Nhiệm kỳ: {0}", "Term: {0}"},
	"sub.known-on":      {"Số liệu ghi nhận đến hết ngày {0}", "Figures as recorded by the end of {0}"},
	"sub.recorded":      {"Số liệu mới nhất ghi nhận ngày {0}", "Latest figure recorded on {0}"},
	"sub.compare":       {"So sánh số liệu ghi nhận đến hết ngày {0} với đến hết ngày {1}", "Figures as recorded by the end of {0} against those by the end of {1}"},
	"sub.plan":          {"Kế hoạch: {0}", "Plan: {0}"},

	// Section headings.
	"h.results":       {"Kết quả chủ yếu năm {0}", "Key results of {0}"},
	"h.charts":        {"Biểu đồ", "Charts"},
	"h.targets":       {"Thực hiện các chỉ tiêu kế hoạch năm {0}", "Plan targets for {0}"},
	"h.pred-targets":  {"Chỉ tiêu năm {0} của các đơn vị hợp thành {1}", "Targets for {0} of the units {1} was formed from"},
	"h.next":          {"Mục tiêu năm {0}", "Objectives for {0}"},
	"h.unassessed":    {"Nội dung chưa đánh giá được", "What could not be assessed"},
	"h.growth":        {"Tốc độ tăng trưởng bình quân", "Average growth"},
	"h.scale":         {"Quy mô, tỷ trọng và thứ hạng", "Scale, share and rank"},
	"h.multiples":     {"So với các năm trước", "Against earlier years"},
	"h.term-targets":  {"Thực hiện các mục tiêu của {0}", "The targets of the {0}"},
	"h.following":     {"Mục tiêu đã đặt cho giai đoạn sau {0}", "Targets set for after {0}"},
	"h.changed":       {"Số liệu thay đổi", "Figures that changed"},
	"h.verdicts":      {"Đánh giá thay đổi", "Verdicts that moved"},
	"h.unchanged":     {"Không có số liệu nào thay đổi.", "No figure changed."},
	"h.no-verdict":    {"Không có đánh giá nào thay đổi.", "No verdict moved."},
	"label.notes":     {"Ghi chú", "Notes"},
	"label.sources":   {"Phụ lục: nguồn số liệu", "Annex: sources"},
	"label.figures":   {"Số liệu sử dụng", "Figures used"},
	"label.page":      {"Trang", "Page"},
	"label.of":        {"trên", "of"},
	"chart.ranks":     {"{0} năm {1}: các {2} có số liệu", "{0} in {1}: the {2} with figures"},
	"chart.plan":      {"Mức thực hiện so với kế hoạch năm {0} (%)", "Results against the plan for {0} (%)"},
	"chart.target":    {"{0}: số liệu và mục tiêu {1}", "{0}: figures and the target {1}"},
	"chart.legend":    {"● chính thức  ○ ước tính, sơ bộ  ◆ mục tiêu  ▮ khoảng mục tiêu  - - - dự báo theo tốc độ đã đạt", "● official  ○ estimated or preliminary  ◆ target  ▮ target band  - - - projected at the realised growth"},
	"chart.bars-note": {"Đơn vị được tô màu đậm.", "The unit is drawn dark."},

	// The value of an indicator, by the status of its figure.
	"verb.E": {"ước đạt", "reached an estimated"},
	"verb.P": {"sơ bộ đạt", "reached a preliminary"},
	"verb.F": {"dự báo đạt", "is forecast to reach"},
	"verb.A": {"đạt", "reached"},
	"value":  {"{0} {1} {2}", "{0} {1} {2}"},
	// An indicator that is itself a rank.
	"value.rank": {"{0} đứng thứ {1}", "{0}: {1}"},
	"year.lead":  {"Năm {0}, {1}", "In {0}, {1}"},
	"no-figures": {"Chưa có số liệu năm {1} của {0}", "There are no figures of {0} for {1}"},

	// Growth on the previous period.
	"growth.up":   {"tăng {0} so với {1}", "up {0} on {1}"},
	"growth.down": {"giảm {0} so với {1}", "down {0} on {1}"},
	"growth.flat": {"bằng {1}", "unchanged on {1}"},
	"pp.up":       {"tăng {0} điểm phần trăm so với {1}", "up {0} percentage points on {1}"},
	"pp.down":     {"giảm {0} điểm phần trăm so với {1}", "down {0} percentage points on {1}"},
	"prev.year":   {"năm {0}", "{0}"},
	"prev.span":   {"giai đoạn {0}", "{0}"},
	"prev.same":   {"cùng kỳ {0}", "the same period of {0}"},

	// Against a plan figure.
	"plan.pct":      {"bằng {0} kế hoạch", "{0} of the plan"},
	"plan.estimate": {"bằng {0} dự toán", "{0} of the estimate"},

	// Ranks.
	"rank.nation":         {"đứng thứ {0} cả nước", "ranking {0} nationwide"},
	"rank.nation.partial": {"đứng thứ {0} trong {1} {2} có số liệu", "ranking {0} of the {1} {2} with figures"},
	"rank.group":          {"thứ {0} vùng {1}", "{0} in the {1}"},
	"rank.group.partial":  {"thứ {0} trong {1} {2} vùng {3} có số liệu", "{0} of the {1} {2} of the {3} with figures"},
	"rank.group.first":    {"đứng thứ {0} vùng {1}", "ranking {0} in the {1}"},
	"rank.group.first.partial": {"đứng thứ {0} trong {1} {2} vùng {3} có số liệu",
		"ranking {0} of the {1} {2} of the {3} with figures"},
	"and":          {"{0} và {1}", "{0} and {1}"},
	"rank.figure":  {"thứ {0}", "{0}"},
	"ratio.figure": {"{0} lần", "{0} times"},

	// Against the parent unit.
	"share.nation":  {"chiếm {0} cả nước", "accounting for {0} of the national total"},
	"share.other":   {"chiếm {0} tổng số của {1}", "accounting for {0} of the total of {1}"},
	"ratio.nation":  {"gấp {0} lần bình quân cả nước", "{0} times the national average"},
	"ratio.below":   {"bằng {0} lần bình quân cả nước", "{0} times the national average"},
	"ratio.other":   {"gấp {0} lần bình quân của {1}", "{0} times the average of {1}"},
	"versus.nation": {"so với {0} của cả nước", "against {0} nationally"},
	"versus.other":  {"so với {0} của {1}", "against {0} for {1}"},

	// Term review.
	"avg.rate":       {"{0} bình quân giai đoạn {1} đạt {2}/năm", "{0} averaged {2} a year in {1}"},
	"avg.level":      {"{0} tăng bình quân {2}/năm giai đoạn {1}", "{0} grew by an average of {2} a year in {1}"},
	"avg.none":       {"Chưa tính được tốc độ tăng bình quân của {0} giai đoạn {1}: {2}", "The average growth of {0} in {1} cannot be computed: {2}"},
	"multiple":       {"{0} năm {1} đạt {2}, gấp {3} lần năm {4}", "{0} reached {2} in {1}, {3} times the level of {4}"},
	"multiple.more":  {"{0} năm {1} đạt {2}, gấp hơn {3} lần năm {4}", "{0} reached {2} in {1}, more than {3} times the level of {4}"},
	"target":         {"{0}: mục tiêu {1} {2}; đánh giá: {3}", "{0}: target {1} {2}; verdict: {3}"},
	"deadline.year":  {"đến năm {0}", "by {0}"},
	"deadline.span":  {"giai đoạn {0}", "in {0}"},
	"target.reason":  {"Lý do: {0}", "Why: {0}"},
	"target.as-of":   {"Tính đến năm {0}, trên địa bàn {1}: {2}; {3}", "As of {0}, on the territory of {1}: {2}; {3}"},
	"target.summary": {"Tóm tắt: {0}", "Summary: {0}"},
	"summary.one":    {"{0} mục tiêu: {1}", "{0} target: {1}"},
	"summary.many":   {"{0} mục tiêu: {1}", "{0} targets: {1}"},
	"summary.as-of":  {"{0}; tính đến {1}: {2}", "{0}; as of {1}: {2}"},
	"following":      {"{0} ({1}): {2} {3}", "{0} ({1}): {2} {3}"},
	"unassessed":     {"{0} ({1}): {2}", "{0} ({1}): {2}"},
	"growth.break":   {"{0}: không so sánh với {1} vì {2}", "{0}: not compared with {1}, because {2}"},

	// Table heads.
	"col.indicator": {"Chỉ tiêu", "Indicator"},
	"col.plan":      {"Kế hoạch", "Plan"},
	"col.target":    {"Mục tiêu", "Target"},
	"col.deadline":  {"Thời hạn", "Deadline"},
	"col.result":    {"Thực hiện", "Result"},
	"col.verdict":   {"Đánh giá", "Verdict"},
	"col.unit":      {"Đơn vị", "Unit"},
	"col.figure":    {"Số liệu", "Figure"},
	"col.before":    {"Đến {0}", "By {0}"},
	"col.after":     {"Đến {0}", "By {0}"},
	"col.change":    {"Chênh lệch", "Change"},
	"caption.targets": {"Bảng {0}. Các chỉ tiêu kế hoạch năm {1} và đánh giá",
		"Table {0}. The plan targets for {1} and their verdicts"},
	"caption.term":    {"Bảng {0}. Các mục tiêu của {1}", "Table {0}. The targets of the {1}"},
	"caption.changed": {"Bảng {0}. Số liệu của báo cáo đã thay đổi", "Table {0}. Figures of the report that changed"},
	"caption.moved":   {"Bảng {0}. Đánh giá đã thay đổi", "Table {0}. Verdicts that moved"},
	"caption.chart":   {"Hình {0}. {1}", "Figure {0}. {1}"},

	// Notes and sources.
	"note.stored":   {"{0}, {1}, {2}: bản ghi {3}, {4}, ghi nhận ngày {5}", "{0}, {1}, {2}: version {3}, {4}, recorded on {5}"},
	"note.formula":  {"tính theo công thức {0}", "derived by the formula {0}"},
	"note.rebuilt":  {"tính lại trên địa giới của {0} từ số liệu của {1}", "rebuilt on the territory of {0} from the figures of {1}"},
	"note.growth":   {"tính từ {0} ({1}) so với {2} ({3})", "from {0} ({1}) against {2} ({3})"},
	"note.rate":     {"tốc độ tăng công bố {0}, do chuỗi số liệu gãy ({1})", "the published rate {0}, as the series breaks ({1})"},
	"note.plan":     {"so với {0} ({1}: {2})", "against the {0} ({1}: {2})"},
	"note.rank":     {"xếp theo {0} của {1} {2} có số liệu năm {3}, {4}", "ranked by the {0} of the {1} {2} with figures for {3}, {4}"},
	"note.share":    {"so với {0} của {1} ({2})", "against {0} for {1} ({2})"},
	"note.multiple": {"so với {0} năm {1}", "against {0} in {1}"},
	"note.target":   {"mục tiêu của {0}; số liệu mới nhất {1}", "target of the {0}; latest figure {1}"},
	"note.verdict":  {"phương pháp đánh giá: {0}", "method: {0}"},
	"dir.up":        {"cao trước", "highest first"},
	"dir.down":      {"thấp trước", "lowest first"},
	"dir.none":      {"lớn trước", "largest first"},
	"by.value":      {"giá trị", "value"},
	"sum.members":   {"tổng của {0} {1}", "the total of {0} {1}"},
	"stored.parent": {"số liệu của {0}", "the figure of {0}"},
	"source.entry":  {"{0}: {1}", "{0}: {1}"},
	"meta":          {"bản ghi {0}, {1}, ghi nhận ngày {2}", "version {0}, {1}, recorded on {2}"},
	"plan.source":   {"{0}, {1}", "{0}, {1}"},
	"plan.figure":   {"{0}, {1}, {2}", "{0}, {1}, {2}"},

	// What a figure measures, for the revision report's labels.
	"m.growth":   {"tăng so với kỳ trước", "growth on the previous period"},
	"m.change":   {"thay đổi (điểm phần trăm)", "change (percentage points)"},
	"m.plan":     {"% kế hoạch {0}", "% of plan {0}"},
	"m.rank":     {"thứ hạng ({0})", "rank ({0})"},
	"m.share":    {"tỷ trọng trong {0}", "share of {0}"},
	"m.ratio":    {"so với bình quân {0}", "against the average of {0}"},
	"m.multiple": {"so với năm {0}", "multiple of {0}"},

	// The revision report.
	"changed.value":  {"{0} → {1}", "{0} → {1}"},
	"changed.new":    {"(chưa có) → {0}", "(none) → {0}"},
	"changed.gone":   {"{0} → (không còn)", "{0} → (gone)"},
	"verdict.before": {"Đánh giá đến {0}", "Verdict by {0}"},
}

// Level words in the plural, as a rank counts peers: "tỉnh, thành phố",
// "provinces".
var peerWords = map[string][2]string{
	"nation":   {"quốc gia", "countries"},
	"region":   {"vùng", "regions"},
	"province": {"tỉnh, thành phố", "provinces"},
	"district": {"huyện", "districts"},
	"commune":  {"xã, phường", "communes"},
}

// words picks the report's language from the templates.
type words struct{ l locale.Lang }

func (w words) lang() int {
	if w.l == locale.VI {
		return 0
	}
	return 1
}

// say fills a template with text arguments.
func (w words) say(key string, args ...string) string {
	as := make([]any, len(args))
	for i, a := range args {
		as[i] = a
	}
	return Sentence{Spans: w.spans(key, as...)}.Text()
}

// spans fills a template with arguments that are text (string), figures
// (Span) or runs of both ([]Span).
func (w words) spans(key string, args ...any) []Span {
	p, ok := phrases[key]
	if !ok {
		panic("report: no phrase " + key)
	}
	tpl := p[w.lang()]
	var out []Span
	add := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Figure == nil {
			out[n-1].Text += s
			return
		}
		out = append(out, Span{Text: s})
	}
	for tpl != "" {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl, '}')
		if i < 0 || j < i {
			add(tpl)
			break
		}
		add(tpl[:i])
		n, err := strconv.Atoi(tpl[i+1 : j])
		if err != nil || n >= len(args) {
			panic(fmt.Sprintf("report: phrase %s: bad argument %s", key, tpl[i:j+1]))
		}
		switch a := args[n].(type) {
		case string:
			add(a)
		case Span:
			if a.Figure == nil {
				add(a.Text)
			} else {
				out = append(out, a)
			}
		case []Span:
			for _, s := range a {
				if s.Figure == nil {
					add(s.Text)
				} else {
					out = append(out, s)
				}
			}
		default:
			add(fmt.Sprint(a))
		}
		tpl = tpl[j+1:]
	}
	return out
}

// peers names units of a level in the plural.
func (w words) peers(level string) string {
	if p, ok := peerWords[level]; ok {
		return p[w.lang()]
	}
	return locale.Level(level, w.l)
}

// clauses joins the clauses after a value as the language does:
// Vietnamese with commas; English with "and" between two, and with
// commas and ", and" before the last of more.
func (w words) clauses(cs [][]Span) []Span {
	var out []Span
	// A clause that has an "and" of its own ("5th nationwide and 4th in
	// the Red River Delta") takes the list's "and" to commas.
	pair := len(cs) == 2
	for _, c := range cs {
		if strings.Contains(Sentence{Spans: c}.Text(), " and ") {
			pair = false
		}
	}
	for i, c := range cs {
		switch {
		case i == 0:
			out = append(out, Span{Text: ", "})
		case w.l == locale.EN && i == len(cs)-1 && pair:
			out = append(out, Span{Text: " and "})
		case w.l == locale.EN && i == len(cs)-1:
			out = append(out, Span{Text: ", and "})
		default:
			out = append(out, Span{Text: ", "})
		}
		out = append(out, c...)
	}
	return out
}

// ordinal writes a place: "5" in Vietnamese ("thứ 5"), "5th" in English.
func (w words) ordinal(n int) string {
	if w.l == locale.VI {
		return strconv.Itoa(n)
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// pct writes a percentage with one decimal, without a decimal that is
// zero: 36.09 is "36,1%", 126.005 is "126%".
func (w words) pct(v float64) string { return w.trimmed(v, 1) + "%" }

// share writes a share in percent with three significant digits: 19,8%,
// 2,71%, 0,35%.
func (w words) share(v float64) string {
	d := 0
	if a := math.Abs(v); a > 0 {
		d = 2 - int(math.Floor(math.Log10(a)))
	}
	return w.trimmed(v, min(max(d, 0), 3)) + "%"
}

// trimmed writes v rounded to the decimals, dropping trailing zeros.
func (w words) trimmed(v float64, decimals int) string {
	r := math.Round(v*math.Pow10(decimals)) / math.Pow10(decimals)
	if r == 0 {
		r = 0 // no "-0"
	}
	return locale.Number(r, w.l)
}

// day writes a date given as YYYY-MM-DD as the language does: 31/12/2025
// in Vietnamese; anything else stays as it is.
func (w words) day(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || w.l != locale.VI {
		return s
	}
	return d.Format("02/01/2006")
}

// upperFirst capitalises a sentence.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lowers the first letter of a name for the middle of a
// sentence ("Tổng sản phẩm" becomes "tổng sản phẩm"), but not of an
// abbreviation ("GRDP per capita" stays).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}
