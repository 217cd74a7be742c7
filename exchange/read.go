package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/period"
)

// Read reads one canonical CSV file. name is how errors refer to the file.
// Every problem found is returned, each with its line and column; the batch
// is nil when there is any.
func Read(name string, r io.Reader) (*planwatch.Batch, string, error) {
	d, err := newDecoder(name, r)
	if err != nil {
		return nil, "", err
	}
	b := &planwatch.Batch{}
	if err := d.run(b, nil); err != nil {
		return nil, d.kind, err
	}
	return b, d.kind, nil
}

// Open reads a file's header and, for an observations file, returns a batch
// that streams its rows as the import consumes them, so that a million rows
// are parsed while earlier ones are written, and never all held at once.
// Other kinds are read whole. The reader must stay open until the batch has
// been applied.
//
// The official files of administrative units (see vnadmin.go) are
// recognised too and read whole.
func Open(name string, r io.Reader) (*planwatch.Batch, string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if head, _ := br.Peek(4096); looksAdmin(head) {
		// Read whole, within bounds: JSON by its size, CSV by its fields
		// and rows too.
		var src io.Reader = br
		if !looksJSON(head) {
			src = newBoundedReader(name, br, ',')
		}
		data, err := readAtMost(src, MaxAdminFile)
		if err != nil {
			return nil, "", csvErr(name, err)
		}
		if b, kind, ok, err := openAdmin(name, data); ok {
			return b, kind, err
		}
		r = bytes.NewReader(data)
	} else {
		r = br
	}
	d, err := newDecoder(name, r)
	if err != nil {
		return nil, "", err
	}
	if d.kind != "observations" {
		b := &planwatch.Batch{}
		if err := d.run(b, nil); err != nil {
			return nil, d.kind, err
		}
		return b, d.kind, nil
	}
	stream := func(emit func(planwatch.ObservationRecord) bool) error {
		row := &planwatch.Batch{}
		return d.run(row, func() bool {
			for _, o := range row.Observations {
				if !emit(o) {
					return false
				}
			}
			row.Observations = row.Observations[:0]
			return true
		})
	}
	return &planwatch.Batch{Streams: []planwatch.ObservationStream{stream}}, d.kind, nil
}

// looksAdmin tells from a file's start whether it may be an official
// administrative file rather than a canonical one.
func looksAdmin(head []byte) bool {
	if looksJSON(head) {
		return true
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	return bytes.Contains(line, []byte("Đơn vị hành chính")) || bytes.Contains(line, []byte("Mã TP")) || bytes.Contains(line, []byte("administrative_unit_id"))
}

// looksJSON tells from a file's start whether it is a JSON list.
func looksJSON(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(head) > 0 && head[0] == '['
}

// decoder reads the rows of one file after its header.
type decoder struct {
	name  string
	kind  string
	src   rowSource
	rd    *rowReader
	parse func(*rowReader, *planwatch.Batch)
}

// rowSource hands out the rows of a canonical table after its header: a
// CSV file's, or a worksheet's (see workbook.go).
type rowSource interface {
	// Read returns the next row (io.EOF after the last), as long as the
	// header at least.
	Read() ([]string, error)
	// Line is the line (or row) the last row read is on.
	Line() int
}

// csvRows is a CSV file's rows.
type csvRows struct{ cr *csv.Reader }

func (c csvRows) Read() ([]string, error) { return c.cr.Read() }
func (c csvRows) Line() int {
	line, _ := c.cr.FieldPos(0)
	return line
}

func newDecoder(name string, r io.Reader) (*decoder, error) {
	// Excel under Vietnamese (and most European) settings saves CSV with
	// semicolons, and a comma for decimals: the header says which.
	head := bufio.NewReaderSize(r, 1<<16)
	first, _ := head.Peek(4096)
	sep := headerSeparator(first)
	br := bufio.NewReaderSize(newBoundedReader(name, head, sep), 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = rune(sep)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name}, Msg: "the file is empty: a canonical file starts with a header row"}
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	header = append([]string(nil), header...)
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	layout, err := Detect(header)
	if err != nil {
		return nil, &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: 1}, Msg: err.Error()}
	}
	d := decoderFor(name, layout, header, csvRows{cr})
	if sep == ';' {
		d.rd.number = semicolonNumber
	}
	return d, nil
}

// headerSeparator is the separator of a canonical file: a semicolon when
// its header row has semicolons and no commas outside quotes, else a
// comma.
func headerSeparator(head []byte) byte {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	commas, semis, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && c == ',':
			commas++
		case !quoted && c == ';':
			semis++
		}
	}
	if semis > 0 && commas == 0 {
		return ';'
	}
	return ','
}

// semicolonNumber reads a number of a semicolon-separated file, which has
// a comma for decimals (72497,5) or a dot as planwatch writes it; grouped
// thousands are not numbers a spreadsheet writes in CSV, and are refused.
func semicolonNumber(_ string, s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	v, err := planwatch.ParseNumber(t)
	if err != nil {
		return 0, fmt.Errorf("%s is not a number (in a file separated by semicolons, write 72497,5 or 72497.5, without thousands separators)", excerpt.Quote(s))
	}
	return v, nil
}

// decoderFor reads the rows of a table of a kind whose header (lower
// case, trimmed) it has read.
func decoderFor(name string, layout Layout, header []string, src rowSource) *decoder {
	col := map[string]int{}
	for i, h := range header {
		col[layout.Column(h)] = i
	}
	return &decoder{name: name, kind: layout.Kind, src: src, rd: &rowReader{file: name, col: col}, parse: rowParsers[layout.Kind]}
}

// run parses every row into b; after, when given, is called after each row
// and stops the reading by returning false. It returns the problems found.
func (d *decoder) run(b *planwatch.Batch, after func() bool) error {
	rd := d.rd
	for {
		rec, err := d.src.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			rd.errs = append(rd.errs, csvErr(d.name, err))
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) && len(rd.errs) < planwatch.MaxErrors {
				continue
			}
			break
		}
		rd.start(rec, d.src.Line())
		d.parse(rd, b)
		if len(rd.errs) >= planwatch.MaxErrors {
			break
		}
		if after != nil && !after() {
			break
		}
	}
	return rd.errs.Err()
}

func csvErr(name string, err error) error {
	var tl *TooLongError
	if errors.As(err, &tl) {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: tl.Line}, Msg: tl.Msg()}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "this row has a different number of fields from the header"
		}
		return &planwatch.FieldError{Pos: planwatch.Pos{File: name, Line: pe.Line}, Msg: msg}
	}
	return &planwatch.FieldError{Pos: planwatch.Pos{File: name}, Msg: err.Error()}
}

// rowReader hands out the fields of one row and collects the problems.
type rowReader struct {
	file string
	col  map[string]int
	rec  []string
	line int
	errs planwatch.ErrorList
	// A worksheet's rows (see workbook.go) keep their text exactly (a
	// cell is never a formula, so no apostrophe protects it), read their
	// numbers as the cells hold them, and name their problems by cell.
	raw    bool
	number func(column, s string) (float64, error)
	cell   func(line int, column string) planwatch.Pos
	// The last period read, its column and what it parsed to.
	lastPeriod, lastPeriodCol string
	lastParsed                period.Period
}

func (r *rowReader) start(rec []string, line int) {
	r.rec, r.line = rec, line
}

func (r *rowReader) pos() planwatch.Pos { return planwatch.Pos{File: r.file, Line: r.line} }

func (r *rowReader) fail(column, format string, args ...any) {
	pos := r.pos()
	if r.cell != nil {
		pos = r.cell(r.line, column)
	}
	r.errs = append(r.errs, &planwatch.FieldError{Pos: pos, Column: column, Msg: shortQuotes(fmt.Sprintf(format, args...))})
}

// str returns a column's value, trimmed and with the apostrophe that
// protects it in a spreadsheet taken off; "" when the file has no such
// column.
func (r *rowReader) str(c string) string {
	i, ok := r.col[c]
	if !ok {
		return ""
	}
	v := strings.TrimSpace(r.rec[i])
	if !r.raw {
		v = canonicalValue(v)
	}
	if !utf8.ValidString(v) {
		r.fail(c, "is not valid UTF-8 (save the file as UTF-8)")
		return ""
	}
	return v
}

func (r *rowReader) need(c string) string {
	v := r.str(c)
	if v == "" {
		r.fail(c, "is empty")
	}
	return v
}

func (r *rowReader) num(c string, required bool) *float64 {
	s := r.str(c)
	if s == "" {
		if required {
			r.fail(c, "is empty")
		}
		return nil
	}
	parse := planwatch.ParseNumber
	if r.number != nil {
		parse = func(s string) (float64, error) { return r.number(c, s) }
	}
	v, err := parse(s)
	if err != nil {
		r.fail(c, "%v", err)
		return nil
	}
	return &v
}

func (r *rowReader) date(c string) planwatch.Date {
	d, err := planwatch.ParseDate(r.str(c))
	if err != nil {
		r.fail(c, "%v", err)
	}
	return d
}

func (r *rowReader) period(c string, required bool) period.Period {
	s := r.str(c)
	if s == "" {
		if required {
			r.fail(c, "is empty")
		}
		return period.Period{}
	}
	// Neighbouring rows mostly give the same period (a file gives the
	// figures month by month).
	if s == r.lastPeriod && c == r.lastPeriodCol {
		return r.lastParsed
	}
	p, err := period.Parse(s)
	if err != nil {
		r.fail(c, "%v", err) // the period says why, with the forms it takes
		return p
	}
	r.lastPeriod, r.lastPeriodCol, r.lastParsed = s, c, p
	return p
}

func (r *rowReader) dims(c string) planwatch.Dims {
	d, err := planwatch.ParseDims(r.str(c))
	if err != nil {
		r.fail(c, "%v", err)
		return d
	}
	for _, kv := range d.Pairs() {
		for _, code := range kv {
			if !r.short(c, code) {
				return ""
			}
		}
	}
	return d
}

func (r *rowReader) code(c string) string {
	v := r.need(c)
	if v != "" && r.short(c, v) {
		if err := planwatch.ValidCode(v); err != nil {
			r.fail(c, "%v", err)
		}
	}
	return v
}

// short checks that a code is no longer than MaxCode characters.
func (r *rowReader) short(c, code string) bool {
	if utf8.RuneCountInString(code) > MaxCode {
		r.fail(c, "%s is longer than %d characters, too long for a code", excerpt.Quote(code), MaxCode)
		return false
	}
	return true
}

// ref reads a unit reference: a code, or code@YYYY-MM-DD.
func (r *rowReader) ref(c string, required bool) string {
	v := r.str(c)
	if v == "" {
		if required {
			r.fail(c, "is empty")
		}
		return ""
	}
	code, at, explicit := strings.Cut(v, "@")
	if !r.short(c, code) {
		return v
	}
	if err := planwatch.ValidCode(code); err != nil {
		r.fail(c, "%v", err)
	}
	if explicit {
		if d, err := planwatch.ParseDate(at); err != nil || d == "" {
			r.fail(c, "%s: after @ comes the date the unit is valid on (YYYY-MM-DD)", excerpt.Quote(v))
		}
	}
	return v
}

var rowParsers = map[string]func(r *rowReader, b *planwatch.Batch){
	"units": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		u := planwatch.Unit{Code: r.code("code"), NameVI: r.str("name_vi"), NameEN: r.str("name_en"),
			Level: planwatch.Level(r.need("level")), ValidFrom: r.date("valid_from"), ValidTo: r.date("valid_to")}
		parent := r.ref("parent", false)
		if len(r.errs) == n {
			b.Units = append(b.Units, planwatch.UnitRecord{Pos: r.pos(), Unit: u, Parent: parent})
		}
	},
	"lineage": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		e := planwatch.LineageEvent{Date: r.date("date"), Event: planwatch.Event(r.need("event")), Share: r.num("share", false)}
		if e.Date == "" && r.str("date") == "" {
			r.fail("date", "is empty")
		}
		from, to := r.ref("from", true), r.ref("to", true)
		if len(r.errs) == n {
			b.Lineage = append(b.Lineage, planwatch.LineageRecord{Pos: r.pos(), Event: e, From: from, To: to})
		}
	},
	"groups": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		m := planwatch.GroupMember{Group: r.code("group"), NameVI: r.str("name_vi"), NameEN: r.str("name_en"),
			ValidFrom: r.date("valid_from"), ValidTo: r.date("valid_to")}
		unit := r.ref("unit", true)
		if len(r.errs) == n {
			b.Groups = append(b.Groups, planwatch.GroupRecord{Pos: r.pos(), Member: m, Unit: unit})
		}
	},
	"indicators": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		in := planwatch.Indicator{Code: r.code("code"), NameVI: r.str("name_vi"), NameEN: r.str("name_en"),
			MeasureUnit: r.need("measure_unit"), Type: planwatch.IndicatorType(r.need("type")),
			Direction: planwatch.Direction(r.str("direction")), Formula: r.str("formula")}
		if in.Direction == "" {
			in.Direction = planwatch.DirNone
		}
		agg := r.str("aggregation")
		if agg == "" {
			agg = planwatch.AggNone
		}
		var err error
		if in.Aggregation, err = planwatch.ParseAggregation(agg); err != nil {
			r.fail("aggregation", "%v", err)
		}
		if in.Dimensions, err = planwatch.ParseDimensions(r.str("dimensions")); err != nil {
			r.fail("dimensions", "%v", err)
		}
		if len(r.errs) == n {
			b.Indicators = append(b.Indicators, planwatch.IndicatorRecord{Pos: r.pos(), Indicator: in})
		}
	},
	"codes": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		c := planwatch.DimensionCode{Dimension: r.code("dimension"), Value: r.code("value"), NameVI: r.need("name_vi"), NameEN: r.str("name_en")}
		if len(r.errs) == n {
			b.Codes = append(b.Codes, planwatch.CodeRecord{Pos: r.pos(), Code: c})
		}
	},
	"sources": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		s := planwatch.Source{Code: r.code("code"), TitleVI: r.need("title_vi"), TitleEN: r.str("title_en"), PublisherVI: r.str("publisher_vi"),
			PublisherEN: r.str("publisher_en"), Issued: r.date("issued"), URL: r.str("url")}
		if len(r.errs) == n {
			b.Sources = append(b.Sources, planwatch.SourceRecord{Pos: r.pos(), Source: s})
		}
	},
	"plans": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		p := planwatch.Plan{Code: r.code("plan"), Kind: planwatch.PlanKind(r.need("kind")), TitleVI: r.str("title_vi"), TitleEN: r.str("title_en"),
			IssuerVI: r.str("issuer_vi"), IssuerEN: r.str("issuer_en"), Issued: r.date("issued"), Horizon: r.period("horizon", true), Parent: r.str("parent"),
			VisionVI: r.str("vision_vi"), VisionEN: r.str("vision_en"), Assessment: r.str("assessment")}
		unit := r.ref("unit", true)
		if len(r.errs) == n {
			b.Plans = append(b.Plans, planwatch.PlanRecord{Pos: r.pos(), Plan: p, Unit: unit})
		}
	},
	"targets": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		t := planwatch.Target{Plan: r.code("plan"), Indicator: r.code("indicator"), Dims: r.dims("dims"), Period: r.period("period", true),
			Kind: planwatch.TargetKind(r.need("kind")), Value: r.num("value", false), Low: r.num("low", false), High: r.num("high", false),
			BaselinePeriod: r.period("baseline_period", false), BaselineValue: r.num("baseline_value", false), Wording: r.str("wording"),
			WordingLang: r.str("wording_lang"), WordingTranslation: r.str("wording_translation")}
		var err error
		if t.Milestones, err = planwatch.ParseMilestones(r.str("milestones")); err != nil {
			r.fail("milestones", "%v", err)
		}
		unit := r.ref("unit", true)
		if len(r.errs) == n {
			b.Targets = append(b.Targets, planwatch.TargetRecord{Pos: r.pos(), Target: t, Unit: unit})
		}
	},
	"observations": func(r *rowReader, b *planwatch.Batch) {
		n := len(r.errs)
		o := planwatch.Observation{Indicator: r.code("indicator"), Dims: r.dims("dims"), Period: r.period("period", true),
			Status: r.str("status"), Source: r.str("source"), Note: r.str("note")}
		if v := r.num("value", true); v != nil {
			o.Value = *v
		}
		if o.Status == "" {
			o.Status = planwatch.StatusNormal
		} else if err := planwatch.ValidStatus(o.Status); err != nil {
			r.fail("status", "%v", err)
		}
		unit := r.ref("unit", true)
		if len(r.errs) == n {
			b.Observations = append(b.Observations, planwatch.ObservationRecord{Pos: r.pos(), Observation: o, Unit: unit})
		}
	},
}
