package sdmx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"planwatch"
	"planwatch/excerpt"
	"planwatch/exchange/record"
)

// The parts of an SDMX-JSON data message planwatch reads. Version 1.0 has
// one structure (at the top, or in data); 2.0 a list of structures in data,
// which each data set points to, and measures.
type jsonMessage struct {
	Structure *jsonStructure `json:"structure"`
	DataSets  []jsonDataSet  `json:"dataSets"`
	Data      *struct {
		Structure  *jsonStructure  `json:"structure"`
		Structures []jsonStructure `json:"structures"`
		DataSets   []jsonDataSet   `json:"dataSets"`
	} `json:"data"`
}

type jsonStructure struct {
	Links      []jsonLink `json:"links"`
	Dimensions jsonLevels `json:"dimensions"`
	Measures   struct {
		Observation []jsonComponent `json:"observation"`
	} `json:"measures"`
	Attributes jsonLevels `json:"attributes"`
}

type jsonLink struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
	URN  string `json:"urn"`
}

type jsonLevels struct {
	DataSet     []jsonComponent `json:"dataSet"`
	Series      []jsonComponent `json:"series"`
	Observation []jsonComponent `json:"observation"`
}

type jsonComponent struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	KeyPosition *int            `json:"keyPosition"`
	Role        json.RawMessage `json:"role"`
	Roles       []string        `json:"roles"`
	Default     json.RawMessage `json:"default"`
	Values      []*jsonValue    `json:"values"`
}

type jsonValue struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

type jsonDataSet struct {
	Structure    *int                       `json:"structure"`
	Action       string                     `json:"action"`
	Links        []jsonLink                 `json:"links"`
	Attributes   []json.RawMessage          `json:"attributes"`
	Series       map[string]jsonSeries      `json:"series"`
	Observations map[string]json.RawMessage `json:"observations"`
}

type jsonSeries struct {
	Attributes   []json.RawMessage          `json:"attributes"`
	Observations map[string]json.RawMessage `json:"observations"`
}

// ReadJSON reads an SDMX-JSON 1.0 or 2.0 data message, whole.
func ReadJSON(file string, r io.Reader, emit func(*record.Point) bool) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	fail := func(line int, field, format string, args ...any) error {
		return planwatch.ErrorList{&planwatch.FieldError{Pos: planwatch.Pos{File: file, Line: line}, Column: field, Msg: fmt.Sprintf(format, args...)}}
	}
	var m jsonMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return fail(jsonErrLine(data, err), "", "not an SDMX-JSON message: %v", err)
	}
	structures, dataSets := []jsonStructure(nil), m.DataSets
	if m.Structure != nil {
		structures = []jsonStructure{*m.Structure}
	}
	if m.Data != nil {
		if m.Data.Structure != nil {
			structures = []jsonStructure{*m.Data.Structure}
		}
		structures = append(structures, m.Data.Structures...)
		dataSets = append(dataSets, m.Data.DataSets...)
	}
	if len(structures) == 0 {
		return fail(1, "", "an SDMX-JSON data message has a structure (1.0) or structures (2.0) that say what its data sets hold")
	}
	lines := observationLines(data)
	p := &record.Point{}
	for di, ds := range dataSets {
		si := 0
		if ds.Structure != nil {
			si = *ds.Structure
		}
		if si < 0 || si >= len(structures) {
			return fail(0, "", "data set %d names structure %d, and the message has %d", di, si, len(structures))
		}
		st := &structures[si]
		action, err := record.ParseAction(ds.Action)
		if err != nil {
			return fail(0, "action", "data set %d: %v", di, err)
		}
		rd, err := newJSONSet(file, st, &ds)
		if err != nil {
			return fail(0, "", "data set %d: %v", di, err)
		}
		rd.action = action
		type obsAt struct {
			series, key string
			raw         json.RawMessage
			line        int
		}
		var all []obsAt
		for sk, s := range ds.Series {
			for ok, raw := range s.Observations {
				all = append(all, obsAt{sk, ok, raw, lines[obsPath{di, sk, ok}]})
			}
			if len(s.Observations) == 0 {
				all = append(all, obsAt{sk, "", nil, lines[obsPath{di, sk, ""}]})
			}
		}
		for ok, raw := range ds.Observations {
			all = append(all, obsAt{"", ok, raw, lines[obsPath{di, "", ok}]})
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].line != all[j].line {
				return all[i].line < all[j].line
			}
			if all[i].series != all[j].series {
				return keyLess(all[i].series, all[j].series)
			}
			return keyLess(all[i].key, all[j].key)
		})
		for _, o := range all {
			var s *jsonSeries
			if o.series != "" || ds.Series != nil {
				v := ds.Series[o.series]
				s = &v
			}
			n, err := rd.points(p, o.series, s, o.key, o.raw, o.line, emit)
			if err != nil {
				return planwatch.ErrorList{err}
			}
			if n < 0 {
				return nil
			}
		}
	}
	return nil
}

// jsonSet reads the observations of one data set with its structure.
type jsonSet struct {
	file      string
	st        *jsonStructure
	action    record.Action
	structure string
	roles     *record.Roles
	order     map[string]int // dimension ID -> its position in keys
	measures  []string
	// dataset-level dimension and attribute values.
	setDims, setAttrs []record.Field
}

func newJSONSet(file string, st *jsonStructure, ds *jsonDataSet) (*jsonSet, error) {
	rd := &jsonSet{file: file, st: st, order: map[string]int{}}
	links := append(append([]jsonLink(nil), ds.Links...), st.Links...)
	for _, l := range links {
		if ref := linkRef(l); ref != "" && (strings.EqualFold(l.Rel, "dataflow") || strings.EqualFold(l.Rel, "datastructure") || strings.EqualFold(l.Rel, "structure")) {
			rd.structure = ref
			break
		}
	}
	var dims, attrs []string
	all := append(append(append([]jsonComponent(nil), st.Dimensions.DataSet...), st.Dimensions.Series...), st.Dimensions.Observation...)
	for i, c := range all {
		pos := i
		if c.KeyPosition != nil {
			pos = *c.KeyPosition
		}
		rd.order[c.ID] = pos
		if !isTime(c) {
			dims = append(dims, c.ID)
		}
	}
	slices.SortStableFunc(dims, func(a, b string) int { return rd.order[a] - rd.order[b] })
	for _, lv := range [][]jsonComponent{st.Attributes.DataSet, st.Attributes.Series, st.Attributes.Observation} {
		for _, c := range lv {
			attrs = append(attrs, c.ID)
		}
	}
	if isNative(rd.structure) {
		rd.roles = nativeRoles(dims)
	} else {
		rd.roles = foreignRoles(attrs)
	}
	for _, c := range st.Measures.Observation {
		rd.measures = append(rd.measures, c.ID)
	}
	if len(rd.measures) == 0 {
		rd.measures = []string{ObsValue}
	}
	for _, c := range st.Dimensions.DataSet {
		if len(c.Values) == 0 {
			continue
		}
		rd.setDims = append(rd.setDims, record.Field{Name: c.ID, Value: valueID(c.Values[0]), Label: c.Values[0].Name})
	}
	for i, c := range st.Attributes.DataSet {
		var idx json.RawMessage
		if i < len(ds.Attributes) {
			idx = ds.Attributes[i]
		}
		if f, ok := attrValue(c, idx, true); ok {
			rd.setAttrs = append(rd.setAttrs, f)
		}
	}
	return rd, nil
}

func isTime(c jsonComponent) bool {
	if c.ID == Time || slices.Contains(c.Roles, Time) {
		return true
	}
	var role string
	return json.Unmarshal(c.Role, &role) == nil && role == Time
}

// linkRef is the AGENCY:ID(VERSION) a link names, by its URN or its
// SDMX REST address (.../dataflow/ECB/EXR/1.0).
func linkRef(l jsonLink) string {
	if l.URN != "" {
		if _, ref, ok := strings.Cut(l.URN, "="); ok {
			return ref
		}
	}
	parts := strings.Split(strings.TrimRight(l.Href, "/"), "/")
	for i, p := range parts {
		if (strings.EqualFold(p, "dataflow") || strings.EqualFold(p, "datastructure")) && i+3 < len(parts) {
			return parts[i+1] + ":" + parts[i+2] + "(" + parts[i+3] + ")"
		}
	}
	return ""
}

func valueID(v *jsonValue) string {
	if v == nil {
		return ""
	}
	if v.ID != "" {
		return v.ID
	}
	if len(v.Value) > 0 {
		return record.JSONText(v.Value)
	}
	return v.Name
}

// attrValue is an attribute's value from its index in the component's
// values (null: the default), or, at the data set level, its only value.
func attrValue(c jsonComponent, idx json.RawMessage, setLevel bool) (record.Field, bool) {
	f := record.Field{Name: c.ID}
	t := record.JSONText(idx)
	switch {
	case t != "":
		i, err := strconv.Atoi(t)
		if err != nil || i < 0 || i >= len(c.Values) {
			// SDMX-JSON 2.0 allows the value itself in place of an index.
			f.Value = t
			return f, true
		}
		f.Value, f.Label = valueID(c.Values[i]), c.Values[i].Name
	case record.JSONText(c.Default) != "":
		f.Value = record.JSONText(c.Default)
	case setLevel && len(c.Values) == 1:
		f.Value, f.Label = valueID(c.Values[0]), c.Values[0].Name
	default:
		return f, false
	}
	return f, f.Value != ""
}

// keyDims appends the dimension values a key ("0:1:0") selects.
func keyDims(dst []record.Field, comps []jsonComponent, key string) ([]record.Field, string, error) {
	if len(comps) == 0 {
		return dst, "", nil
	}
	parts := strings.Split(key, ":")
	if len(parts) != len(comps) {
		return dst, "", fmt.Errorf("key %s has %d parts for %d dimensions", excerpt.Quote(key), len(parts), len(comps))
	}
	var period string
	for i, c := range comps {
		n, err := strconv.Atoi(parts[i])
		if err != nil || n < 0 || n >= len(c.Values) {
			return dst, "", fmt.Errorf("key %s: %s has no value %s", excerpt.Quote(key), c.ID, excerpt.Quote(parts[i]))
		}
		v := c.Values[n]
		if isTime(c) {
			period = valueID(v)
			continue
		}
		dst = append(dst, record.Field{Name: c.ID, Value: valueID(v), Label: v.Name})
	}
	return dst, period, nil
}

// points emits the points of one observation (one per measure) and returns
// how many, or -1 when emit asked to stop.
func (rd *jsonSet) points(p *record.Point, seriesKey string, s *jsonSeries, obsKey string, raw json.RawMessage, line int, emit func(*record.Point) bool) (int, error) {
	bad := func(field, format string, args ...any) error {
		return &planwatch.FieldError{Pos: planwatch.Pos{File: rd.file, Line: line}, Column: field, Msg: fmt.Sprintf(format, args...)}
	}
	p.Reset()
	p.File, p.Line, p.Structure, p.Action, p.Roles = rd.file, line, rd.structure, rd.action, rd.roles
	p.Dims = append(p.Dims, rd.setDims...)
	var err error
	var period, obsPeriod string
	if s != nil {
		if p.Dims, period, err = keyDims(p.Dims, rd.st.Dimensions.Series, seriesKey); err != nil {
			return 0, bad("series", "%v", err)
		}
	}
	if obsKey != "" {
		if p.Dims, obsPeriod, err = keyDims(p.Dims, rd.st.Dimensions.Observation, obsKey); err != nil {
			return 0, bad("observations", "%v", err)
		}
		if obsPeriod != "" {
			period = obsPeriod
		}
	}
	for _, c := range rd.st.Dimensions.DataSet {
		if isTime(c) && len(c.Values) > 0 {
			period = valueID(c.Values[0])
		}
	}
	slices.SortStableFunc(p.Dims, func(a, b record.Field) int { return rd.order[a.Name] - rd.order[b.Name] })
	p.Attrs = append(p.Attrs, rd.setAttrs...)
	if s != nil {
		for i, c := range rd.st.Attributes.Series {
			var idx json.RawMessage
			if i < len(s.Attributes) {
				idx = s.Attributes[i]
			}
			if f, ok := attrValue(c, idx, false); ok {
				p.Attrs = append(p.Attrs, f)
			}
		}
	}
	var vals []json.RawMessage
	if raw != nil {
		if err := json.Unmarshal(raw, &vals); err != nil {
			return 0, bad("observations", "an observation is an array of its value and attribute indices: %v", err)
		}
	}
	nm := len(rd.measures)
	for i, c := range rd.st.Attributes.Observation {
		var idx json.RawMessage
		if nm+i < len(vals) {
			idx = vals[nm+i]
		}
		if f, ok := attrValue(c, idx, false); ok {
			p.Attrs = append(p.Attrs, f)
		}
	}
	readTime(p, Time, period)
	if raw == nil {
		if !emit(p) {
			return -1, nil
		}
		return 1, nil
	}
	base := len(p.Dims)
	for mi, m := range rd.measures {
		p.Dims = p.Dims[:base]
		p.Value, p.Number, p.IsNumber, p.Missing = "", 0, false, false
		if nm > 1 {
			p.Dims = append(p.Dims, record.Field{Name: "MEASURE", Value: m})
		}
		p.Field = m
		var v json.RawMessage
		if mi < len(vals) {
			v = bytes.TrimSpace(vals[mi])
		}
		switch {
		case len(v) == 0 || bytes.Equal(v, []byte("null")):
			p.Missing = true // SDMX-JSON: null is a reported missing value
		case v[0] == '"':
			readValue(p, record.JSONText(v), '.')
		case bytes.Equal(v, []byte("true")) || bytes.Equal(v, []byte("false")):
			p.Value = string(v)
		case v[0] == '{' || v[0] == '[':
			return 0, bad(m, "the value is %s, not a number", string(v[:1]))
		default:
			readValue(p, string(v), '.')
		}
		if !emit(p) {
			return -1, nil
		}
	}
	return nm, nil
}

// keyLess orders keys like "0:10" after "0:9".
func keyLess(a, b string) bool {
	pa, pb := strings.Split(a, ":"), strings.Split(b, ":")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// obsPath names one observation: its data set, series key and key.
type obsPath struct {
	set         int
	series, obs string
}

// observationLines walks the message's tokens to find the line each
// observation (or each series without observations) starts on, so that
// messages name lines like the CSV readers do.
func observationLines(data []byte) map[obsPath]int {
	out := map[obsPath]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object  bool
		wantKey bool
		key     string
		index   int
	}
	var stack []frame
	lines := record.NewLines(data)
	lineAt := lines.At
	path := func() []string {
		out := make([]string, len(stack))
		for i, f := range stack {
			if f.object {
				out[i] = f.key
			} else {
				out[i] = strconv.Itoa(f.index)
			}
		}
		return out
	}
	mark := func(off int64) {
		pa := path()
		n := len(pa)
		for i := 0; i+1 < n; i++ {
			if pa[i] != "dataSets" {
				continue
			}
			set, err := strconv.Atoi(pa[i+1])
			if err != nil {
				continue
			}
			rest := pa[i+2:]
			switch {
			case len(rest) == 4 && rest[0] == "series" && rest[2] == "observations":
				out[obsPath{set, rest[1], rest[3]}] = lineAt(off)
			case len(rest) == 2 && rest[0] == "series":
				out[obsPath{set, rest[1], ""}] = lineAt(off)
			case len(rest) == 2 && rest[0] == "observations":
				out[obsPath{set, "", rest[1]}] = lineAt(off)
			}
		}
	}
	// valueDone is called after a whole value has been read in the
	// current container.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				valueDone()
				continue
			}
			key, _ := tok.(string)
			top := &stack[len(stack)-1]
			top.key, top.wantKey = key, false
			mark(off)
			continue
		}
		switch d := tok.(type) {
		case json.Delim:
			switch d {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			case '}', ']':
				stack = stack[:len(stack)-1]
				valueDone()
			}
		default:
			valueDone()
		}
	}
}

// jsonErrLine is the line a JSON syntax error is on.
func jsonErrLine(data []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
