// Package raster draws the SVG charts of package chart as PNG, in pure
// Go, for documents that cannot hold SVG (a DOCX report). It reads the
// SVG that package chart writes (lines, polylines, rectangles, circles,
// the target's diamond path, text) and styles it by class as the pages'
// style sheet does; any other SVG is refused rather than drawn wrong.
// Shapes are filled with golang.org/x/image/vector's anti-aliasing
// rasteriser; text is set in Liberation Sans, which has every Vietnamese
// letter and is metric-compatible with Arial.
package raster

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// style is how a class draws: fill and stroke colours (nil: none), the
// stroke's width and dashes, opacity, and the size of text.
type style struct {
	fill, stroke color.Color
	width        float64
	dash         []float64
	opacity      float64
	fontSize     float64
}

func rgb(s string) color.Color {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// classes are the chart classes of the web's style sheet
// (web/static/style.css), which the report's follows.
var classes = map[string]style{
	"chart":      {},
	"grid":       {stroke: rgb("#e3e7eb"), width: 1},
	"axis":       {fill: rgb("#5f6b76"), fontSize: 12},
	"legend":     {fill: rgb("#1d2329"), fontSize: 12},
	"val":        {fill: rgb("#1d2329"), fontSize: 11},
	"series":     {stroke: rgb("#1b5e8c"), width: 2},
	"projection": {stroke: rgb("#1b5e8c"), width: 1.5, dash: []float64{5, 4}},
	"dot":        {fill: rgb("#1b5e8c")},
	"est":        {fill: rgb("#ffffff"), stroke: rgb("#1b5e8c"), width: 1.5},
	"imp":        {fill: rgb("#ffffff"), stroke: rgb("#1b5e8c"), width: 1.5},
	"rb":         {fill: rgb("#ffffff"), stroke: rgb("#1b5e8c"), width: 1.5},
	"brk":        {stroke: rgb("#5f6b76"), width: 1.5, dash: []float64{3, 3}},
	"brk-hit":    {},
	"target":     {fill: rgb("#7a3e9d")},
	"band":       {fill: rgb("#7a3e9d"), opacity: 0.45},
	"plan":       {fill: rgb("#b35c00")},
	"milestone":  {fill: rgb("#c98a00")},
	"bar":        {fill: rgb("#8fb3cf")},
	"hl":         {fill: rgb("#173b57")},
	"part0":      {fill: rgb("#4e79a7")},
	"part1":      {fill: rgb("#f28e2b")},
	"part2":      {fill: rgb("#59a14f")},
	"part3":      {fill: rgb("#b07aa1")},
	"part4":      {fill: rgb("#76b7b2")},
	"part5":      {fill: rgb("#edc948")},
	"part":       {},
	"spark":      {},
}

// styleOf merges the styles of an element's classes, later ones over
// earlier ones.
func styleOf(class string) (style, error) {
	st := style{opacity: 1}
	for _, c := range strings.Fields(class) {
		s, ok := classes[c]
		if !ok {
			return st, fmt.Errorf("raster: unknown class %q", c)
		}
		if s.fill != nil {
			st.fill = s.fill
		}
		if s.stroke != nil {
			st.stroke, st.width, st.dash = s.stroke, s.width, s.dash
		}
		if s.opacity != 0 {
			st.opacity = s.opacity
		}
		if s.fontSize != 0 {
			st.fontSize = s.fontSize
		}
	}
	return st, nil
}

var (
	fontOnce sync.Once
	sfnt     *opentype.Font
	fontErr  error
)

func face(size float64) (font.Face, error) {
	fontOnce.Do(func() { sfnt, fontErr = opentype.Parse(liberationsansregular.TTF) })
	if fontErr != nil {
		return nil, fontErr
	}
	return opentype.NewFace(sfnt, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// canvas draws in SVG units scaled to pixels.
type canvas struct {
	img   *image.RGBA
	scale float64
}

// PNG draws an SVG chart at scale pixels per SVG unit.
func PNG(svg string, scale float64) ([]byte, error) {
	img, err := Draw(svg, scale)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Draw draws an SVG chart on a white image.
func Draw(svg string, scale float64) (*image.RGBA, error) {
	dec := xml.NewDecoder(strings.NewReader(svg))
	var c *canvas
	type textEl struct {
		x, y   float64
		anchor string
		st     style
		buf    strings.Builder
	}
	var text *textEl
	depth := 0
	inTitle := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("raster: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			a := map[string]string{}
			for _, at := range t.Attr {
				a[at.Name.Local] = at.Value
			}
			if c == nil {
				if t.Name.Local != "svg" {
					return nil, fmt.Errorf("raster: not an SVG document")
				}
				vb := nums(a["viewBox"])
				// A chart is at most 4,096 pixels a side and 4 million in all.
				if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 || vb[2]*scale > 4096 || vb[3]*scale > 4096 || vb[2]*vb[3]*scale*scale > 4<<20 {
					return nil, fmt.Errorf("raster: viewBox %q is not a chart's", a["viewBox"])
				}
				c = &canvas{img: image.NewRGBA(image.Rect(0, 0, int(math.Ceil(vb[2]*scale)), int(math.Ceil(vb[3]*scale)))), scale: scale}
				draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
				continue
			}
			if t.Name.Local == "title" {
				inTitle++
				continue
			}
			st, err := styleOf(a["class"])
			if err != nil {
				return nil, err
			}
			switch t.Name.Local {
			case "line":
				c.stroke([][2]float64{{num(a["x1"]), num(a["y1"])}, {num(a["x2"]), num(a["y2"])}}, st, false)
			case "polyline":
				pts := nums(a["points"])
				var ps [][2]float64
				for i := 0; i+1 < len(pts); i += 2 {
					ps = append(ps, [2]float64{pts[i], pts[i+1]})
				}
				c.stroke(ps, st, false)
			case "rect":
				x, y, w, h := num(a["x"]), num(a["y"]), num(a["width"]), num(a["height"])
				c.shape([][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}, st)
			case "circle":
				cx, cy, r := num(a["cx"]), num(a["cy"]), num(a["r"])
				var ps [][2]float64
				for i := 0; i < 48; i++ {
					th := 2 * math.Pi * float64(i) / 48
					ps = append(ps, [2]float64{cx + r*math.Cos(th), cy + r*math.Sin(th)})
				}
				c.shape(ps, st)
			case "path":
				ps, err := path(a["d"])
				if err != nil {
					return nil, err
				}
				c.shape(ps, st)
			case "text":
				text = &textEl{x: num(a["x"]), y: num(a["y"]), anchor: a["text-anchor"], st: st}
			default:
				return nil, fmt.Errorf("raster: cannot draw <%s>", t.Name.Local)
			}
		case xml.CharData:
			if text != nil && inTitle == 0 {
				text.buf.Write(t)
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "title":
				inTitle--
			case "text":
				if text != nil {
					if err := c.text(text.buf.String(), text.x, text.y, text.anchor, text.st); err != nil {
						return nil, err
					}
					text = nil
				}
			}
		}
	}
	if c == nil {
		return nil, fmt.Errorf("raster: no SVG")
	}
	return c.img, nil
}

// num reads a coordinate; what is not a finite number of a sensible size
// is 0, so that no shape can ask for endless work.
func num(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e5 {
		return 0
	}
	return v
}

func nums(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		v, err := strconv.ParseFloat(f, 64)
		if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e5 {
			out = append(out, v)
		}
	}
	return out
}

// path reads the path data package chart writes: an absolute move, then
// relative lines, closed.
func path(d string) ([][2]float64, error) {
	var ps [][2]float64
	f := strings.Fields(strings.NewReplacer("M", " M ", "l", " l ", "z", " z ", "L", " L ").Replace(d))
	var x, y float64
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case "M", "L", "l":
			if i+2 >= len(f) {
				return nil, fmt.Errorf("raster: path %q", d)
			}
			dx, dy := num(f[i+1]), num(f[i+2])
			if f[i] == "l" {
				x, y = x+dx, y+dy
			} else {
				x, y = dx, dy
			}
			ps = append(ps, [2]float64{x, y})
			i += 2
		case "z":
		default:
			// "l7 -7 l7 7": further pairs after one command.
			if i+1 >= len(f) {
				return nil, fmt.Errorf("raster: path %q", d)
			}
			x, y = x+num(f[i]), y+num(f[i+1])
			ps = append(ps, [2]float64{x, y})
			i++
		}
	}
	return ps, nil
}

// fill fills polygons (in pixels) with a colour at an opacity. The
// rasteriser covers only their bounding box: one the size of the image
// for each piece of a stroke would take seconds.
func (c *canvas) fill(polys [][][2]float64, col color.Color, opacity float64) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range polys {
		for _, q := range p {
			x0, y0, x1, y1 = math.Min(x0, q[0]), math.Min(y0, q[1]), math.Max(x1, q[0]), math.Max(y1, q[1])
		}
	}
	box := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1).Intersect(c.img.Bounds())
	if box.Empty() {
		return
	}
	r := vector.NewRasterizer(box.Dx(), box.Dy())
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	// Far outside the box a coordinate only costs the rasteriser time.
	lim := float64(max(box.Dx(), box.Dy())) * 4
	clamp := func(v float64) float32 { return float32(math.Max(-lim, math.Min(lim, v))) }
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		r.MoveTo(clamp(p[0][0]-ox), clamp(p[0][1]-oy))
		for _, q := range p[1:] {
			r.LineTo(clamp(q[0]-ox), clamp(q[1]-oy))
		}
		r.ClosePath()
	}
	cr, cg, cb, _ := col.RGBA()
	src := image.NewUniform(color.NRGBA64{uint16(cr), uint16(cg), uint16(cb), uint16(opacity * 0xffff)})
	r.Draw(c.img, box, src, image.Point{})
}

func (c *canvas) px(ps [][2]float64) [][2]float64 {
	out := make([][2]float64, len(ps))
	for i, p := range ps {
		out[i] = [2]float64{p[0] * c.scale, p[1] * c.scale}
	}
	return out
}

// shape fills a closed shape and strokes its outline.
func (c *canvas) shape(ps [][2]float64, st style) {
	if st.fill != nil {
		c.fill([][][2]float64{c.px(ps)}, st.fill, st.opacity)
	}
	if st.stroke != nil {
		c.stroke(ps, st, true)
	}
}

// stroke draws a line through points (in SVG units) at the style's width
// and dashes, with round joins.
func (c *canvas) stroke(ps [][2]float64, st style, closed bool) {
	if st.stroke == nil || len(ps) < 2 {
		return
	}
	if closed {
		ps = append(ps, ps[0])
	}
	w := st.width * c.scale / 2
	if w < 0.5 {
		w = 0.5
	}
	var polys [][][2]float64
	segment := func(a, b [2]float64) {
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			return
		}
		nx, ny := -dy/l*w, dx/l*w
		polys = append(polys, [][2]float64{{a[0] + nx, a[1] + ny}, {b[0] + nx, b[1] + ny}, {b[0] - nx, b[1] - ny}, {a[0] - nx, a[1] - ny}})
	}
	dot := func(p [2]float64) {
		var circle [][2]float64
		for i := 0; i < 16; i++ {
			th := 2 * math.Pi * float64(i) / 16
			circle = append(circle, [2]float64{p[0] + w*math.Cos(th), p[1] + w*math.Sin(th)})
		}
		polys = append(polys, circle)
	}
	pp := c.px(ps)
	if len(st.dash) == 0 {
		for i := 1; i < len(pp); i++ {
			segment(pp[i-1], pp[i])
			if i > 1 {
				dot(pp[i-1])
			}
		}
	} else {
		on, idx, left := true, 0, st.dash[0]*c.scale
		for i := 1; i < len(pp); i++ {
			a, b := pp[i-1], pp[i]
			l := math.Hypot(b[0]-a[0], b[1]-a[1])
			for pos := 0.0; pos < l; {
				step := math.Min(left, l-pos)
				p0 := [2]float64{a[0] + (b[0]-a[0])*pos/l, a[1] + (b[1]-a[1])*pos/l}
				p1 := [2]float64{a[0] + (b[0]-a[0])*(pos+step)/l, a[1] + (b[1]-a[1])*(pos+step)/l}
				if on {
					segment(p0, p1)
				}
				pos += step
				if left -= step; left <= 1e-9 {
					on, idx = !on, (idx+1)%len(st.dash)
					left = st.dash[idx] * c.scale
				}
			}
		}
	}
	// Each piece on its own, so that overlaps do not cancel.
	for _, p := range polys {
		c.fill([][][2]float64{p}, st.stroke, st.opacity)
	}
}

// text sets a label at its baseline, anchored at its start, middle or
// end.
func (c *canvas) text(s string, x, y float64, anchor string, st style) error {
	size := st.fontSize
	if size == 0 {
		size = 11
	}
	f, err := face(size * c.scale)
	if err != nil {
		return err
	}
	defer f.Close()
	col := st.fill
	if col == nil {
		col = color.Black
	}
	d := &font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: f}
	w := float64(d.MeasureString(s)) / 64
	px := x * c.scale
	switch anchor {
	case "middle":
		px -= w / 2
	case "end":
		px -= w
	}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(px * 64), Y: fixed.Int26_6(y * c.scale * 64)}
	d.DrawString(s)
	return nil
}
