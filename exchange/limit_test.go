package exchange

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"planwatch"
	"planwatch/exchange/pxweb"
	"planwatch/exchange/record"
	"planwatch/exchange/worldbank"
)

// longReader is head, then n bytes repeating fill, then tail, made as it
// is read: a 50 MB line that the test itself does not hold.
type longReader struct {
	head, tail []byte
	fill       []byte
	n          int
}

func (l *longReader) Read(p []byte) (int, error) {
	if len(l.head) > 0 {
		k := copy(p, l.head)
		l.head = l.head[k:]
		return k, nil
	}
	if l.n > 0 {
		k := min(len(p), l.n)
		for i := 0; i < k; i++ {
			p[i] = l.fill[i%len(l.fill)]
		}
		// The next call goes on where this one stopped in the pattern.
		off := k % len(l.fill)
		l.fill = append(append([]byte{}, l.fill[off:]...), l.fill[:off]...)
		l.n -= k
		return k, nil
	}
	if len(l.tail) > 0 {
		k := copy(p, l.tail)
		l.tail = l.tail[k:]
		return k, nil
	}
	return 0, io.EOF
}

const fiftyMB = 50 << 20

// allocated runs f and returns the bytes it allocated on the heap.
// allocated is what f allocates. The count is the process's, so that a
// goroutine of another test adds to it: the least of three runs is taken.
func allocated(f func()) uint64 {
	least := ^uint64(0)
	for i := 0; i < 3; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	return least
}

// A line of 50 MB is refused after its first bounds' worth, with a short
// message naming the file and line, whichever reader meets it.
func TestLongLineRefused(t *testing.T) {
	const obsHead = "unit,indicator,period,value,dims,status,source,note\n24,GRDP,2025,1,,A,ok,\n"
	for _, c := range []struct {
		name string
		in   func() io.Reader
		read func(io.Reader) error
		want []string
	}{
		{"field", func() io.Reader {
			return &longReader{head: []byte(obsHead + "24,GRDP,2024,1,,A,"), fill: []byte("x"), n: fiftyMB, tail: []byte(",\n")}
		}, readAll, []string{"o.csv line 3: field longer than 64 KiB"}},
		{"quoted field, never closed", func() io.Reader {
			return &longReader{head: []byte(obsHead + "24,GRDP,2024,1,,A,\"source"), fill: []byte("line\n"), n: fiftyMB}
		}, readAll, []string{"o.csv line ", "field longer than 64 KiB (in quotes opened on line 3: is the closing quote missing?)"}},
		{"row of short fields", func() io.Reader {
			return &longReader{head: []byte(obsHead + "24,GRDP,2024,1,,A,"), fill: []byte("x,"), n: fiftyMB, tail: []byte("\n")}
		}, readAll, []string{"o.csv line 3: row of more than 4096 fields"}},
		{"row of long fields", func() io.Reader {
			return &longReader{head: []byte(obsHead + "24,GRDP,2024,1,,A,"), fill: []byte(strings.Repeat("x", 60<<10) + ","), n: fiftyMB, tail: []byte("\n")}
		}, readAll, []string{"o.csv line 3: row longer than 1 MiB"}},
		{"header", func() io.Reader {
			return &longReader{fill: []byte("unit"), n: fiftyMB}
		}, readAll, []string{"o.csv line 1: field longer than 64 KiB"}},
		{"streamed observations", func() io.Reader {
			return &longReader{head: []byte(obsHead + "24,GRDP,2024,1,,A,"), fill: []byte("x"), n: fiftyMB, tail: []byte(",\n")}
		}, streamAll, []string{"o.csv line 3: field longer than 64 KiB"}},
		{"administrative CSV", func() io.Reader {
			return &longReader{head: []byte("Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh\nHà Nội,01,"), fill: []byte("x"), n: fiftyMB, tail: []byte("\n")}
		}, streamAll, []string{"o.csv line 2: field longer than 64 KiB"}},
		{"administrative JSON", func() io.Reader {
			return &longReader{head: []byte(`[{"code": 1, "name": "`), fill: []byte("x"), n: 20 << 20, tail: []byte(`"}]`)}
		}, streamAll, []string{"o.csv: larger than 16 MiB"}},
		{"SDMX-CSV", func() io.Reader {
			return &longReader{head: []byte("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,TIME_PERIOD,OBS_VALUE\ndataflow,BIS:BIS_DER(1.0),I,A,2020,"), fill: []byte("1"), n: fiftyMB, tail: []byte("\n")}
		}, func(r io.Reader) error { return openAll("sdmx.csv", r) }, []string{"sdmx.csv: line 2: field longer than 64 KiB"}},
		{"SDMX-CSV with semicolons", func() io.Reader {
			return &longReader{head: []byte("STRUCTURE;STRUCTURE_ID;ACTION;FREQ;TIME_PERIOD;OBS_VALUE\ndataflow;BIS:BIS_DER(1.0);I;A;2020;"), fill: []byte("1;"), n: fiftyMB, tail: []byte("\n")}
		}, func(r io.Reader) error { return openAll("sdmx.csv", r) }, []string{"sdmx.csv: line 2: row of more than 4096 fields"}},
		{"DHIS2 CSV", func() io.Reader {
			return &longReader{head: []byte("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\nf7n9E0hX8qk,201201,"), fill: []byte("x"), n: fiftyMB, tail: []byte(",,,1\n")}
		}, func(r io.Reader) error { return openAll("dv.csv", r) }, []string{"dv.csv: line 2: field longer than 64 KiB"}},
		{"PX-Web", func() io.Reader {
			return &longReader{head: []byte("\ufeffTitle\n\n;2015;2016\nHa Noi;"), fill: []byte("1"), n: fiftyMB, tail: []byte(";2\n")}
		}, func(r io.Reader) error { return pxweb.Read("", r, func(*record.Point) bool { return true }) }, []string{"line 4: field longer than 64 KiB"}},
		{"World Bank", func() io.Reader {
			return &longReader{head: []byte("\"Data Source\",\"World Development Indicators\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2015\",\n\""), fill: []byte("V"), n: fiftyMB, tail: []byte("\"\n")}
		}, func(r io.Reader) error { return worldbank.ReadWDI("", r, func(*record.Point) bool { return true }) }, []string{"line 4: field longer than 64 KiB"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			alloc := allocated(func() { err = c.read(c.in()) })
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if len(msg) > 1024 {
				t.Fatalf("a %d-byte error: %.300s...", len(msg), msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			// The reader holds the bounds and its buffers, not the line;
			// an administrative JSON file is read whole up to its bound.
			limit := uint64(16 << 20)
			if c.name == "administrative JSON" {
				limit = 2 * MaxAdminFile
			}
			if alloc > limit {
				t.Errorf("allocated %d MB to refuse the line", alloc>>20)
			}
		})
	}
}

func readAll(r io.Reader) error {
	_, _, err := Read("o.csv", r)
	return err
}

// streamAll opens a file as an import does and consumes its records.
func streamAll(r io.Reader) error {
	b, _, err := Open("o.csv", r)
	if err != nil {
		return err
	}
	for _, s := range b.Streams {
		if err := s(func(planwatch.ObservationRecord) bool { return true }); err != nil {
			return err
		}
	}
	return nil
}

// openAll opens a file of any format as an import does and consumes it.
func openAll(name string, r io.Reader) error {
	b, _, err := OpenWith(name, r, Options{})
	if err != nil {
		return err
	}
	for _, s := range b.Streams {
		if err := s(func(planwatch.ObservationRecord) bool { return true }); err != nil {
			return err
		}
	}
	return nil
}

// A JSON or XML file of another system is read up to MaxDocument bytes:
// one of exactly that many reads whole.
func TestCappedReader(t *testing.T) {
	for _, c := range []struct {
		n  int
		ok bool
	}{{0, true}, {99, true}, {100, true}, {101, false}, {5000, false}} {
		out, err := io.ReadAll(newCappedReader("d.json", bytes.NewReader(make([]byte, c.n)), 100))
		if (err == nil) != c.ok {
			t.Errorf("%d bytes: %v", c.n, err)
		}
		if err != nil && (err.Error() != "d.json: larger than 100 bytes: split it into smaller files" || len(out) > 101) {
			t.Errorf("%d bytes: %d read, %v", c.n, len(out), err)
		}
	}
	if _, ok := bounded("d.json", "sdmx-json-2.0", nil).(*cappedReader); !ok {
		t.Error("SDMX-JSON is not capped")
	}
	if _, ok := bounded("d.xml", "dhis2-xml", nil).(*cappedReader); !ok {
		t.Error("DHIS2 XML is not capped")
	}
}

// A long bad value within the bounds is quoted by its first 80 characters.
func TestLongBadValueQuotedShort(t *testing.T) {
	long := strings.Repeat("9", 60<<10) + "x"
	code := strings.Repeat("C", 60<<10)
	for _, in := range []string{
		"unit,indicator,period,value\n24,GRDP,2025," + long + "\n",
		"unit,indicator,period,value\n24,GRDP," + long + ",1\n",
		"unit,indicator,period,value\n24@" + long + ",GRDP,2025,1\n",
		"unit,indicator,period,value\n" + code + ",GRDP,2025,1\n",
		"unit,indicator,period,value\n24," + code + ",2025,1\n",
		"unit,indicator,period,value,dims\n24,GRDP,2025,1,sector=" + code + "\n",
		"unit,indicator,period,value,dims\n24,GRDP,2025,1," + long + "\n",
		"unit,indicator,period,value,status\n24,GRDP,2025,1," + long + "\n",
		"plan,unit,indicator,period,kind,milestones\nP,24,GRDP,2025,at_least," + long + "\n",
		"code,measure_unit,type,aggregation\nX,%,rate," + long + "\n",
		"unit,indicator,period,value," + long + "\n",
		long + "\n",
	} {
		_, _, err := Read("o.csv", strings.NewReader(in))
		if err == nil {
			t.Errorf("%.60s...: no error", in)
			continue
		}
		if msg := err.Error(); len(msg) > 1024 {
			t.Errorf("a %d-byte error: %.300s...", len(msg), msg)
		}
	}
	// And in the other systems' formats.
	for _, in := range []string{
		"dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\nf7n9E0hX8qk," + long + ",DiszpKrYNg8,,,1\n",
		"STRUCTURE,STRUCTURE_ID,ACTION,FREQ,TIME_PERIOD,OBS_VALUE\ndataflow,BIS:BIS_DER(1.0)," + long + ",A,2020,1\n",
		`{"dataValues": [{"dataElement": "f7n9E0hX8qk", "period": "` + long + `", "orgUnit": "DiszpKrYNg8", "value": "1"}]}`,
	} {
		err := openAll("f", strings.NewReader(in))
		if err == nil {
			t.Errorf("%.60s...: no error", in)
			continue
		}
		if msg := err.Error(); len(msg) > 1024 {
			t.Errorf("a %d-byte error: %.300s...", len(msg), msg)
		}
	}
}

// shortQuotes shortens only the long quoted values of a message.
func TestShortQuotes(t *testing.T) {
	long := strings.Repeat("ắ", 200)
	for in, want := range map[string]string{
		`"2025Q5" is not a period`:                            `"2025Q5" is not a period`,
		`has a space or one of , ; = | @ "`:                   `has a space or one of , ; = | @ "`,
		`"` + long + `" is not a number (write 72497.5: a ")`: `"` + strings.Repeat("ắ", 80) + `"… (600 bytes) is not a number (write 72497.5: a ")`,
		`a "` + long + `" b "x"`:                              `a "` + strings.Repeat("ắ", 80) + `"… (600 bytes) b "x"`,
	} {
		if got := shortQuotes(in); got != want {
			t.Errorf("shortQuotes(%.40q) = %.200q, want %.200q", in, got, want)
		}
	}
}
