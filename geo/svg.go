package geo

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"planwatch"
	"planwatch/locale"
)

// Options is what a choropleth shows.
type Options struct {
	Era Era
	// Map, when set, is drawn instead of the era's provinces: regions
	// made with Union, say.
	Map *Map
	// Values are the figures by province code. A province without one
	// is hatched: it has no data, which is not zero. NaN counts as none.
	Values map[string]float64
	// Classes is the number of colour classes (default 5, at most
	// MaxClasses); Method how they are cut (default Quantiles).
	Classes int
	Method  Method
	// Highlight are provinces outlined on top (the unit the page is
	// about, or its predecessors), drawn dark, never red.
	Highlight []string
	// Title heads the legend and labels the map: the indicator and
	// period. Unit is the measure unit, written after the values.
	Title, Unit string
	Lang        locale.Lang
	// Format writes a value in the legend and in the provinces' titles;
	// by default with the language's separators and the fewest decimals
	// that tell the class bounds apart.
	Format func(float64) string
	// Href, when set, links each province (to its page).
	Href func(code string) string
	// ID prefixes the ids inside the SVG (its hatching pattern), to keep
	// them unique when a page has several maps; default "geo".
	ID string
}

// Colours of the map: the page's own greys, and a dark outline for what is
// highlighted.
const (
	border    = "#ffffff"
	noData    = "#9aa3ab" // hatching and dots of provinces without data
	rest      = "#d9dee3" // provinces a locator does not point at
	located   = "#1b5e8c"
	outline   = "#1d2329"
	textColor = "#1d2329"
	muted     = "#5f6b76"
)

var words = map[locale.Lang]map[string]string{
	locale.VI: {"nodata": "Không có số liệu", "none": "không có số liệu", "map": "Bản đồ", "provinces": "tỉnh, thành phố"},
	locale.EN: {"nodata": "No data", "none": "no data", "map": "Map", "provinces": "provinces"},
}

func word(l locale.Lang, k string) string {
	if l != locale.EN {
		l = locale.VI
	}
	return words[l][k]
}

func lang(l locale.Lang) string {
	if l == locale.EN {
		return "en"
	}
	return "vi"
}

func esc(s string) string { return html.EscapeString(s) }

// checkCodes returns an error naming the codes that are not on the map.
func checkCodes(m *Map, what string, codes []string) error {
	var bad []string
	for _, c := range codes {
		if _, ok := m.Province(c); !ok {
			bad = append(bad, c)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	on := "on the map"
	switch m {
	case Of(Before):
		on = "provinces before " + Merger
	case Of(After):
		on = "provinces from " + Merger
	}
	return planwatch.Errorf(planwatch.EINVALID, "geo: %s for %s, which are not %s", what, strings.Join(bad, ", "), on)
}

// Choropleth writes an SVG map of the provinces coloured by their values
// in classes, with a legend of the class bounds, each province titled with
// its name and value for a pointer hovering over it.
func Choropleth(w io.Writer, o Options) error {
	m := o.Map
	if m == nil {
		m = Of(o.Era)
	}
	if err := checkCodes(m, "values", slices.Collect(keys(o.Values))); err != nil {
		return err
	}
	if err := checkCodes(m, "highlight", o.Highlight); err != nil {
		return err
	}
	var vals []float64
	for _, v := range o.Values {
		vals = append(vals, v)
	}
	k := o.Classes
	if k == 0 {
		k = 5
	}
	classes := Classify(vals, k, o.Method)
	format := o.Format
	if format == nil {
		format = autoFormat(classes, vals, o.Lang)
	}
	id := o.ID
	if id == "" {
		id = "geo"
	}
	withUnit := func(v float64) string {
		if o.Unit == "" {
			return format(v)
		}
		return format(v) + " " + o.Unit
	}

	var b strings.Builder
	label := o.Title
	if label == "" {
		label = word(o.Lang, "map")
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="geo-map" role="img" aria-label="%s" lang="%s">`, m.Width, m.Height, esc(label), lang(o.Lang))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(label))
	fmt.Fprintf(&b, `<defs><pattern id="%s-nodata" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="7" stroke="%s" stroke-width="2.5"/></pattern></defs>`, esc(id), noData)

	fill := map[string]string{}
	b.WriteString(`<g class="geo-provinces" stroke="` + border + `" stroke-width="0.7" stroke-linejoin="round" fill-rule="evenodd">`)
	for _, p := range m.Provinces {
		v, ok := o.Values[p.Code]
		ok = ok && !math.IsNaN(v)
		class, title := "geo-nodata", p.Name(o.Lang)+": "+word(o.Lang, "none")
		fill[p.Code] = "url(#" + esc(id) + "-nodata)"
		if ok {
			c := ClassOf(classes, v)
			fill[p.Code] = classes[c].Colour
			class = fmt.Sprintf("geo-c%d", c+1)
			title = p.Name(o.Lang) + ": " + withUnit(v)
		}
		open, close := link(o.Href, p.Code)
		fmt.Fprintf(&b, `%s<path d="%s" fill="%s" class="%s" data-code="%s"><title>%s</title></path>%s`, open, p.Path, fill[p.Code], class, esc(p.Code), esc(title), close)
	}
	b.WriteString(`</g>`)
	writeDots(&b, m, func(code string) string {
		if strings.HasPrefix(fill[code], "url(") {
			return noData
		}
		return fill[code]
	})
	writeHighlight(&b, m, o.Highlight)
	writeArchipelagos(&b, m, o.Lang)
	writeLegend(&b, m, o, classes, withUnit, id)
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func keys(m map[string]float64) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func link(href func(string) string, code string) (string, string) {
	if href == nil {
		return "", ""
	}
	u := href(code)
	if u == "" {
		return "", ""
	}
	return `<a href="` + esc(u) + `">`, `</a>`
}

// writeDots draws the islands too small for shapes as round dots in their
// province's colour.
func writeDots(b *strings.Builder, m *Map, colour func(string) string) {
	b.WriteString(`<g class="geo-islands" fill="none" stroke-linecap="round" stroke-width="3">`)
	for _, p := range m.Provinces {
		if p.Dots != "" {
			fmt.Fprintf(b, `<path d="%s" stroke="%s"/>`, p.Dots, colour(p.Code))
		}
	}
	b.WriteString(`</g>`)
}

// writeHighlight outlines provinces dark over a white halo, which shows on
// every class colour.
func writeHighlight(b *strings.Builder, m *Map, codes []string) {
	if len(codes) == 0 {
		return
	}
	b.WriteString(`<g class="geo-highlight" fill="none" stroke-linejoin="round" pointer-events="none">`)
	for _, c := range codes {
		p, _ := m.Province(c)
		fmt.Fprintf(b, `<path d="%s" stroke="#ffffff" stroke-width="5"/><path d="%s" stroke="%s" stroke-width="2.5"/>`, p.Path, p.Path, outline)
	}
	b.WriteString(`</g>`)
}

// writeArchipelagos names the island groups: below Hoàng Sa, above
// Trường Sa (which reaches the bottom of the map).
func writeArchipelagos(b *strings.Builder, m *Map, l locale.Lang) {
	b.WriteString(`<g class="geo-archipelagos" font-family="system-ui, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" font-size="18" fill="` + muted + `" text-anchor="middle" pointer-events="none">`)
	for _, a := range m.Archipelagos {
		x, _ := a.Box.Centre()
		y := a.Box[3] + 22
		if y > m.Height-4 {
			y = a.Box[1] - 10
		}
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`, x, y, esc(a.Name(l)))
	}
	b.WriteString(`</g>`)
}

// The legend sits in the sea north-east of the mainland, which the map's
// extent (out to the Trường Sa archipelago) leaves empty.
const (
	legendX    = 500
	legendY    = 40
	legendFont = 24
	legendLine = 34
)

func writeLegend(b *strings.Builder, m *Map, o Options, classes []Class, withUnit func(float64) string, id string) {
	x, y := legendX*m.Width/868, legendY
	fmt.Fprintf(b, `<g class="geo-legend" font-family="system-ui, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" font-size="%d" fill="%s">`, legendFont, textColor)
	for _, line := range wrap(o.Title, 22) {
		y += legendLine
		fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="600">%s</text>`, x, y, esc(line))
	}
	if o.Unit != "" {
		y += legendLine
		fmt.Fprintf(b, `<text x="%d" y="%d" fill="%s">%s</text>`, x, y, muted, esc(o.Unit))
	}
	y += legendLine / 3
	format := func(v float64) string { return strings.TrimSuffix(withUnit(v), " "+o.Unit) }
	for i := len(classes) - 1; i >= 0; i-- {
		c := classes[i]
		text := format(c.Low) + " – " + format(c.High)
		if format(c.Low) == format(c.High) {
			text = format(c.Low)
		}
		y += legendLine
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="34" height="26" fill="%s" stroke="%s" class="geo-c%d"/><text x="%d" y="%d">%s</text>`, x, y-21, c.Colour, muted, i+1, x+46, y, esc(text))
	}
	missing := len(m.Provinces)
	for _, p := range m.Provinces {
		if v, ok := o.Values[p.Code]; ok && !math.IsNaN(v) {
			missing--
		}
	}
	if missing > 0 {
		y += legendLine
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="34" height="26" fill="url(#%s-nodata)" stroke="%s" class="geo-nodata"/><text x="%d" y="%d">%s (%d)</text>`, x, y-21, esc(id), muted, x+46, y, esc(word(o.Lang, "nodata")), missing)
	}
	b.WriteString(`</g>`)
}

// wrap cuts a title into lines of about width characters, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// autoFormat writes values with the language's separators and the
// decimals the values have (at most two), more when that is needed to
// tell two class bounds apart.
func autoFormat(classes []Class, values []float64, l locale.Lang) func(float64) string {
	d := 0
	for _, v := range values {
		if s := strconv.FormatFloat(v, 'f', -1, 64); strings.Contains(s, ".") {
			d = max(d, min(2, len(s)-strings.IndexByte(s, '.')-1))
		}
	}
	var bounds []float64
	for _, c := range classes {
		bounds = append(bounds, c.Low, c.High)
	}
	for ; d < 4; d++ {
		distinct := true
		for i := 1; i < len(bounds); i++ {
			if bounds[i] != bounds[i-1] && locale.Fixed(bounds[i], d, l) == locale.Fixed(bounds[i-1], d, l) {
				distinct = false
			}
		}
		if distinct {
			break
		}
	}
	return func(v float64) string { return locale.Fixed(v, d, l) }
}

// smallProvince is the size (in map units) under which a locator rings
// a province: the old Bắc Ninh is 27 units across.
const smallProvince = 45

// LocatorOptions is what a locator shows.
type LocatorOptions struct {
	Era Era
	Map *Map // drawn instead of the era's provinces when set
	// Codes are the provinces filled (one, or the predecessors of a
	// province for a period before it existed); the rest are grey.
	Codes []string
	Lang  locale.Lang
	// Label names the map for screen readers; by default the provinces'
	// names.
	Label string
	Href  func(code string) string
}

// Locator writes a small SVG map that shows where provinces are in Viet
// Nam: them filled, the others grey, each titled with its name.
func Locator(w io.Writer, o LocatorOptions) error {
	m := o.Map
	if m == nil {
		m = Of(o.Era)
	}
	if err := checkCodes(m, "locator", o.Codes); err != nil {
		return err
	}
	on := map[string]bool{}
	var names []string
	for _, c := range o.Codes {
		on[c] = true
		p, _ := m.Province(c)
		names = append(names, p.Name(o.Lang))
	}
	label := o.Label
	if label == "" {
		label = strings.Join(names, ", ")
	}
	colour := func(code string) string {
		if on[code] {
			return located
		}
		return rest
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="geo-locator" role="img" aria-label="%s" lang="%s"><title>%s</title>`, m.Width, m.Height, esc(label), lang(o.Lang), esc(label))
	b.WriteString(`<g stroke="` + border + `" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">`)
	// The located provinces last, so that their outline is on top.
	ps := slices.Clone(m.Provinces)
	sort.SliceStable(ps, func(i, j int) bool { return !on[ps[i].Code] && on[ps[j].Code] })
	for _, p := range ps {
		open, close := link(o.Href, p.Code)
		fmt.Fprintf(&b, `%s<path d="%s" fill="%s" data-code="%s"><title>%s</title></path>%s`, open, p.Path, colour(p.Code), esc(p.Code), esc(p.Name(o.Lang)), close)
	}
	b.WriteString(`</g>`)
	writeDots(&b, m, colour)
	// A province a few pixels wide on a small map gets a ring around it.
	box := Box{math.MaxInt, math.MaxInt, math.MinInt, math.MinInt}
	for _, c := range o.Codes {
		p, _ := m.Province(c)
		box = Box{min(box[0], p.Box[0]), min(box[1], p.Box[1]), max(box[2], p.Box[2]), max(box[3], p.Box[3])}
	}
	if len(o.Codes) > 0 && box[2]-box[0] < smallProvince && box[3]-box[1] < smallProvince {
		x, y := box.Centre()
		fmt.Fprintf(&b, `<circle class="geo-ring" cx="%d" cy="%d" r="%d" fill="none" stroke="%s" stroke-width="5"/>`, x, y, smallProvince, located)
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}
