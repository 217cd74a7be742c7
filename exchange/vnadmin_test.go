package exchange_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange"
	"planwatch/sqlite"
)

func adminDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "reference", "vn_admin")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("reference data missing: %v", err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	return dir
}

// openAll reads files as planwatch import does.
func openAll(t testing.TB, dir string, names ...string) (*planwatch.Batch, []string) {
	t.Helper()
	all := &planwatch.Batch{}
	var kinds []string
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		b, kind, err := exchange.Open(n, f)
		if err != nil {
			f.Close()
			t.Fatalf("%s: %v", n, err)
		}
		all.Append(b)
		kinds = append(kinds, kind)
		f.Close()
	}
	return all, kinds
}

var structure = []string{"vn63_provinces_2025-03.csv", "vn63_districts_2025-03.csv", "vn63_wards_2025-03.csv",
	"vn34_nested-divisions_2026-02.json", "vn_ward_conversion_old_to_new_2025-07.csv"}

func loadStructure(t testing.TB, dir string, names ...string) (*sqlite.DB, *planwatch.Batch) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "admin.db"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := openAll(t, dir, names...)
	if _, err := planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{}); err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db, b
}

func count(units []planwatch.Unit, level planwatch.Level, on planwatch.Date) int {
	n := 0
	for _, u := range units {
		if u.Level == level && u.Validity().Contains(on) {
			n++
		}
	}
	return n
}

func TestAdministrativeStructure(t *testing.T) {
	dir := adminDir(t)
	db, b := loadStructure(t, dir, structure...)
	defer db.Close()
	ctx := context.Background()
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, after := planwatch.Date("2025-06-30"), exchange.Merger
	// The counts the files give: 63 provinces, 696 districts and 10,035
	// communes in the March 2025 list; 34 provinces and 3,321 communes from
	// 2025-07-01, and no districts.
	for _, c := range []struct {
		level planwatch.Level
		on    planwatch.Date
		want  int
	}{
		{planwatch.LevelProvince, before, 63}, {planwatch.LevelDistrict, before, 696}, {planwatch.LevelCommune, before, 10035},
		{planwatch.LevelProvince, after, 34}, {planwatch.LevelDistrict, after, 0}, {planwatch.LevelCommune, after, 3321},
	} {
		if got := count(units, c.level, c.on); got != c.want {
			t.Errorf("%ss valid on %s: %d, want %d", c.level, c.on, got, c.want)
		}
	}
	x := planwatch.NewUnitIndex(units)
	// Codes keep their leading zeros, though the JSON stores them as numbers.
	for _, c := range []struct{ ref, name string }{{"00004@2025-06-30", "Phường Trúc Bạch"}, {"00004@2025-07-01", "Phường Ba Đình"}, {"01", "Hà Nội"}, {"001", "Quận Ba Đình"}} {
		u, err := x.Resolve(c.ref, planwatch.Span{})
		if err != nil || u.NameVI != c.name {
			t.Errorf("%s is %v, %v; want %s", c.ref, u, err, c.name)
		}
	}
	events, _ := db.Lineage(ctx)
	maps := map[int64]int{}
	for _, e := range events {
		maps[e.From]++
	}
	// Every old commune maps to at least one new one, but for two that the
	// conversion table does not list (they were merged away between the
	// March list and July).
	var unmapped []string
	for _, u := range units {
		if u.Level == planwatch.LevelCommune && u.Validity().Contains(before) && maps[u.ID] == 0 {
			unmapped = append(unmapped, u.Code)
		}
	}
	if !slices.Equal(unmapped, []string{"01651", "02482"}) {
		t.Errorf("old communes mapped to none: %v", unmapped)
	}
	// The province merges agree with the 63-to-34 mapping, once its known
	// faults are set right: Tien Giang (82) went to Dong Thap (82) whole,
	// not in part to Tay Ninh (80), and the "Quang Tri (44)" row is Quang
	// Tri (45).
	f, err := os.Open(filepath.Join(dir, "vn_province_mapping_63_to_34_derived.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	want := map[string]bool{}
	for _, r := range rows[1:] {
		if r[0] == r[2] && slices.Contains(exchange.UnchangedProvinces, r[0]) || r[0] == "82" && r[2] == "80" {
			continue
		}
		want[r[0]+">"+r[2]] = true
	}
	got := map[string]bool{}
	for _, e := range events {
		from, _ := x.ByID(e.From)
		if from.Level == planwatch.LevelProvince {
			got[e.FromCode+">"+e.ToCode] = true
			if e.Event != planwatch.EventMerge {
				t.Errorf("province event %s>%s is a %s", e.FromCode, e.ToCode, e.Event)
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("mapping %s has no lineage event", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("lineage event %s is not in the mapping", k)
		}
	}
	// The source's faults are reported with their lines.
	joined := strings.Join(b.Warnings, "\n")
	for _, w := range []string{
		"line 9532: the ward of district 794 is filed under old province 82",  // Tan An's ward under Tien Giang
		"line 10652: the ward of district 900 is filed under old province 89", // Ha Tien's ward under An Giang
		`line 6212: old province "Quảng Trị" has code 44, which is "Quảng Bình"`,
		`line 7613: the banner "ĐĂK LẮK" spells the province its rows call "ĐẮK LẮK" differently`,
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("no warning %q in:\n%s", w, joined)
		}
	}
	// Unchanged provinces: exactly those whose new province was formed
	// from itself alone.
	formed := map[string][]string{}
	for k := range want {
		from, to, _ := strings.Cut(k, ">")
		formed[to] = append(formed[to], from)
	}
	for _, code := range exchange.UnchangedProvinces {
		if len(formed[code]) != 0 {
			t.Errorf("unchanged province %s was formed from %v", code, formed[code])
		}
	}
	if n := count(units, planwatch.LevelProvince, after) - len(formed); n != len(exchange.UnchangedProvinces) {
		t.Errorf("%d new provinces not formed by merger, %d listed unchanged", n, len(exchange.UnchangedProvinces))
	}
	// Ward-level events: whole merges and transfers of unknown share.
	kinds := map[planwatch.Event]int{}
	for _, e := range events {
		if u, _ := x.ByID(e.To); u.Level == planwatch.LevelCommune {
			kinds[e.Event]++
			if e.Event == planwatch.EventTransfer && e.Share != nil {
				t.Errorf("a transfer with a share nobody published: %+v", e)
			}
		}
	}
	if kinds[planwatch.EventMerge] < 9000 || kinds[planwatch.EventTransfer] < 900 || kinds[planwatch.EventRename] < 100 {
		t.Errorf("ward events by kind: %v", kinds)
	}
}

// The flat JSON gives the same communes as the nested one, and the
// statistics office's own ward export reads too.
func TestOtherLayouts(t *testing.T) {
	dir := adminDir(t)
	flat, kinds := openAll(t, dir, "vn34_flat-divisions_2026-02.json")
	nested, _ := openAll(t, dir, "vn34_nested-divisions_2026-02.json")
	if kinds[0] != "vn34-divisions" || len(flat.Units) != len(nested.Units) || len(flat.Units) != 1+34+3321 {
		t.Errorf("flat %d units (%v), nested %d", len(flat.Units), kinds, len(nested.Units))
	}
	key := func(b *planwatch.Batch) []string {
		var out []string
		for _, u := range b.Units {
			out = append(out, u.Unit.Code+" "+u.Unit.NameVI+" "+u.Parent)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(key(flat), key(nested)) {
		t.Error("the flat and nested files disagree")
	}
	db, _ := loadStructure(t, dir, "vn63_gso_Xa_2025-01-04.csv")
	defer db.Close()
	units, _ := db.Units(context.Background())
	// 10,051 communes in January 2025 (16 more than in March), and five
	// island districts without communes.
	if p, d, c := count(units, planwatch.LevelProvince, "2025-01-04"), count(units, planwatch.LevelDistrict, "2025-01-04"), count(units, planwatch.LevelCommune, "2025-01-04"); p != 63 || d != 696 || c != 10051 {
		t.Errorf("statistics office export: %d provinces, %d districts, %d communes", p, d, c)
	}
}

func TestConversionErrors(t *testing.T) {
	dir := adminDir(t)
	ctx := context.Background()
	db, _ := loadStructure(t, dir, structure[:4]...)
	defer db.Close()
	bad := "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n" +
		"\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n" +
		"THÀNH PHỐ HÀ NỘI,,,,,,,,\n" +
		"Thành phố Hà Nội (01),Phường Ba Đình,00004,Phường Trúc Bạch,00004,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),\n" +
		"Thành phố Hà Nội (01),Phường Ba Đình,00004,Phường Nowhere,99999,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),\n" +
		"Thành phố Hà Nội (01),Phường Nowhere,99998,Phường Quán Thánh,00013,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),\n"
	b, kind, err := exchange.Open("conv.csv", strings.NewReader(bad))
	if err != nil || kind != "vn-ward-conversion" {
		t.Fatalf("%s %v", kind, err)
	}
	_, err = planwatch.Apply(ctx, db, b, planwatch.ApplyOptions{})
	if err == nil {
		t.Fatal("unknown codes were accepted")
	}
	for _, w := range []string{`conv.csv line 5, column from: no unit has code "99999"`, `conv.csv line 6, column to: no unit has code "99998"`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	if ev, _ := db.Lineage(ctx); len(ev) != 0 {
		t.Errorf("a rejected table left %d events", len(ev))
	}
	// A unit still valid after its successor begins cannot have merged.
	still := &planwatch.Batch{Lineage: []planwatch.LineageRecord{{Pos: planwatch.Pos{File: "l.csv", Line: 2},
		Event: planwatch.LineageEvent{Date: "2025-07-01", Event: planwatch.EventMerge}, From: "01", To: "24@2025-07-01"}}}
	if _, err := planwatch.Apply(ctx, db, still, planwatch.ApplyOptions{}); err == nil || !strings.Contains(err.Error(), "after its successor") {
		t.Errorf("a merge of a unit that goes on: %v", err)
	}
}

// BenchmarkLoadStructure reads the five official files and writes both
// structures and the lineage into an empty store (goal: under 2 s).
func BenchmarkLoadStructure(b *testing.B) {
	dir := adminDir(b)
	for n := 0; n < b.N; n++ {
		db, _ := loadStructure(b, dir, structure...)
		db.Close()
	}
}
