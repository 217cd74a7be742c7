package sdmx

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange/record"
)

// reference returns the path of a reference file, skipping the test when
// the shared folder is absent (unless PLANWATCH_REQUIRE_SHARED is set).
func reference(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "reference", "sdmx", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("PLANWATCH_REQUIRE_SHARED") != "" {
			t.Fatalf("%s is missing: %v", p, err)
		}
		t.Skip("../shared/reference is absent; set PLANWATCH_REQUIRE_SHARED=1 to fail instead")
	}
	return p
}

// inspect reads a file through its detected format and reports.
func inspect(t *testing.T, path string) record.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f *record.Format
	for i := range Formats {
		if Formats[i].Detect(data[:min(len(data), 4096)]) {
			f = &Formats[i]
			break
		}
	}
	if f == nil {
		t.Fatalf("%s: no SDMX format recognises it", path)
	}
	in := record.NewInspector(f.Name)
	r, _ := os.Open(path)
	defer r.Close()
	if err := f.Read(filepath.Base(path), r, func(p *record.Point) bool { in.Add(p); return true }); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return in.Report()
}

// expected is what a test computes from a raw file.
type expected struct {
	format               string
	observations, missed int
	series               map[string]bool
	first, last          string
	values               map[string]map[string]bool
}

func newExpected(format string) *expected {
	return &expected{format: format, series: map[string]bool{}, values: map[string]map[string]bool{}}
}

func (e *expected) value(col, v string) {
	if v == "" {
		return
	}
	if e.values[col] == nil {
		e.values[col] = map[string]bool{}
	}
	e.values[col][v] = true
}

func (e *expected) period(p string) {
	if p == "" {
		return
	}
	if e.first == "" || p < e.first {
		e.first = p
	}
	if e.last == "" || p > e.last {
		e.last = p
	}
}

func (e *expected) check(t *testing.T, name string, r record.Report) {
	t.Helper()
	if r.Format != e.format || r.Observations != e.observations || r.Missing != e.missed || r.Series != len(e.series) {
		t.Errorf("%s: format %s, %d observations, %d missing, %d series; the file has %s, %d, %d, %d",
			name, r.Format, r.Observations, r.Missing, r.Series, e.format, e.observations, e.missed, len(e.series))
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	if str(r.Periods.First) != e.first || str(r.Periods.Last) != e.last {
		t.Errorf("%s: periods %s to %s, the file %s to %s", name, str(r.Periods.First), str(r.Periods.Last), e.first, e.last)
	}
	for col, set := range e.values {
		got, ok := r.Dimensions[col]
		if !ok {
			t.Errorf("%s: column %s is not reported", name, col)
			continue
		}
		want := slices.Sorted(func(yield func(string) bool) {
			for v := range set {
				if !yield(v) {
					return
				}
			}
		})
		if len(want) > record.MaxShown {
			want = want[:record.MaxShown]
		}
		if got.Count != len(set) || !slices.Equal(got.Values, want) {
			t.Errorf("%s: %s has %d values %v; the file %d %v", name, col, got.Count, got.Values, len(set), want)
		}
	}
	for col := range r.Dimensions {
		if _, ok := e.values[col]; !ok {
			t.Errorf("%s: reports %s, which the file does not have with a value", name, col)
		}
	}
}

// The SDMX-CSV reference files, with what their data structures say (and
// the file does not): which columns are attributes. The rest of the
// expectation is computed from the file with encoding/csv.
func TestReferenceCSV(t *testing.T) {
	bis := []string{"AVAILABILITY", "COLLECTION", "OBS_STATUS", "OBS_CONF"}
	for _, tc := range []struct {
		file    string
		format  string
		attrs   []string
		measure string
	}{
		{"csv10_bis_der_data_v1.csv", CSV10, bis, "OBS_VALUE"},
		{"csv20_bis_der_no_action.csv", CSV20, bis, "OBS_VALUE"},
		{"csv20_keys_both.csv", CSV20, []string{"ATT1", "ATT2"}, "OBS_VALUE"},
		{"csv20_labels_name.csv", CSV20, []string{"ATT1", "ATT2"}, "OBS_VALUE"},
		{"csv20_partial_keys.csv", CSV20, []string{"ATT1", "ATT2"}, "OBS_VALUE"},
		{"csv20_three_actions.csv", CSV20, nil, "Me_1"},
	} {
		path := reference(t, tc.file)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		header := rows[0]
		col := func(name string) int { return slices.Index(header, name) }
		// Component columns: IDs (a labels=name file's name columns have
		// spaces), not the keys or the structure's name.
		want := newExpected(tc.format)
		var dims []int
		for i, h := range header {
			switch {
			case strings.Contains(h, " ") || h == "SERIES_KEY" || h == "OBS_KEY" || h == "STRUCTURE_NAME" || h == tc.measure:
			case h == "STRUCTURE" || h == "STRUCTURE_ID" || h == "DATAFLOW" || h == "ACTION" || h == "TIME_PERIOD" || slices.Contains(tc.attrs, h):
			default:
				dims = append(dims, i)
			}
		}
		for _, row := range rows[1:] {
			for i, h := range header {
				if !strings.Contains(h, " ") && h != "SERIES_KEY" && h != "OBS_KEY" && h != "STRUCTURE_NAME" && h != tc.measure {
					name := h
					if i == 0 && tc.format == CSV20 {
						name = "STRUCTURE"
					}
					want.value(name, row[i])
				}
			}
			v := row[col(tc.measure)]
			status := ""
			if i := col("OBS_STATUS"); i >= 0 {
				status = row[i]
			}
			switch {
			case v != "":
				want.observations++
			case status == "M":
				want.missed++
			default:
				continue
			}
			var key []string
			for _, i := range dims {
				key = append(key, row[i])
			}
			want.series[strings.Join(key, "|")] = true
			if i := col("TIME_PERIOD"); i >= 0 {
				want.period(row[i])
			}
		}
		want.check(t, tc.file, inspect(t, path))
	}
}

// The malformed file (23 header columns, 22 in the rows) is rejected,
// naming each line.
func TestRaggedFileRejected(t *testing.T) {
	path := reference(t, "csv20_NEGATIVE_ragged_action_col.csv")
	f, _ := os.Open(path)
	defer f.Close()
	n := 0
	err := ReadCSV("ragged.csv", f, func(*record.Point) bool { n++; return true })
	var list planwatch.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("err = %v", err)
	}
	var fe *planwatch.FieldError
	if !errors.As(list[0], &fe) || fe.Line != 2 || !strings.Contains(fe.Msg, "22 fields and the header 23") {
		t.Errorf("first error: %v", list[0])
	}
	if len(list) != 20 || n != 0 {
		t.Errorf("%d errors for the 20 rows, %d points read", len(list), n)
	}
}

// The SDMX-JSON reference files, counted with encoding/json from the
// messages' own structure.
func TestReferenceJSON(t *testing.T) {
	for _, tc := range []struct{ file, format string }{
		{"json10_ecb_exr_ts.json", JSON10},
		{"json20_ecb_exr_time_series.json", JSON20},
	} {
		path := reference(t, tc.file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var msg map[string]any
		if err := json.Unmarshal(data, &msg); err != nil {
			t.Fatal(err)
		}
		var st, ds map[string]any
		if s, ok := msg["structure"].(map[string]any); ok {
			st, ds = s, msg["dataSets"].([]any)[0].(map[string]any)
		} else {
			d := msg["data"].(map[string]any)
			st, ds = d["structures"].([]any)[0].(map[string]any), d["dataSets"].([]any)[0].(map[string]any)
		}
		comps := func(kind, level string) []map[string]any {
			var out []map[string]any
			for _, c := range st[kind].(map[string]any)[level].([]any) {
				out = append(out, c.(map[string]any))
			}
			return out
		}
		valueOf := func(c map[string]any, i int) string {
			v := c["values"].([]any)[i].(map[string]any)
			for _, k := range []string{"id", "value", "name"} {
				if s, ok := v[k].(string); ok {
					return s
				}
			}
			return ""
		}
		want := newExpected(tc.format)
		for _, c := range comps("dimensions", "dataSet") {
			want.value(c["id"].(string), valueOf(c, 0))
		}
		for _, c := range comps("attributes", "dataSet") {
			want.value(c["id"].(string), valueOf(c, 0))
		}
		seriesDims, obsDims := comps("dimensions", "series"), comps("dimensions", "observation")
		seriesAttrs, obsAttrs := comps("attributes", "series"), comps("attributes", "observation")
		for key, s := range ds["series"].(map[string]any) {
			s := s.(map[string]any)
			for i, part := range strings.Split(key, ":") {
				n, _ := strconv.Atoi(part)
				want.value(seriesDims[i]["id"].(string), valueOf(seriesDims[i], n))
			}
			for i, a := range s["attributes"].([]any) {
				want.value(seriesAttrs[i]["id"].(string), valueOf(seriesAttrs[i], int(a.(float64))))
			}
			counted := false
			for okey, o := range s["observations"].(map[string]any) {
				o := o.([]any)
				n, _ := strconv.Atoi(okey)
				p := valueOf(obsDims[0], n)
				want.value(obsDims[0]["id"].(string), p)
				if o[0] == nil {
					want.missed++
				} else {
					want.observations++
				}
				for i := range obsAttrs {
					if 1+i < len(o) && o[1+i] != nil {
						want.value(obsAttrs[i]["id"].(string), valueOf(obsAttrs[i], int(o[1+i].(float64))))
					}
				}
				want.period(p)
				counted = true
			}
			if counted {
				want.series[key] = true
			}
		}
		want.check(t, tc.file, inspect(t, path))
	}
}
