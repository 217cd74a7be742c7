package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/exchange/dhis2"
	"planwatch/exchange/pxweb"
	"planwatch/exchange/record"
	"planwatch/exchange/sdmx"
	"planwatch/exchange/worldbank"
	"planwatch/exchange/xlsx"
	"planwatch/period"
)

// Canonical is the name of planwatch's own CSV format.
const Canonical = "canonical"

// outside are the formats read through records, in the order detection
// tries them. A new format adds its record.Format here.
var outside = slices.Concat(sdmx.Formats, dhis2.Formats, worldbank.Formats, pxweb.Formats)

// FormatNames lists the formats import and inspect read.
func FormatNames() []string {
	names := []string{Canonical, xlsx.Name}
	for _, f := range outside {
		names = append(names, f.Name)
	}
	return names
}

func formatByName(name string) (record.Format, bool) {
	for _, f := range outside {
		if f.Name == name {
			return f, true
		}
	}
	return record.Format{}, false
}

// DetectFormat names the format of a file from its first bytes: an
// outside format's name, or Canonical for anything else (planwatch's CSV,
// and the official administrative files that Open recognises).
func DetectFormat(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if xlsx.Detect(head) {
		return xlsx.Name
	}
	for _, f := range outside {
		if f.Detect(head) {
			return f.Name
		}
	}
	return Canonical
}

// Options tune OpenWith.
type Options struct {
	// Format names the file's format; "" recognises it from the content.
	Format string
	// Mapping turns a file's codes into planwatch's; nil for none.
	Mapping *record.Mapping
	// Units and Indicators are the store's. With them, a file's unit and
	// indicator fields are taken as planwatch codes where the store has
	// them, and a code it lacks needs a mapping rule; without them, codes
	// are taken as they are and the import checks them.
	Units      []planwatch.Unit
	Indicators []planwatch.Indicator
	// Notes, when set, is given the readers' remarks about a file (an
	// encoding repaired, text read as numbers, names matched by their
	// variants), as the file is read.
	Notes func(file, note string)
}

// OpenWith reads a file of any format import knows: the canonical ones
// and the official administrative files through Open, the others through
// their readers, their points turned into observations (see convert.go).
// The batch streams the file's observations as the import consumes them;
// the reader must stay open until then.
func OpenWith(name string, r io.Reader, opt Options) (*planwatch.Batch, string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	format := opt.Format
	if format == "" {
		head, _ := br.Peek(4096)
		format = DetectFormat(head)
	}
	switch format {
	case Canonical:
		return Open(name, br)
	case xlsx.Name:
		b, err := openWorkbook(name, br, opt)
		return b, format, err
	}
	f, ok := formatByName(format)
	if !ok {
		return nil, "", planwatch.Errorf(planwatch.EINVALID, "%q is not a format planwatch reads (%s)", format, strings.Join(FormatNames(), ", "))
	}
	c := newConverter(name, opt)
	stream := convertStream(c, func(emit func(*record.Point) bool) error {
		return f.Read(name, bounded(name, format, br), emit)
	})
	return &planwatch.Batch{Streams: []planwatch.ObservationStream{stream}}, format, nil
}

// convertStream is the stream of observations a reader's points make
// through a converter: the reader's problems, then the conversion's.
func convertStream(c *converter, read func(emit func(*record.Point) bool) error) planwatch.ObservationStream {
	return func(emit func(planwatch.ObservationRecord) bool) error {
		stopped := false
		rerr := read(func(p *record.Point) bool {
			o, ok := c.convert(p)
			if !ok {
				return len(c.errs) < planwatch.MaxErrors
			}
			if !emit(o) {
				stopped = true
				return false
			}
			return true
		})
		if stopped {
			return nil
		}
		return c.finish(rerr)
	}
}

// Inspect reads a file without a store or a mapping and reports what it
// holds. format "" recognises it from the content.
func Inspect(name string, r io.Reader, format string) (record.Report, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if format == "" {
		head, _ := br.Peek(4096)
		format = DetectFormat(head)
	}
	in := record.NewInspector(format)
	switch format {
	case Canonical:
		if err := inspectCanonical(name, br, in); err != nil {
			return record.Report{}, err
		}
		return in.Report(), nil
	case xlsx.Name:
		if err := inspectWorkbook(name, br, in); err != nil {
			return record.Report{}, err
		}
		return in.Report(), nil
	}
	f, ok := formatByName(format)
	if !ok {
		return record.Report{}, planwatch.Errorf(planwatch.EINVALID, "%q is not a format planwatch reads (%s)", format, strings.Join(FormatNames(), ", "))
	}
	err := f.Read(name, bounded(name, format, br), func(p *record.Point) bool {
		in.Add(p)
		return true
	})
	if err != nil {
		return record.Report{}, err
	}
	return in.Report(), nil
}

// inspectCanonical reports on a canonical file: for observations, each
// row is a point of its unit, indicator and dims; for the other kinds,
// every column is listed with its values and there are no observations.
func inspectCanonical(name string, r *bufio.Reader, in *record.Inspector) error {
	if head, _ := r.Peek(4096); looksAdmin(head) {
		return planwatch.Errorf(planwatch.EINVALID, "%s is an official file of administrative units: import reads it; inspect reports on data files", name)
	}
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		r.Discard(3)
	}
	head, _ := r.Peek(4096)
	cr := csv.NewReader(r)
	cr.Comma = rune(headerSeparator(head))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return csvErr(name, err)
	}
	header = slices.Clone(header)
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	layout, err := Detect(header)
	if err != nil {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: err.Error()}
	}
	return inspectRows(name, layout, header, csvRows{cr}, in)
}

// inspectRows reports on the rows of a canonical table: for
// observations, each row is a point of its unit, indicator and dims; for
// the other kinds, every column is listed with its values and there are
// no observations.
func inspectRows(name string, layout Layout, header []string, src rowSource, in *record.Inspector) error {
	obs := layout.Kind == "observations"
	p := &record.Point{}
	for {
		rec, err := src.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(name, err)
		}
		p.Reset()
		p.File, p.Line = name, src.Line()
		for i, h := range header {
			if h == "" || i >= len(rec) {
				continue
			}
			v := strings.TrimSpace(rec[i])
			switch {
			case !obs:
				p.Attrs = append(p.Attrs, record.Field{Name: h, Value: v})
			case h == "unit" || h == "indicator" || h == "dims":
				p.Dims = append(p.Dims, record.Field{Name: h, Value: v})
			case h == "period":
				p.Period, p.PeriodField = v, h
				if q, err := period.Parse(v); err == nil {
					p.Start, p.End, p.Canonical = q.Start(), q.End(), q.String()
				}
			case h == "value":
				p.Value, p.Field = v, h
			case h == "source" || h == "note":
				// free text: not a dimension worth listing
			case h == "status":
				p.Attrs = append(p.Attrs, record.Field{Name: h, Value: v})
			}
		}
		in.Add(p)
	}
}
