package geo_test

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"planwatch/geo"
	"planwatch/locale"
)

// chromium finds Debian's Chromium, or skips (fails when
// PLANWATCH_REQUIRE_BROWSER is set, as CI sets it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PLANWATCH_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH, and PLANWATCH_REQUIRE_BROWSER is set")
	}
	t.Skip("no chromium: install Debian's chromium (apt-get install chromium) to render the maps")
	return ""
}

// screenshot renders an SVG in headless Chromium at one pixel a map unit
// and decodes the picture.
func screenshot(t *testing.T, bin, svg, name string, w, h int) image.Image {
	t.Helper()
	dir := os.Getenv("PLANWATCH_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), name+".svg")
	if err := os.WriteFile(src, []byte(svg), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "geo-"+name+".png")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir="+t.TempDir(),
		"--force-device-scale-factor=1", "--window-size="+strconv.Itoa(w)+","+strconv.Itoa(h), "--screenshot="+shot, "file://"+src)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, msg)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("screenshot is %v, want %d x %d", b, w, h)
	}
	return img
}

// inside finds a stretch of a scan line through the middle of a shape
// that lies inside it (even-odd), the widest, and returns its middle and
// width.
func inside(rs [][][2]int, y float64) (x, width float64) {
	var xs []float64
	for _, r := range rs {
		for k := range r {
			p, q := r[k], r[(k+1)%len(r)]
			y0, y1 := float64(p[1]), float64(q[1])
			if (y0 <= y) != (y1 <= y) {
				xs = append(xs, float64(p[0])+(y-y0)/(y1-y0)*float64(q[0]-p[0]))
			}
		}
	}
	slices.Sort(xs)
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			x, width = (xs[i]+xs[i+1])/2, w
		}
	}
	return x, width
}

func hex(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	return "#" + strconv.FormatUint(uint64(r>>8)<<16|uint64(g>>8)<<8|uint64(b>>8)|1<<24, 16)[1:]
}

func near(a, b string) bool {
	pa, _ := strconv.ParseUint(a[1:], 16, 32)
	pb, _ := strconv.ParseUint(b[1:], 16, 32)
	for s := 0; s <= 16; s += 8 {
		d := int(pa>>s&0xff) - int(pb>>s&0xff)
		if d < -6 || d > 6 {
			return false
		}
	}
	return true
}

// grey says a colour is a grey darker than the paper: the hatching's
// lines, blended at their edges.
func grey(c string) bool {
	v, _ := strconv.ParseUint(c[1:], 16, 32)
	r, g, b := int(v>>16&0xff), int(v>>8&0xff), int(v&0xff)
	return max(r, g, b) < 0xd8 && max(r, g, b)-min(r, g, b) < 40
}

// The maps as a browser draws them: each province with a value shows its
// class's colour inside it, each without one shows the hatching (white
// and grey), and the merged provinces show no border inside.
func TestRenderedMaps(t *testing.T) {
	bin := chromium(t)
	for _, era := range []geo.Era{geo.Before, geo.After} {
		m := geo.Of(era)
		values := map[string]float64{}
		for i, p := range m.Provinces {
			if i%4 != 1 {
				values[p.Code] = float64(i) * 12.5
			}
		}
		lang, name, title := locale.VI, "choropleth-63-vi", "Giá trị thử 2024"
		if era == geo.After {
			lang, name, title = locale.EN, "choropleth-34-en", "A test figure 2025"
		}
		var b strings.Builder
		if err := geo.Choropleth(&b, geo.Options{Era: era, Values: values, Title: title, Unit: "%", Lang: lang}); err != nil {
			t.Fatal(err)
		}
		img := screenshot(t, bin, b.String(), name, m.Width, m.Height)
		var vals []float64
		for _, v := range values {
			vals = append(vals, v)
		}
		classes := geo.Classify(vals, 5, geo.Quantiles)
		checked := 0
		for _, p := range m.Provinces {
			rs := rings(t, p.Path)
			_, cy := p.Box.Centre()
			y := float64(cy) + 0.5
			x, w := inside(rs, y)
			if w < 8 {
				continue // too narrow to sample clear of the border
			}
			checked++
			v, ok := values[p.Code]
			if ok {
				want := classes[geo.ClassOf(classes, v)].Colour
				if got := hex(img, int(x), int(y)); !near(got, want) {
					t.Errorf("%s: %s (%g) shows %s at %d,%d; its class is %s", name, p.NameVI, v, got, int(x), int(y), want)
				}
				continue
			}
			seen := map[string]bool{}
			for dx := -3.0; dx <= 3; dx++ {
				for dy := -3; dy <= 3; dy++ {
					c := hex(img, int(x+dx), int(y)+dy)
					seen["white"] = seen["white"] || near(c, "#ffffff")
					seen["grey"] = seen["grey"] || grey(c)
					for _, cl := range classes {
						if near(c, cl.Colour) {
							t.Errorf("%s: %s without data shows a class colour %s", name, p.NameVI, c)
						}
					}
				}
			}
			if !seen["white"] || !seen["grey"] {
				t.Errorf("%s: %s without data is not hatched at %d,%d: %v", name, p.NameVI, int(x), int(y), seen)
			}
		}
		if checked < len(m.Provinces)*3/4 {
			t.Errorf("%s: only %d of %d provinces wide enough to check", name, checked, len(m.Provinces))
		}
	}

	// Inside the merged Bắc Ninh (24 = old 24 + 27) the border between the
	// two is not drawn: along it the locator shows the fill, not white.
	m := geo.Of(geo.After)
	var b strings.Builder
	if err := geo.Locator(&b, geo.LocatorOptions{Era: geo.After, Codes: []string{"24"}, Lang: locale.VI}); err != nil {
		t.Fatal(err)
	}
	img := screenshot(t, bin, b.String(), "locator-24", m.Width, m.Height)
	old27, _ := geo.Of(geo.Before).Province("27")
	old24, _ := geo.Of(geo.Before).Province("24")
	shared := segments(rings(t, old27.Path))
	onBorder, white := 0, 0
	for s := range segments(rings(t, old24.Path)) {
		if shared[s] == 0 {
			continue
		}
		// the middle of a segment of the old border
		x, y := (s[0]+s[2])/2, (s[1]+s[3])/2
		onBorder++
		if c := hex(img, x, y); !near(c, "#1b5e8c") {
			white++
		}
	}
	if onBorder < 5 || white > onBorder/10 {
		t.Errorf("of %d points on the old border of Bắc Ninh and Bắc Giang, %d are not the fill", onBorder, white)
	}
}
