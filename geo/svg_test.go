package geo_test

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"planwatch"
	"planwatch/geo"
	"planwatch/locale"
)

// ColorBrewer's YlGnBu with five classes, lightest first.
var ylgnbu5 = []string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

type element struct {
	Name  string
	Attr  map[string]string
	Title string // the text of a <title> child
	Text  string
}

// parse reads an SVG as XML and lists its elements; it fails the test on
// anything that is not well-formed.
func parse(t *testing.T, svg string) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var out, stack []*element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			top.Text += string(tok)
			if top.Name == "title" && len(stack) > 1 {
				stack[len(stack)-2].Title += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].Name != "svg" || out[0].Attr["viewBox"] == "" {
		t.Fatalf("not an svg with a viewBox: %.80s", svg)
	}
	return out
}

func provincePaths(els []*element) map[string]*element {
	out := map[string]*element{}
	for _, e := range els {
		if e.Name == "path" && e.Attr["data-code"] != "" {
			out[e.Attr["data-code"]] = e
		}
	}
	return out
}

func texts(els []*element) []string {
	var out []string
	for _, e := range els {
		if e.Name == "text" {
			out = append(out, e.Text)
		}
	}
	return out
}

// Each province is in the class its value says and titled with its name
// and value; those without a value are hatched and say so; the legend
// gives the class bounds in the language's number format.
func TestChoroplethClasses(t *testing.T) {
	m := geo.Of(geo.After)
	codes := []string{"01", "04", "08", "11", "12", "14", "15", "19", "20", "24"}
	values := map[string]float64{}
	for i, c := range codes {
		values[c] = float64(i+1)*1000 + 0.5
	}
	for _, l := range []locale.Lang{locale.VI, locale.EN} {
		var b strings.Builder
		err := geo.Choropleth(&b, geo.Options{Era: geo.After, Values: values, Highlight: []string{"24"}, Title: "Thu ngân sách 2025", Unit: "tỷ đồng", Lang: l, ID: "t"})
		if err != nil {
			t.Fatal(err)
		}
		els := parse(t, b.String())
		paths := provincePaths(els)
		if len(paths) != 34 {
			t.Fatalf("%s: %d provinces drawn", l, len(paths))
		}
		for _, p := range m.Provinces {
			e := paths[p.Code]
			i := slices.Index(codes, p.Code)
			if i < 0 {
				none := map[locale.Lang]string{locale.VI: ": không có số liệu", locale.EN: ": no data"}[l]
				if e.Attr["fill"] != "url(#t-nodata)" || e.Attr["class"] != "geo-nodata" || e.Title != p.Name(l)+none {
					t.Errorf("%s: %s without data is drawn %v titled %q", l, p.Code, e.Attr, e.Title)
				}
				continue
			}
			// Ten values in five quantiles: two a class.
			if want := ylgnbu5[i/2]; e.Attr["fill"] != want || e.Attr["class"] != "geo-c"+string(rune('1'+i/2)) {
				t.Errorf("%s: %s (value %g) is %v, want %s", l, p.Code, values[p.Code], e.Attr, want)
			}
			if e.Attr["d"] != p.Path {
				t.Errorf("%s: %s is not drawn with its path", l, p.Code)
			}
		}
		bn := paths["24"].Title
		legend := strings.Join(texts(els), "\n")
		if l == locale.VI {
			if bn != "Bắc Ninh: 10.000,5 tỷ đồng" {
				t.Errorf("vi: Bắc Ninh's title is %q", bn)
			}
			for _, want := range []string{"9.000,5 – 10.000,5", "1.000,5 – 2.000,5", "Không có số liệu (24)", "Thu ngân sách 2025", "tỷ đồng", "Quần đảo Hoàng Sa", "Quần đảo Trường Sa"} {
				if !strings.Contains(legend, want) {
					t.Errorf("vi: the map's texts lack %q:\n%s", want, legend)
				}
			}
		} else {
			if bn != "Bac Ninh: 10,000.5 tỷ đồng" {
				t.Errorf("en: Bắc Ninh's title is %q", bn)
			}
			for _, want := range []string{"9,000.5 – 10,000.5", "1,000.5 – 2,000.5", "No data (24)", "Truong Sa Archipelago"} {
				if !strings.Contains(legend, want) {
					t.Errorf("en: the map's texts lack %q:\n%s", want, legend)
				}
			}
		}
		// The legend lists the classes highest first, and the hatching.
		if i, j := strings.Index(legend, "9"), strings.Index(legend, "1.000,5"); l == locale.VI && i > j {
			t.Errorf("vi: the legend is not highest first:\n%s", legend)
		}
		var hatch, outlined bool
		for _, e := range els {
			hatch = hatch || e.Name == "pattern" && e.Attr["id"] == "t-nodata"
			outlined = outlined || e.Name == "path" && e.Attr["d"] == paths["24"].Attr["d"] && e.Attr["stroke"] == "#1d2329"
		}
		if !hatch || !outlined {
			t.Errorf("%s: hatching pattern %v, Bắc Ninh outlined %v", l, hatch, outlined)
		}
	}
}

func TestChoroplethRefusesUnknownCodes(t *testing.T) {
	// 27 (the old Bắc Ninh) is not a province after the merger.
	err := geo.Choropleth(io.Discard, geo.Options{Era: geo.After, Values: map[string]float64{"27": 1, "24": 2}})
	if planwatch.ErrorCode(err) != planwatch.EINVALID || !strings.Contains(err.Error(), "27") {
		t.Errorf("values for 27 after the merger: %v", err)
	}
	err = geo.Choropleth(io.Discard, geo.Options{Era: geo.Before, Highlight: []string{"99"}})
	if planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("highlight 99: %v", err)
	}
	if err := geo.Locator(io.Discard, geo.LocatorOptions{Codes: []string{"00"}}); planwatch.ErrorCode(err) != planwatch.EINVALID {
		t.Errorf("locator of 00: %v", err)
	}
}

// A map without any data hatches every province and has no classes; NaN
// is no data, not zero.
func TestChoroplethWithoutData(t *testing.T) {
	var b strings.Builder
	if err := geo.Choropleth(&b, geo.Options{Era: geo.Before, Values: map[string]float64{"27": math.NaN()}, Lang: locale.EN}); err != nil {
		t.Fatal(err)
	}
	els := parse(t, b.String())
	for code, e := range provincePaths(els) {
		if e.Attr["class"] != "geo-nodata" {
			t.Errorf("%s is %v", code, e.Attr)
		}
	}
	if legend := strings.Join(texts(els), "\n"); !strings.Contains(legend, "No data (63)") {
		t.Errorf("legend:\n%s", legend)
	}
}

func TestLocator(t *testing.T) {
	var b strings.Builder
	if err := geo.Locator(&b, geo.LocatorOptions{Era: geo.Before, Codes: []string{"24", "27"}, Lang: locale.VI, Href: func(c string) string { return "/u/" + c }}); err != nil {
		t.Fatal(err)
	}
	els := parse(t, b.String())
	paths := provincePaths(els)
	if len(paths) != 63 {
		t.Fatalf("%d provinces", len(paths))
	}
	for code, e := range paths {
		want := "#d9dee3"
		if code == "24" || code == "27" {
			want = "#1b5e8c"
		}
		if e.Attr["fill"] != want {
			t.Errorf("%s is %s, want %s", code, e.Attr["fill"], want)
		}
	}
	if els[0].Attr["aria-label"] != "Bắc Giang, Bắc Ninh" {
		t.Errorf("label %q", els[0].Attr["aria-label"])
	}
	links := 0
	for _, e := range els {
		if e.Name == "a" && strings.HasPrefix(e.Attr["href"], "/u/") {
			links++
		}
	}
	if links != 63 {
		t.Errorf("%d links", links)
	}
	// Bắc Ninh and Bắc Giang together are large enough to see; the old
	// Bắc Ninh alone gets a ring around it, Gia Lai none.
	ring := func(codes ...string) bool {
		var b strings.Builder
		if err := geo.Locator(&b, geo.LocatorOptions{Era: geo.Before, Codes: codes}); err != nil {
			t.Fatal(err)
		}
		return strings.Contains(b.String(), `<circle class="geo-ring"`)
	}
	if ring("24", "27") || !ring("27") || ring("64") {
		t.Errorf("rings: 24+27 %v, 27 %v, 64 %v", ring("24", "27"), ring("27"), ring("64"))
	}
}

// A whole map is small enough to put inline in a page.
func TestMapSize(t *testing.T) {
	for _, era := range []geo.Era{geo.Before, geo.After} {
		values := map[string]float64{}
		for i, p := range geo.Of(era).Provinces {
			values[p.Code] = float64(i)
		}
		var b strings.Builder
		if err := geo.Choropleth(&b, geo.Options{Era: era, Values: values, Title: "GRDP"}); err != nil {
			t.Fatal(err)
		}
		if b.Len() > 60_000 {
			t.Errorf("era %d: the choropleth is %d bytes", era, b.Len())
		}
	}
}

func TestClassify(t *testing.T) {
	bounds := func(cs []geo.Class) [][3]float64 {
		var out [][3]float64
		for _, c := range cs {
			out = append(out, [3]float64{c.Low, c.High, float64(c.Count)})
		}
		return out
	}
	cases := []struct {
		name   string
		values []float64
		k      int
		m      geo.Method
		want   [][3]float64
	}{
		{"quantiles", []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5, geo.Quantiles, [][3]float64{{1, 2, 2}, {3, 4, 2}, {5, 6, 2}, {7, 8, 2}, {9, 10, 2}}},
		{"uneven quantiles", []float64{1, 2, 3, 4, 5, 6, 7}, 3, geo.Quantiles, [][3]float64{{1, 3, 3}, {4, 5, 2}, {6, 7, 2}}},
		{"ties stay together", []float64{1, 1, 1, 1, 1, 1, 2, 3}, 4, geo.Quantiles, [][3]float64{{1, 1, 6}, {2, 3, 2}}},
		{"fewer values than classes", []float64{5, 7, 5}, 5, geo.Quantiles, [][3]float64{{5, 5, 2}, {7, 7, 1}}},
		{"NaN left out", []float64{math.NaN(), 3, math.Inf(1)}, 5, geo.Quantiles, [][3]float64{{3, 3, 1}}},
		{"none", nil, 5, geo.Quantiles, nil},
		{"jenks finds the gaps", []float64{1, 2, 3, 10, 11, 12, 100}, 3, geo.Jenks, [][3]float64{{1, 3, 3}, {10, 12, 3}, {100, 100, 1}}},
		{"jenks keeps ties", []float64{1, 1, 1, 1, 2}, 3, geo.Jenks, [][3]float64{{1, 1, 4}, {2, 2, 1}}},
		{"an outlier against quantiles", []float64{1, 2, 3, 4, 1000}, 2, geo.Quantiles, [][3]float64{{1, 3, 3}, {4, 1000, 2}}},
		{"an outlier against jenks", []float64{1, 2, 3, 4, 1000}, 2, geo.Jenks, [][3]float64{{1, 4, 4}, {1000, 1000, 1}}},
	}
	for _, tc := range cases {
		cs := geo.Classify(tc.values, tc.k, tc.m)
		if got := bounds(cs); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
		for i, c := range cs {
			if geo.ClassOf(cs, c.Low) != i || geo.ClassOf(cs, c.High) != i {
				t.Errorf("%s: ClassOf puts class %d's bounds elsewhere", tc.name, i)
			}
		}
	}
	cs := geo.Classify([]float64{1, 2, 3, 4, 5}, 5, geo.Quantiles)
	var colours []string
	for _, x := range cs {
		colours = append(colours, x.Colour)
	}
	if !slices.Equal(colours, ylgnbu5) {
		t.Errorf("colours %v", colours)
	}
	if geo.ClassOf(cs, 0) != -1 || geo.ClassOf(cs, 2.5) != -1 || geo.ClassOf(cs, math.NaN()) != -1 {
		t.Error("ClassOf places values that were not classified")
	}
}
