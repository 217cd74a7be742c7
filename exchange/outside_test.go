package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"planwatch"
	"planwatch/demo"
	"planwatch/exchange"
	"planwatch/exchange/record"
	"planwatch/period"
	"planwatch/sqlite"
)

func open(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func apply(t testing.TB, db planwatch.Store, b *planwatch.Batch) planwatch.Summary {
	t.Helper()
	sum, err := planwatch.Apply(context.Background(), db, b, planwatch.ApplyOptions{RecordedBy: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func demoStore(t testing.TB) *sqlite.DB {
	t.Helper()
	b, err := demo.Batch()
	if err != nil {
		t.Fatal(err)
	}
	db := open(t)
	apply(t, db, b)
	return db
}

func export(t *testing.T, db planwatch.Reader, kind string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := exchange.Export(context.Background(), db, kind, exchange.Filter{}, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// options are what import passes for a store.
func options(t *testing.T, db planwatch.Reader) exchange.Options {
	t.Helper()
	units, err := db.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inds, err := db.Indicators(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return exchange.Options{Units: units, Indicators: inds}
}

// importFile reads a file of any format into the store, all or nothing.
func importFile(t *testing.T, db planwatch.Store, name string, data []byte, opt exchange.Options) (planwatch.Summary, string, error) {
	t.Helper()
	b, format, err := exchange.OpenWith(name, bytes.NewReader(data), opt)
	if err != nil {
		return nil, format, err
	}
	sum, err := planwatch.Apply(context.Background(), db, b, planwatch.ApplyOptions{RecordedBy: "test"})
	return sum, format, err
}

// The demo -> SDMX-CSV 2.0 / SDMX-JSON 2.0 / DHIS2 JSON -> an empty store
// holding the canonical units and indicators -> canonical export gives
// the demo's own export, byte for byte: values, statuses, sources, notes,
// dimensions and unit references all come back.
func TestRoundTrips(t *testing.T) {
	a := demoStore(t)
	want := export(t, a, "observations")
	units, inds := export(t, a, "units"), export(t, a, "indicators")
	for _, tc := range []struct{ export, read string }{
		{exchange.SDMXCSV, "sdmx-csv-2.0"},
		{exchange.SDMXJSON, "sdmx-json-2.0"},
		{exchange.DHIS2JSON, "dhis2-json"},
	} {
		var file bytes.Buffer
		if err := exchange.ExportAs(context.Background(), a, tc.export, exchange.Filter{}, &file, time.Now()); err != nil {
			t.Fatal(err)
		}
		b := open(t)
		for _, f := range [][]byte{units, inds} {
			batch, _, err := exchange.Read("canonical.csv", bytes.NewReader(f))
			if err != nil {
				t.Fatal(err)
			}
			apply(t, b, batch)
		}
		sum, format, err := importFile(t, b, "file", file.Bytes(), options(t, b))
		if err != nil {
			t.Fatalf("%s: %v", tc.export, err)
		}
		if format != tc.read || sum.Get("observations").Added != bytes.Count(want, []byte("\n"))-1 {
			t.Errorf("%s: read as %s, %+v", tc.export, format, sum.Get("observations"))
		}
		if got := export(t, b, "observations"); !bytes.Equal(got, want) {
			t.Errorf("%s: the canonical export differs from the demo's:\n%s", tc.export, firstDiff(got, want))
		}
		// Imported again: nothing changes.
		if sum, _, err := importFile(t, b, "file", file.Bytes(), options(t, b)); err != nil || sum.Get("observations").Unchanged != sum.Get("observations").Added+sum.Get("observations").Unchanged || sum.Get("observations").Changed != 0 {
			t.Errorf("%s: the second import %+v %v", tc.export, sum.Get("observations"), err)
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "got:  " + la[i] + "\nwant: " + lb[i]
		}
	}
	return "lengths differ"
}

// A deletion (ACTION D) withdraws the figure through a new version: the
// store keeps both versions, the figure is no longer current, export no
// longer writes it, and a later value brings it back.
func TestDeletionWithdraws(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	head := "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,price,TIME_PERIOD,OBS_VALUE,OBS_SOURCE\n"
	del := head + "dataflow,PLANWATCH:DF_OBSERVATIONS(1.0.0),D,27,GRDP,current,2024,-,\n"
	sum, _, err := importFile(t, db, "delete.csv", []byte(del), options(t, db))
	if err != nil || sum.Get("observations").Changed != 1 {
		t.Fatalf("%+v %v", sum.Get("observations"), err)
	}
	units, _ := db.Units(ctx)
	u, _ := planwatch.NewUnitIndex(units).Resolve("27", planwatch.PeriodSpan(period.MustParse("2024")))
	key := planwatch.SeriesKey{Unit: u.ID, Indicator: "GRDP", Dims: "price=current"}
	h, err := db.History(ctx, key, "2024")
	if err != nil || len(h) != 2 || h[0].Value != 232800 || !h[1].Withdrawn() || h[1].Status != planwatch.StatusWithdrawn || !strings.Contains(h[1].Note, "delete.csv line 2") {
		t.Fatalf("history %+v %v", h, err)
	}
	cur, _ := db.Observations(ctx, planwatch.ObservationFilter{Units: []int64{u.ID}, Indicators: []string{"GRDP"}})
	for _, o := range cur {
		if o.Dims == "price=current" && o.Period.String() == "2024" {
			t.Errorf("the withdrawn figure is still current: %+v", o)
		}
	}
	if len(cur) == 0 {
		t.Error("the other GRDP figures of 27 went too")
	}
	if bytes.Contains(export(t, db, "observations"), []byte("27,GRDP,2024,232800")) {
		t.Error("export still writes the withdrawn figure")
	}
	// Withdrawing again changes nothing; a value brings the figure back.
	if sum, _, err := importFile(t, db, "delete.csv", []byte(del), options(t, db)); err != nil || sum.Get("observations").Unchanged != 1 {
		t.Errorf("second withdrawal %+v %v", sum.Get("observations"), err)
	}
	back := head + "dataflow,PLANWATCH:DF_OBSERVATIONS(1.0.0),I,27,GRDP,current,2024,233000,official\n"
	if _, _, err := importFile(t, db, "back.csv", []byte(back), options(t, db)); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.History(ctx, key, "2024"); len(h) != 3 || h[2].Value != 233000 || h[2].Withdrawn() {
		t.Errorf("history after the new value %+v", h)
	}
	// DHIS2's deleted=true withdraws too.
	dv := `{"dataValues": [{"dataElement": "GRDP", "period": "2024", "orgUnit": "27", "categoryOptionCombo": "price=current", "value": "233000", "deleted": true, "status": "A", "source": "official"}]}`
	if sum, _, err := importFile(t, db, "dv.json", []byte(dv), options(t, db)); err != nil || sum.Get("observations").Changed != 1 {
		t.Fatalf("DHIS2 deletion %+v %v", sum.Get("observations"), err)
	}
	if h, _ := db.History(ctx, key, "2024"); len(h) != 4 || !h[3].Withdrawn() || !strings.Contains(h[3].Note, "dv.json line 1") {
		t.Errorf("history after the DHIS2 deletion %+v", h)
	}
	// A deletion by wildcard is refused, naming its line and field.
	wild := head + "dataflow,PLANWATCH:DF_OBSERVATIONS(1.0.0),D,27,,current,2024,-,\n"
	_, _, err = importFile(t, db, "wild.csv", []byte(wild), options(t, db))
	if err == nil || !strings.Contains(err.Error(), "wild.csv line 2, column INDICATOR: is empty in a deletion") {
		t.Errorf("wildcard deletion: %v", err)
	}
}

// A file that is not planwatch's needs a mapping: import says which codes,
// and the template lists them with guesses. With the mapping, the
// figures land, scaled, each with its file and line as its source.
func TestMapping(t *testing.T) {
	db := demoStore(t)
	doc := `{"dataSet": "pBOMPrpg1QX", "period": "2024", "dataValues": [
	  {"dataElement": "POPUL", "orgUnit": "OU_BN", "value": "1488250"},
	  {"dataElement": "POPUL", "orgUnit": "OU_BG", "value": "1922520"},
	  {"dataElement": "GRDP_CUR", "orgUnit": "OU_BN", "value": "232800", "comment": "estimate"}
	]}`
	_, _, err := importFile(t, db, "dv.json", []byte(doc), options(t, db))
	var nm *exchange.NeedMapping
	if !errors.As(err, &nm) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, n := range nm.Needs {
		got = append(got, n.Field+"="+n.Value+":"+n.Role)
	}
	if strings.Join(got, " ") != "orgUnit=OU_BN:unit dataElement=POPUL:indicator orgUnit=OU_BG:unit dataElement=GRDP_CUR:indicator" {
		t.Errorf("needs %v", got)
	}
	if !strings.Contains(err.Error(), `orgUnit="OU_BN" (unit; line 2, 2 point(s))`) {
		t.Errorf("message: %v", err)
	}
	if n, _ := db.Observations(context.Background(), planwatch.ObservationFilter{Indicators: []string{"POP"}, Period: period.MustParse("2024")}); len(n) != 0 {
		t.Fatal("a failed import wrote figures")
	}

	mapping := "field,value,unit,indicator,dims,scale\n" +
		"orgUnit,OU_BN,27,,,\n" +
		"orgUnit,OU_BG,24@2020-01-01,,,\n" +
		"dataElement,POPUL,,POP,,0.001\n" +
		"dataElement,GRDP_CUR,,GRDP,price=current,\n"
	m, err := record.ReadMapping("map.csv", strings.NewReader(mapping))
	if err != nil {
		t.Fatal(err)
	}
	opt := options(t, db)
	opt.Mapping = m
	// The figures for 2024 replace none of the demo's (it has 2024 GRDP
	// for 27 and 24 already: the GRDP one is a new version).
	sum, format, err := importFile(t, db, "dv.json", []byte(doc), opt)
	if err != nil || format != "dhis2-json" {
		t.Fatalf("%v %s", err, format)
	}
	if c := sum.Get("observations"); c.Added+c.Changed != 3 {
		t.Errorf("summary %+v", c)
	}
	obs, _ := db.Observations(context.Background(), planwatch.ObservationFilter{Indicators: []string{"POP", "GRDP"}, Period: period.MustParse("2024"), Exact: true})
	found := map[string]planwatch.Observation{}
	for _, o := range obs {
		found[o.UnitCode+" "+o.Indicator+" "+string(o.Dims)] = o
	}
	if o := found["27 POP "]; o.Value != 1488.25 || o.Source != "pBOMPrpg1QX, dv.json line 2" || o.Status != "A" {
		t.Errorf("27 POP 2024: %+v", o)
	}
	if o := found["24 POP "]; o.Value != 1922.52 {
		t.Errorf("24 POP 2024: %+v", o)
	}
	if o := found["27 GRDP price=current"]; o.Value != 232800 || o.Note != "estimate" || o.Source != "pBOMPrpg1QX, dv.json line 4" {
		t.Errorf("27 GRDP 2024: %+v", o)
	}

	// A code the rules of its field do not cover is named.
	m2, _ := record.ReadMapping("map.csv", strings.NewReader("field,value,unit\norgUnit,OU_BN,27\n"))
	opt.Mapping = m2
	_, _, err = importFile(t, db, "dv.json", []byte(doc), opt)
	if !errors.As(err, &nm) || !strings.Contains(err.Error(), `orgUnit="OU_BG" (unit; line 3, 1 point(s))`) || !strings.Contains(err.Error(), `dataElement="POPUL" (indicator; line 2, 2 point(s))`) {
		t.Errorf("uncovered code: %v", err)
	}
}

func TestMappingFile(t *testing.T) {
	bad := "field,value,unit,indicator,dims,scale,guess\n" +
		",X,27,,,,\n" +
		"orgUnit,A,27,,,0,\n" +
		"orgUnit,A,24,,,,\n" +
		"orgUnit,B,2 7,,,,\n" +
		"orgUnit,C,27,,price,,\n" +
		"orgUnit,D,27,,,,guess: the label matches Bắc Ninh (27)\n"
	_, err := record.ReadMapping("m.csv", strings.NewReader(bad))
	var list planwatch.ErrorList
	if !errors.As(err, &list) || len(list) != 6 {
		t.Fatalf("%d errors: %v", len(list), err)
	}
	for i, want := range []string{"m.csv line 2, column field", "m.csv line 3, column scale", "m.csv line 4, column value: a rule for orgUnit=A is also on line 3",
		"m.csv line 5, column unit", "m.csv line 6, column dims", "m.csv line 7, column guess"} {
		if !strings.Contains(list[i].Error(), want) {
			t.Errorf("error %d: %v, want %s", i, list[i], want)
		}
	}
	if _, err := record.ReadMapping("m.csv", strings.NewReader("field,value,colour\n")); err == nil {
		t.Error("an unknown column was accepted")
	}
}

// The template guesses units and indicators by code and by name, in
// either language, without diacritics, and reads back as a mapping file
// once the guesses are accepted.
func TestTemplate(t *testing.T) {
	db := demoStore(t)
	opt := options(t, db)
	nm := &exchange.NeedMapping{Needs: []exchange.Need{
		{Field: "REF_AREA", Value: "VN-BN", Label: "Bac Ninh", Role: "unit"},
		{Field: "REF_AREA", Value: "X1", Label: "Atlantis", Role: "unit"},
		{Field: "INDICATOR", Value: "EXP", Label: "Exports of goods", Role: "indicator"},
		{Field: "INDICATOR", Value: "pop", Role: "indicator"},
		{Field: "*", Value: "*", Role: "unit"},
	}, Fields: []string{"FREQ"}, Values: map[string][]record.Field{"FREQ": {{Name: "FREQ", Value: "A", Label: "Annual"}}}}
	var b bytes.Buffer
	if err := exchange.WriteMappingTemplate(&b, nm, opt.Units, opt.Indicators); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"REF_AREA,VN-BN,24@2025-07-01,,,,Bac Ninh,đoán / guess: trùng tên trong tệp / the label matches Bắc Ninh (24); còn đơn vị khác cũng trùng / other units match too",
		"REF_AREA,X1,,,,,Atlantis,\n",
		"INDICATOR,EXP,,EXPORTS,,,Exports of goods,đoán / guess: trùng tên / the name matches EXPORTS (Kim ngạch xuất khẩu hàng hóa / Exports of goods)",
		"INDICATOR,pop,,POP,,,,đoán / guess: trùng mã / the code matches POP",
		"*,*,,,,,\"mọi điểm số liệu",
		"FREQ,A,,,,,Annual,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("template lacks %q:\n%s", want, out)
		}
	}
	// Guesses refused until checked.
	if _, err := record.ReadMapping("t.csv", strings.NewReader(out)); err == nil || !strings.Contains(err.Error(), "column guess") {
		t.Errorf("guesses accepted: %v", err)
	}
}

// Inspect recognises every format from the content.
func TestDetect(t *testing.T) {
	for _, tc := range []struct{ head, format string }{
		{"unit,indicator,period,value\n", "canonical"},
		{"\ufeffDATAFLOW,FREQ,OBS_VALUE\n", "sdmx-csv-1.0"},
		{"STRUCTURE,STRUCTURE_ID,ACTION\n", "sdmx-csv-2.0"},
		{"STRUCTURE[;];STRUCTURE_ID\n", "sdmx-csv-2.0"},
		{`{"header": {}, "structure": {"dimensions": {}}, "dataSets": []}`, "sdmx-json-1.0"},
		{`{"meta": {}, "data": {"structures": [], "dataSets": []}}`, "sdmx-json-2.0"},
		{`{"dataSet": "x", "dataValues": []}`, "dhis2-json"},
		{`<?xml version="1.0"?><dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">`, "dhis2-xml"},
		{"dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n", "dhis2-csv"},
		{`"f7n9E0hX8qk","201201","DiszpKrYNg8","","","10001","john","2012-01-01","comment","false"` + "\n", "dhis2-csv"},
		{"code,name_vi,level\n", "canonical"},
		{"Province,2018,2019,2020,2021,2022\nHa Noi,120.6,130.5,131.3,135.3,141.8\n", "pxweb"},
		{"\"Title\"\r\n\r\n\"Cities, provincies\";\"2015\"\r\n", "pxweb"},
	} {
		if got := exchange.DetectFormat([]byte(tc.head)); got != tc.format {
			t.Errorf("%q detected as %s, want %s", tc.head, got, tc.format)
		}
	}
}

// Every SDMX and DHIS2 reference file is recognised by import, and those
// that are not planwatch's ask for a mapping, except the malformed one,
// which is refused with its line.
func TestReferenceFilesNeedMappings(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "reference")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatal(err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	db := demoStore(t)
	for _, name := range []string{"sdmx/csv10_bis_der_data_v1.csv", "sdmx/csv20_bis_der_no_action.csv", "sdmx/csv20_keys_both.csv", "sdmx/csv20_labels_name.csv",
		"sdmx/csv20_partial_keys.csv", "sdmx/json10_ecb_exr_ts.json", "sdmx/json20_ecb_exr_time_series.json",
		"dhis2/dataValueSetB.csv", "dhis2/dataValueSetB.xml", "dhis2/dataValueSetBNoHeader.csv", "dhis2/dataValues_bulk_e2e.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = importFile(t, db, filepath.Base(name), data, options(t, db))
		var nm *exchange.NeedMapping
		if !errors.As(err, &nm) || len(nm.Needs) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "sdmx", "csv20_NEGATIVE_ragged_action_col.csv"))
	_, _, err := importFile(t, db, "ragged.csv", data, options(t, db))
	if err == nil || !strings.Contains(err.Error(), "ragged.csv line 2: this row has 22 fields and the header 23") {
		t.Errorf("ragged: %v", err)
	}
}

// Any file through detection, a reader and the conversion: no panic, and
// every record it yields is a valid observation of a unit and indicator.
func FuzzOpenWith(f *testing.F) {
	f.Add("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,price,TIME_PERIOD,OBS_VALUE,OBS_STATUS,OBS_SOURCE\n" +
		"dataflow,PLANWATCH:DF_OBSERVATIONS(1.0.0),I,27,GRDP,current,2024,1.5,E,x\n" +
		"dataflow,PLANWATCH:DF_OBSERVATIONS(1.0.0),D,27,GRDP,_Z,2005-01-01/P15Y,-,,\n")
	f.Add(`{"idScheme":"CODE","dataValues":[{"dataElement":"GRDP","period":"202501B","orgUnit":"27","categoryOptionCombo":"price=current","value":"2","status":"A","source":""}]}`)
	f.Add("dataelement,period,orgunit\nx,2012W05,y\n")
	f.Add("\ufeff\"Title by Cities, provincies and Year\"\r\n\r\n\"Cities, provincies\";\"2015\";\"Prel. 2016\"\r\n\" WHOLE COUNTRY\";94.9;..\r\n\"B?c Ninh\";1;2\r\n")
	f.Add("\"Data Source\",\"World Development Indicators\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2015\",\n\"Vietnam\",\"VNM\",\"GDP\",\"X\",\"6.7\",\n")
	f.Add("Country Name,Country Code,Series Name,Series Code,2015 [YR2015]\nViet Nam,VNM,GDP,X,..\n")
	m, _ := record.ReadMapping("m.csv", strings.NewReader("field,value,unit,indicator,scale\n*,*,27,GRDP,0.1\n"))
	byName, _ := record.ReadMapping("n.csv", strings.NewReader("field,value,unit,indicator\n*,*,,POP\n"))
	units := []planwatch.Unit{{ID: 1, Code: "VN", NameVI: "Việt Nam", NameEN: "Viet Nam", Level: planwatch.LevelNation},
		{ID: 2, Code: "27", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "1997-01-01", ValidTo: "2025-07-01"},
		{ID: 3, Code: "24", NameVI: "Bắc Ninh", NameEN: "Bac Ninh", Level: planwatch.LevelProvince, ValidFrom: "2025-07-01"}}
	inds := []planwatch.Indicator{{Code: "POP"}, {Code: "GRDP"}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, opt := range []exchange.Options{{}, {Mapping: m}, {Mapping: byName, Units: units, Indicators: inds}} {
			b, _, err := exchange.OpenWith("fuzz", strings.NewReader(s), opt)
			if err != nil {
				continue
			}
			for _, stream := range b.Streams {
				stream(func(r planwatch.ObservationRecord) bool {
					if r.Unit == "" || r.Observation.Indicator == "" {
						t.Fatalf("no unit or indicator: %+v", r)
					}
					if err := r.Observation.Validate(); err != nil {
						t.Fatalf("%+v: %v", r, err)
					}
					return true
				})
			}
		}
	})
}

// A template's codes that a spreadsheet would run go out behind an
// apostrophe, and the mapping file reads them back exactly.
func TestTemplateFormulaCodes(t *testing.T) {
	codes := []string{`=HYPERLINK("http://x","y")`, "@SUM(A1)", "+1+1", "'quoted", "-x"}
	nm := &exchange.NeedMapping{}
	for _, c := range codes {
		nm.Needs = append(nm.Needs, exchange.Need{Field: "orgUnit", Value: c, Label: c, Role: "unit"})
	}
	var b bytes.Buffer
	if err := exchange.WriteMappingTemplate(&b, nm, nil, nil); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for _, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q starts a formula", c)
			}
		}
	}
	// Completed, the template maps each code.
	var filled bytes.Buffer
	cw := csv.NewWriter(&filled)
	for i, rec := range recs {
		if i > 0 {
			rec[2] = "24"
		}
		cw.Write(rec)
	}
	cw.Flush()
	m, err := record.ReadMapping("t.csv", &filled)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		res, _, err := m.Apply(&record.Point{Dims: []record.Field{{Name: "orgUnit", Value: c}}})
		if err != nil || res.Unit != "24" {
			t.Errorf("%q: %+v, %v", c, res, err)
		}
	}
}
