package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/locale"
)

// The official files of Viet Nam's administrative units, before and after
// the reorganisation of 2025-07-01, are read as they are published:
//   - the 34 provinces and 3,321 communes after it, as JSON (nested:
//     provinces with their wards; or flat: one ward per entry);
//   - the 63 provinces, districts and wards before it, as CSV, or as the
//     statistics office's ward export (Vietnamese headers);
//   - the official old-ward to new-ward conversion table.
// Codes keep their leading zeros: provinces 2 digits, districts 3, wards 5.

// Merger is the day the 34 provinces and the two-level structure began.
const Merger planwatch.Date = "2025-07-01"

// UnchangedProvinces are the 11 provinces that Resolution 202/2025/QH15
// left as they were: one unit before and after 2025-07-01. Every other old
// province ended that day and every other new one began it. A test checks
// the list against the conversion table.
var UnchangedProvinces = []string{"01", "04", "11", "12", "14", "20", "22", "38", "40", "42", "46"}

func pad(code string, width int) string {
	code = strings.TrimSpace(code)
	for len(code) < width {
		code = "0" + code
	}
	return code
}

func shortProvince(name string) string {
	name = strings.TrimSpace(name)
	for _, p := range []string{"Thành phố ", "Tỉnh "} {
		name = strings.TrimPrefix(name, p)
	}
	return name
}

func nation(file string) planwatch.UnitRecord {
	return planwatch.UnitRecord{Pos: planwatch.Pos{File: file}, Unit: planwatch.Unit{Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation}}
}

// oldProvince and newProvince are the province records before and after
// the merger; the unchanged ones are one unit valid throughout.
func oldProvince(pos planwatch.Pos, code, name, nameEN string) planwatch.UnitRecord {
	u := planwatch.Unit{Code: code, NameVI: name, NameEN: nameEN, Level: planwatch.LevelProvince, ValidTo: Merger}
	if code == "24" || code == "27" {
		u.ValidFrom = "1997-01-01" // Ha Bac split into Bac Giang and Bac Ninh
	}
	if slices.Contains(UnchangedProvinces, code) {
		u.ValidTo = ""
	}
	return planwatch.UnitRecord{Pos: pos, Unit: u, Parent: "VN"}
}

func newProvince(pos planwatch.Pos, code, name string) planwatch.UnitRecord {
	u := planwatch.Unit{Code: code, NameVI: name, NameEN: locale.ASCII(name), Level: planwatch.LevelProvince, ValidFrom: Merger}
	if slices.Contains(UnchangedProvinces, code) {
		u.ValidFrom = ""
	}
	return planwatch.UnitRecord{Pos: pos, Unit: u, Parent: "VN"}
}

// readDivisions reads the 34-province JSON, nested or flat.
func readDivisions(name string, data []byte) (*planwatch.Batch, error) {
	var raw []map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name}, Msg: "not a list of administrative divisions: " + err.Error()}
	}
	b := &planwatch.Batch{Units: []planwatch.UnitRecord{nation(name)}}
	var errs planwatch.ErrorList
	code := func(i int, v any, width int) string {
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) || f < 0 {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: i + 1}, Column: "code", Msg: excerpt.Quote(fmt.Sprint(v)) + " is not a code"})
			return ""
		}
		return pad(strconv.Itoa(int(f)), width)
	}
	str := func(i int, m map[string]any, k string) string {
		s, _ := m[k].(string)
		if len(s) > MaxField {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: i + 1}, Column: k, Msg: "longer than " + size(MaxField)})
			return ""
		}
		return strings.TrimSpace(s)
	}
	ward := func(i int, w map[string]any, province string) {
		c := code(i, w["code"], 5)
		n := str(i, w, "name")
		b.Units = append(b.Units, planwatch.UnitRecord{Pos: planwatch.Pos{File: name, Line: i + 1},
			Unit: planwatch.Unit{Code: c, NameVI: n, NameEN: locale.ASCII(n), Level: planwatch.LevelCommune, ValidFrom: Merger}, Parent: province + "@" + string(Merger)})
	}
	if len(raw) > 0 && raw[0]["wards"] != nil {
		// Nested: provinces with their wards. Entries are numbered for
		// messages: province i, ward j.
		for i, p := range raw {
			pc := code(i, p["code"], 2)
			b.Units = append(b.Units, newProvince(planwatch.Pos{File: name, Line: i + 1}, pc, shortProvince(str(i, p, "name"))))
			wards, _ := p["wards"].([]any)
			for _, w := range wards {
				if wm, ok := w.(map[string]any); ok {
					ward(i, wm, pc)
				}
			}
		}
	} else {
		// Flat: one ward per entry, with its province's name but not its
		// code, which comes from the official list.
		provinces := map[string]string{}
		for i, w := range raw {
			pn := shortProvince(str(i, w, "province_name"))
			pc, ok := provinceCodes[locale.Fold(pn)]
			if !ok {
				errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: i + 1}, Column: "province_name", Msg: excerpt.Quote(pn) + " is not one of the 34 provinces"})
				continue
			}
			if _, seen := provinces[pc]; !seen {
				provinces[pc] = pn
				b.Units = append(b.Units, newProvince(planwatch.Pos{File: name, Line: i + 1}, pc, pn))
			}
			ward(i, w, pc)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return b, nil
}

// provinceCodes are the official codes of the 34 provinces by folded name,
// for the flat file, which names provinces without codes.
var provinceCodes = map[string]string{
	"ha noi": "01", "cao bang": "04", "tuyen quang": "08", "dien bien": "11", "lai chau": "12", "son la": "14", "lao cai": "15",
	"thai nguyen": "19", "lang son": "20", "quang ninh": "22", "bac ninh": "24", "phu tho": "25", "hai phong": "31", "hung yen": "33",
	"ninh binh": "37", "thanh hoa": "38", "nghe an": "40", "ha tinh": "42", "quang tri": "44", "hue": "46", "da nang": "48",
	"quang ngai": "51", "gia lai": "52", "khanh hoa": "56", "dak lak": "66", "lam dong": "68", "dong nai": "75", "ho chi minh": "79",
	"tay ninh": "80", "dong thap": "82", "vinh long": "86", "an giang": "91", "can tho": "92", "ca mau": "96",
}

// adminLayouts recognise the CSV files of the structure before the merger
// and the conversion table by their headers.
var adminLayouts = []struct {
	kind   string
	header []string
}{
	{"vn63-provinces", []string{"code", "name", "name_en", "full_name", "full_name_en", "code_name", "administrative_unit_id", "administrative_region_id"}},
	{"vn63-districts", []string{"code", "name", "name_en", "full_name", "full_name_en", "code_name", "province_code", "administrative_unit_id"}},
	{"vn63-wards", []string{"code", "name", "name_en", "full_name", "full_name_en", "code_name", "district_code", "administrative_unit_id"}},
	{"gso-wards", []string{"Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp", "Tên Tiếng Anh"}},
}

func isConversionTable(first []string) bool {
	return len(first) > 0 && strings.HasPrefix(strings.TrimSpace(first[0]), "Đơn vị hành chính từ ngày 01/7/2025")
}

// readAdminCSV reads one of the official CSV files; ok is false when the
// header is none of theirs.
func readAdminCSV(name string, rows [][]string, lines []int) (b *planwatch.Batch, kind string, ok bool, err error) {
	if len(rows) == 0 {
		return nil, "", false, nil
	}
	if isConversionTable(rows[0]) {
		b, err := readConversion(name, rows, lines)
		return b, "vn-ward-conversion", true, err
	}
	header := rows[0]
	for _, l := range adminLayouts {
		if !slices.Equal(trimAll(header), l.header) {
			continue
		}
		b := &planwatch.Batch{Units: []planwatch.UnitRecord{nation(name)}}
		pos := func(i int) planwatch.Pos { return planwatch.Pos{File: name, Line: lines[i+1]} }
		switch l.kind {
		case "vn63-provinces":
			for i, r := range rows[1:] {
				b.Units = append(b.Units, oldProvince(pos(i), pad(r[0], 2), strings.TrimSpace(r[1]), strings.TrimSpace(r[2])))
			}
		case "vn63-districts":
			for i, r := range rows[1:] {
				b.Units = append(b.Units, planwatch.UnitRecord{Pos: pos(i), Parent: pad(r[6], 2),
					Unit: planwatch.Unit{Code: pad(r[0], 3), NameVI: strings.TrimSpace(r[3]), NameEN: strings.TrimSpace(r[4]), Level: planwatch.LevelDistrict, ValidTo: Merger}})
			}
		case "vn63-wards":
			for i, r := range rows[1:] {
				b.Units = append(b.Units, planwatch.UnitRecord{Pos: pos(i), Parent: pad(r[6], 3),
					Unit: planwatch.Unit{Code: pad(r[0], 5), NameVI: strings.TrimSpace(r[3]), NameEN: strings.TrimSpace(r[4]), Level: planwatch.LevelCommune, ValidTo: Merger}})
			}
		case "gso-wards":
			b, err = readGSOWards(name, rows, lines)
			if err != nil {
				return nil, l.kind, true, err
			}
		}
		return b, l.kind, true, nil
	}
	return nil, "", false, nil
}

func trimAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	}
	return out
}

// readGSOWards reads the statistics office's export: one ward per row with
// its district and province. The same ward listed twice is reported.
func readGSOWards(name string, rows [][]string, lines []int) (*planwatch.Batch, error) {
	b := &planwatch.Batch{Units: []planwatch.UnitRecord{nation(name)}}
	seen := map[string]int{}
	var errs planwatch.ErrorList
	for i, r := range rows[1:] {
		line := lines[i+1]
		pos := planwatch.Pos{File: name, Line: line}
		if len(r) < 8 {
			errs = append(errs, &planwatch.FieldError{Pos: pos, Msg: "too few fields"})
			continue
		}
		pc, dc, wc := pad(r[1], 2), pad(r[3], 3), pad(r[5], 5)
		if _, ok := seen["p"+pc]; !ok {
			seen["p"+pc] = line
			n := shortProvince(r[0])
			b.Units = append(b.Units, oldProvince(pos, pc, n, locale.ASCII(n)))
		}
		if _, ok := seen["d"+dc]; !ok {
			seen["d"+dc] = line
			n := strings.TrimSpace(r[2])
			b.Units = append(b.Units, planwatch.UnitRecord{Pos: pos, Parent: pc,
				Unit: planwatch.Unit{Code: dc, NameVI: n, NameEN: locale.ASCII(n), Level: planwatch.LevelDistrict, ValidTo: Merger}})
		}
		if strings.TrimSpace(r[5]) == "" {
			continue // a district with no communes (an island district)
		}
		if first, ok := seen["w"+wc]; ok {
			b.Warnings = append(b.Warnings, fmt.Sprintf("%s line %d: ward %s is listed again (first on line %d); the first is kept", name, line, wc, first))
			continue
		}
		seen["w"+wc] = line
		n := strings.TrimSpace(r[4])
		en := strings.TrimSpace(r[7])
		if en == "" {
			en = locale.ASCII(n)
		}
		b.Units = append(b.Units, planwatch.UnitRecord{Pos: pos, Parent: dc,
			Unit: planwatch.Unit{Code: wc, NameVI: n, NameEN: en, Level: planwatch.LevelCommune, ValidTo: Merger}})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return b, nil
}

// majority is the key with the most lines, the smaller key on a tie, so
// that the reading does not depend on map order.
func majority(m map[string][]int) string {
	best := ""
	for k, lines := range m {
		if best == "" || len(lines) > len(m[best]) || len(lines) == len(m[best]) && k < best {
			best = k
		}
	}
	return best
}

var codeInParens = regexp.MustCompile(`\((\d+)\)\s*$`)

func parenCode(s string) string {
	m := codeInParens.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	return m[1]
}

// readConversion reads the official conversion table: two header rows, a
// banner row before each province's rows, then per row the new province,
// new ward (name, code), old ward (name, code), a note, the old district
// and the old province. It gives lineage events at ward level (a merge for
// "Nhập toàn bộ", a transfer of unknown share for "Nhập một phần", a rename
// for "Giữ nguyên" or "Đổi tên") and at province level, and reports the
// table's faults with their lines.
func readConversion(name string, rows [][]string, lines []int) (*planwatch.Batch, error) {
	b := &planwatch.Batch{}
	var errs planwatch.ErrorList
	type row struct {
		line                                   int
		newProv, newWard, oldWard, note        string
		oldDistrict, oldProv, oldProvName, ban string
	}
	var data []row
	banner := ""
	rowOfLine := map[int][]string{}
	for i, r := range rows {
		line := lines[i]
		rowOfLine[line] = r
		if i < 2 {
			continue // the two header rows
		}
		if len(r) < 8 {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: line}, Msg: fmt.Sprintf("%d fields, the table has 8", len(r))})
			continue
		}
		if strings.TrimSpace(r[2]) == "" {
			if t := strings.TrimSpace(r[0]); t != "" && parenCode(t) == "" {
				banner = t
			}
			continue // a province banner, or an empty label row
		}
		data = append(data, row{line: line, newProv: parenCode(r[0]), newWard: pad(r[2], 5), oldWard: strings.TrimSpace(r[4]),
			note: strings.Join(strings.Fields(r[5]), " "), oldDistrict: parenCode(r[6]), oldProv: parenCode(r[7]),
			oldProvName: strings.TrimSpace(codeInParens.ReplaceAllString(strings.TrimSpace(r[7]), "")), ban: banner})
		d := &data[len(data)-1]
		if d.oldWard != "" {
			d.oldWard = pad(d.oldWard, 5)
		}
		if d.newProv == "" || d.oldProv == "" {
			errs = append(errs, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: line}, Column: "province", Msg: "a province without its code in parentheses"})
		}
	}
	warn := func(format string, args ...any) {
		b.Warnings = append(b.Warnings, shortQuotes(fmt.Sprintf(format, args...)))
	}

	// Fault: an old district always belongs to one old province. A row that
	// files a district's ward under another province has the wrong label.
	districtProv := map[string]map[string][]int{}
	for _, d := range data {
		if districtProv[d.oldDistrict] == nil {
			districtProv[d.oldDistrict] = map[string][]int{}
		}
		districtProv[d.oldDistrict][d.oldProv] = append(districtProv[d.oldDistrict][d.oldProv], d.line)
	}
	relabel := map[int]string{}
	for dist, provs := range districtProv {
		if len(provs) < 2 {
			continue
		}
		major := majority(provs)
		for p, lines := range provs {
			if p == major {
				continue
			}
			for _, line := range lines {
				relabel[line] = major
				warn("%s line %d: the ward of district %s is filed under old province %s, but the district's %d other wards are under %s: read as %s",
					name, line, dist, p, len(provs[major]), major, major)
			}
		}
	}
	// Fault: one code, two names. A name that is another old province's
	// (by its rows elsewhere) is a wrong code: the row is read with that
	// province's code.
	names := map[string]map[string][]int{}
	codeOf := map[string]map[string]int{}
	for _, d := range data {
		n := shortProvince(d.oldProvName)
		if names[d.oldProv] == nil {
			names[d.oldProv] = map[string][]int{}
		}
		names[d.oldProv][n] = append(names[d.oldProv][n], d.line)
		if codeOf[n] == nil {
			codeOf[n] = map[string]int{}
		}
		codeOf[n][d.oldProv]++
	}
	for code, ns := range names {
		if len(ns) < 2 {
			continue
		}
		major := majority(ns)
		for n, lines := range ns {
			if n == major {
				continue
			}
			other := ""
			for c, k := range codeOf[n] {
				if c != code && (other == "" || k > codeOf[n][other]) {
					other = c
				}
			}
			for _, line := range lines {
				if other != "" {
					relabel[line] = other
					warn("%s line %d: old province %q has code %s, which is %q on %d rows; %q is %s elsewhere: read as %s",
						name, line, n, code, major, len(ns[major]), n, other, other)
				} else {
					warn("%s line %d: old province %s is called %q here and %q on %d rows", name, line, code, n, major, len(ns[major]))
				}
			}
		}
	}
	// Fault: a banner that spells its province otherwise than its rows do.
	reported := map[string]bool{}
	for _, d := range data {
		if d.ban == "" || reported[d.ban] {
			continue
		}
		label := strings.ToUpper(shortProvince(codeInParens.ReplaceAllString(strings.TrimSpace(rowOfLine[d.line][0]), "")))
		ban := strings.ToUpper(shortProvince(strings.TrimPrefix(d.ban, "THÀNH PHỐ ")))
		if ban != label && locale.Fold(ban) == locale.Fold(label) {
			warn("%s line %d: the banner %q spells the province its rows call %q differently", name, d.line, d.ban, label)
			reported[d.ban] = true
		}
	}

	// Ward-level events.
	events := map[string]bool{}
	unknownNotes := map[string][]int{}
	for _, d := range data {
		ev := planwatch.EventMerge
		switch n := strings.ToLower(strings.ReplaceAll(d.note, "â", "a")); {
		case strings.HasPrefix(n, "nhập toàn bộ"), strings.HasPrefix(n, "sắp xếp toàn bộ"):
		case strings.HasPrefix(n, "nhập một phần"), strings.HasPrefix(n, "nhap một phần"), strings.HasPrefix(n, "phần còn lại"), strings.Contains(n, "từ một phần"):
			ev = planwatch.EventTransfer
		case strings.HasPrefix(n, "giữ nguyên"), strings.HasPrefix(n, "đổi tên"), strings.HasPrefix(n, "đổi loại hình"):
			ev = planwatch.EventRename
		default:
			unknownNotes[d.note] = append(unknownNotes[d.note], d.line)
		}
		from := d.oldWard
		if from == "" {
			// A whole district made into a special zone: the district is the
			// predecessor.
			from = pad(d.oldDistrict, 3)
		}
		k := from + ">" + d.newWard
		if events[k] {
			warn("%s line %d: %s to %s is listed again", name, d.line, from, d.newWard)
			continue
		}
		events[k] = true
		b.Lineage = append(b.Lineage, planwatch.LineageRecord{Pos: planwatch.Pos{File: name, Line: d.line},
			Event: planwatch.LineageEvent{Date: Merger, Event: ev}, From: from + "@" + string(Merger.AddDays(-1)), To: d.newWard + "@" + string(Merger)})
	}
	for note, lines := range unknownNotes {
		warn("%s: note %q on %d rows (first line %d) is not one the table defines: read as a whole merge", name, note, len(lines), lines[0])
	}

	// Province-level events: every old province into the new ones its
	// wards went to, the unchanged provinces aside.
	type pair struct{ from, to string }
	pairs := map[pair]int{}
	for _, d := range data {
		old := d.oldProv
		if p, ok := relabel[d.line]; ok {
			old = p
		}
		old = pad(old, 2)
		if slices.Contains(UnchangedProvinces, old) && old == pad(d.newProv, 2) {
			continue
		}
		pairs[pair{old, pad(d.newProv, 2)}] = d.line
	}
	var keys []pair
	for p := range pairs {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].from+keys[i].to < keys[j].from+keys[j].to })
	into := map[string]int{}
	for _, p := range keys {
		into[p.from]++
	}
	for _, p := range keys {
		ev := planwatch.EventMerge
		if into[p.from] > 1 {
			ev = planwatch.EventTransfer // split among several: share unknown
		}
		b.Lineage = append(b.Lineage, planwatch.LineageRecord{Pos: planwatch.Pos{File: name, Line: pairs[p]},
			Event: planwatch.LineageEvent{Date: Merger, Event: ev}, From: p.from + "@" + string(Merger.AddDays(-1)), To: p.to + "@" + string(Merger)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sortWarnings(b.Warnings)
	return b, nil
}

var lineOf = regexp.MustCompile(`line (\d+)`)

// sortWarnings orders warnings by the line they name, those naming none
// first.
func sortWarnings(ws []string) {
	line := func(w string) int {
		if m := lineOf.FindStringSubmatch(w); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		return 0
	}
	sort.SliceStable(ws, func(i, j int) bool { return line(ws[i]) < line(ws[j]) })
}

// openAdmin reads an official file if it is one: JSON divisions, or one of
// the CSV layouts above.
func openAdmin(name string, data []byte) (*planwatch.Batch, string, bool, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		b, err := readDivisions(name, trimmed)
		return b, "vn34-divisions", true, err
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))))
	cr.FieldsPerRecord = -1
	first, err := cr.Read()
	if err != nil {
		return nil, "", false, nil
	}
	known := isConversionTable(first)
	for _, l := range adminLayouts {
		known = known || slices.Equal(trimAll(first), l.header)
	}
	if !known {
		return nil, "", false, nil
	}
	// Rows with the line each starts on: quoted fields span lines.
	rows, lines := [][]string{first}, []int{1}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", true, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, line)
	}
	return readAdminCSV(name, rows, lines)
}
