//go:build ignore

// Gen writes the demo files that come from the real reference data: the 63
// provinces before 2025-07-01 and the 34 after, their merges, the six
// socio-economic regions before and after (the regions after are the
// resolution's table, below), and population and GRDP per capita by
// province for 2018-2022. Run from the demo folder with the reference folder as
// argument:
//
//	go run gen/main.go ../../shared/reference [OUT_DIR]
//
// OUT_DIR defaults to data.
// The hand-written files (indicators, plans, targets, the seeds' figures)
// are not touched.
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

func read(path string, skip int) [][]string {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	for i := range rows {
		for j := range rows[i] {
			rows[i][j] = strings.TrimPrefix(rows[i][j], "\ufeff")
		}
	}
	return rows[skip:]
}

var outDir = "data"

func write(name string, rows [][]string) {
	f, err := os.Create(filepath.Join(outDir, name))
	if err != nil {
		log.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	f.Close()
}

// ascii folds Vietnamese to plain letters: "Đắk Lắk" -> "Dak Lak".
func ascii(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		switch {
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case r >= 0x300 && r <= 0x36f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func shortName(s string) string {
	for _, p := range []string{"Thành phố ", "Tỉnh "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

const merger = "2025-07-01"

// The six socio-economic regions before 2025-07-01 (Resolution
// 81/2023/QH15), as the statistics office's region file names them.
var regions = []struct{ code, ascii, vi, en string }{
	{"RRD", "Dong bang song Hong", "Đồng bằng sông Hồng", "Red River Delta"},
	{"NMM", "Trung du va mien nui phia Bac", "Trung du và miền núi phía Bắc", "Northern Midlands and Mountains"},
	{"NCC", "Bac Trung Bo va Duyen hai mien Trung", "Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coast"},
	{"CH", "Tay Nguyen", "Tây Nguyên", "Central Highlands"},
	{"SE", "Dong Nam Bo", "Đông Nam Bộ", "South East"},
	{"MRD", "Dong bang song Cuu Long", "Đồng bằng sông Cửu Long", "Mekong River Delta"},
}

// The six socio-economic regions of the 34 provinces, as the appendix of
// Resolution 306/NQ-CP of 05/10/2025 (adjusting the National Master Plan
// 2021-2030) lists them; the statistics office reports 2025 by them. No
// reference file has this table. Four regions keep their names (and
// codes) with new members; the North Central and Central Coast and the
// Central Highlands became the North Central and the South Central Coast
// and Central Highlands.
var regionsAfter = []struct {
	code, vi, en string
	members      []string
}{
	{"NMM", "Trung du và miền núi phía Bắc", "Northern Midlands and Mountains",
		[]string{"Lạng Sơn", "Cao Bằng", "Thái Nguyên", "Tuyên Quang", "Phú Thọ", "Lào Cai", "Lai Châu", "Điện Biên", "Sơn La"}},
	{"RRD", "Đồng bằng sông Hồng", "Red River Delta",
		[]string{"Hà Nội", "Hải Phòng", "Ninh Bình", "Hưng Yên", "Bắc Ninh", "Quảng Ninh"}},
	{"NC", "Bắc Trung Bộ", "North Central",
		[]string{"Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế"}},
	{"SCCH", "Duyên hải Nam Trung Bộ và Tây Nguyên", "South Central Coast and Central Highlands",
		[]string{"Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng"}},
	{"SE", "Đông Nam Bộ", "South East",
		[]string{"Hồ Chí Minh", "Đồng Nai", "Tây Ninh"}},
	{"MRD", "Đồng bằng sông Cửu Long", "Mekong River Delta",
		[]string{"Cần Thơ", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau"}},
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		log.Fatal("usage: go run gen/main.go REFERENCE_DIR [OUT_DIR]")
	}
	if len(os.Args) == 3 {
		outDir = os.Args[2]
	}
	ref := os.Args[1]
	old := read(filepath.Join(ref, "vn_admin/vn63_provinces_2025-03.csv"), 1)
	now := read(filepath.Join(ref, "vn_admin/vn34_provinces_2026-02.csv"), 1)
	mapping := read(filepath.Join(ref, "vn_admin/vn_province_mapping_63_to_34_derived.csv"), 1)

	// Predecessors of each new province. The source files Tien Giang (82)
	// under Tay Ninh (80) once because of one misfiled ward: Tien Giang went
	// to Dong Thap whole.
	preds := map[string][]string{}
	for _, m := range mapping {
		if m[0] == "82" && m[2] == "80" {
			continue
		}
		if !slices.Contains(preds[m[2]], m[0]) {
			preds[m[2]] = append(preds[m[2]], m[0])
		}
	}
	unchanged := map[string]bool{}
	for code, ps := range preds {
		if len(ps) == 1 && ps[0] == code {
			unchanged[code] = true
		}
	}

	units := [][]string{{"code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to"},
		{"VN", "Việt Nam", "Viet Nam", "nation", "", "", ""}}
	// Every region changed its members on 2025-07-01, so each is a unit
	// until then and another from then, as provinces are.
	for _, r := range regions {
		units = append(units, []string{r.code, r.vi, r.en, "region", "VN", "", merger})
	}
	for _, r := range regionsAfter {
		units = append(units, []string{r.code, r.vi, r.en, "region", "VN", merger, ""})
	}
	for _, o := range old {
		from, to := "", merger
		if o[0] == "24" || o[0] == "27" {
			from = "1997-01-01" // Ha Bac split into Bac Giang and Bac Ninh
		}
		if unchanged[o[0]] {
			to = ""
		}
		units = append(units, []string{o[0], o[1], o[2], "province", "VN", from, to})
	}
	for _, n := range now {
		if unchanged[n[0]] {
			continue
		}
		name := shortName(n[1])
		units = append(units, []string{n[0], name, ascii(name), "province", "VN", merger, ""})
	}
	write("units.csv", units)

	lineage := [][]string{{"date", "event", "from", "to", "share"}}
	var news []string
	for code := range preds {
		news = append(news, code)
	}
	slices.Sort(news)
	for _, code := range news {
		if unchanged[code] {
			continue
		}
		ps := preds[code]
		slices.Sort(ps)
		for _, p := range ps {
			lineage = append(lineage, []string{merger, "merge", p, code, ""})
		}
	}

	// Regions before the merger, from the province-region file.
	regionOf := map[string]string{}
	for _, r := range regions {
		regionOf[r.ascii] = r.code
	}
	groups := [][]string{{"group", "name_vi", "name_en", "unit", "valid_from", "valid_to"}}
	codes := read(filepath.Join(ref, "vn_province_stats/province_region_codes.csv"), 1)
	codeOfName := map[string]string{}
	for _, c := range codes {
		code := fmt.Sprintf("%02s", c[0])
		codeOfName[c[1]] = code
		reg := regionOf[c[2]]
		for _, r := range regions {
			if r.code == reg {
				groups = append(groups, []string{reg, r.vi, r.en, code, "", merger})
			}
		}
	}
	// The regions from 2025-07-01, by the resolution's names.
	codeOfNew := map[string]string{}
	for _, n := range now {
		codeOfNew[shortName(n[1])] = n[0]
	}
	regionOfNew := map[string]string{}
	for _, r := range regionsAfter {
		for _, name := range r.members {
			code, ok := codeOfNew[name]
			if !ok {
				log.Fatalf("region %s: no province %q among the 34", r.code, name)
			}
			if regionOfNew[code] != "" {
				log.Fatalf("%s is in two regions", name)
			}
			regionOfNew[code] = r.code
			groups = append(groups, []string{r.code, r.vi, r.en, code, merger, ""})
		}
	}
	if len(regionOfNew) != len(now) {
		log.Fatalf("%d of the %d provinces are in a region", len(regionOfNew), len(now))
	}
	write("groups.csv", groups)

	// The regions' own lineage, from their provinces': an old region whose
	// provinces all went into one new region merged into it; one whose
	// provinces went to several was transferred in part to each (with no
	// share: a region's figures on the new boundaries are its provinces').
	regionOfCode := map[string]string{}
	for _, c := range codes {
		regionOfCode[fmt.Sprintf("%02s", c[0])] = regionOf[c[2]]
	}
	to := map[string][]string{}
	for _, n := range news {
		for _, p := range preds[n] {
			from := regionOfCode[p]
			if from == "" {
				log.Fatalf("province %s is in no region before the merger", p)
			}
			if !slices.Contains(to[from], regionOfNew[n]) {
				to[from] = append(to[from], regionOfNew[n])
			}
		}
	}
	for _, r := range regions {
		dest := to[r.code]
		slices.Sort(dest)
		event := "transfer"
		if len(dest) == 1 {
			event = "merge"
		}
		for _, d := range dest {
			lineage = append(lineage, []string{merger, event, r.code, d, ""})
		}
	}
	write("lineage.csv", lineage)

	// Population and GRDP per capita 2018-2022. Both files list the country,
	// the regions and the provinces in the statistics office's order; the
	// GRDP file has no whole-country row.
	pop := read(filepath.Join(ref, "vn_province_stats/area_population_density_by_province_2011-2022_gso_raw.csv"), 3)
	grdp := read(filepath.Join(ref, "vn_province_stats/grdp_per_capita_by_province_2018-2022_wide.csv"), 1)
	if len(pop) != len(grdp)+1 {
		log.Fatalf("population has %d rows, GRDP %d", len(pop), len(grdp))
	}
	// The two tables are documents of the demo's sources.csv; GRDP is
	// computed from them.
	const popSrc = "GSO-POP-2011-2022"
	const pcSrc = "GSO-GRDP-PC-2018-2022"
	const grdpSrc = "GSO-GRDP-PC-2018-2022: tính bằng GRDP bình quân đầu người (triệu đồng) nhân dân số trung bình (nghìn người, GSO-POP-2011-2022)"
	obs := [][]string{{"unit", "indicator", "period", "value", "dims", "status", "source", "note"}}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			log.Fatalf("%q: %v", s, err)
		}
		return v
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for i, row := range pop {
		unit := "VN"
		var pcRow []string
		if i > 0 {
			pcRow = grdp[i-1]
			name := pcRow[0]
			if c, ok := codeOfName[name]; ok {
				unit = c
			} else if r, ok := regionOf[name]; ok {
				unit = r
			} else {
				log.Fatalf("GRDP row %q is neither a province nor a region", name)
			}
		}
		for y := 2018; y <= 2022; y++ {
			p := num(row[2+3*(y-2011)])
			year := strconv.Itoa(y)
			obs = append(obs, []string{unit, "POP", year, f(p), "", "A", popSrc, ""})
			if pcRow == nil {
				continue
			}
			pc := num(pcRow[1+y-2018])
			obs = append(obs, []string{unit, "GRDP_PC_VND", year, f(pc), "price=current", "A", pcSrc, ""})
			g := math.Round(pc*p*10) / 10
			obs = append(obs, []string{unit, "GRDP", year, f(g), "price=current", "A", grdpSrc, ""})
		}
	}
	write("observations_provinces_2018-2022.csv", obs)
}
