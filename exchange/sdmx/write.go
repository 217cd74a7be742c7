package sdmx

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"planwatch"
	"planwatch/exchange/record"
)

// reserved are the component IDs of planwatch's structure that a
// dimension name may not take.
var reserved = []string{"STRUCTURE", "STRUCTURE_ID", "ACTION", "MEASURE", RefArea, Indicator, Time, ObsValue, ObsStatus, Unit, Source, Comment}

func checkDims(dims []string) error {
	for _, d := range dims {
		if slices.Contains(reserved, strings.ToUpper(d)) {
			return planwatch.Errorf(planwatch.EINVALID, "dimension %q has the name of a component of planwatch's SDMX structure: rename it to export as SDMX", d)
		}
	}
	return nil
}

// dimValue is a row's value of a dimension, or _Z where its indicator
// does not have it.
func dimValue(r record.Row, name string) string {
	if v := r.Dims.Get(name); v != "" {
		return v
	}
	return record.NotApplicable
}

// WriteCSV writes rows as SDMX-CSV 2.0 for planwatch's dataflow: one
// column per dimension (REF_AREA, INDICATOR, the dimensions the rows use,
// TIME_PERIOD), OBS_VALUE, and the attributes OBS_STATUS, UNIT_MEASURE,
// OBS_SOURCE and COMMENT_OBS. Values are written in full, with a dot.
func WriteCSV(w io.Writer, rows []record.Row, dims []string) error {
	cw, err := NewCSVWriter(w, dims)
	if err != nil {
		return err
	}
	if err := cw.Write(rows); err != nil {
		return err
	}
	return cw.Flush()
}

// CSVWriter writes SDMX-CSV 2.0 as WriteCSV does, rows a batch at a time,
// so that an export need not hold them all.
type CSVWriter struct {
	cw   *csv.Writer
	dims []string
	rec  []string
}

// NewCSVWriter writes the header of a file whose dimensions besides
// REF_AREA, INDICATOR and TIME_PERIOD are dims.
func NewCSVWriter(w io.Writer, dims []string) (*CSVWriter, error) {
	if err := checkDims(dims); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	header := append([]string{"STRUCTURE", "STRUCTURE_ID", "ACTION", RefArea, Indicator}, dims...)
	header = append(header, Time, ObsValue, ObsStatus, Unit, Source, Comment)
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	return &CSVWriter{cw: cw, dims: dims, rec: make([]string, 0, len(header))}, nil
}

// Write writes rows; a row with a dimension the header lacks is an error.
func (c *CSVWriter) Write(rows []record.Row) error {
	for _, r := range rows {
		c.rec = append(c.rec[:0], "dataflow", FlowRef, "I", r.Unit, r.Indicator)
		has := 0
		for _, d := range c.dims {
			v := r.Dims.Get(d)
			if v != "" {
				has++
			} else {
				v = record.NotApplicable
			}
			c.rec = append(c.rec, v)
		}
		if r.Dims != "" && has != strings.Count(string(r.Dims), ";")+1 {
			return planwatch.Errorf(planwatch.EINVALID, "%s %s %s: dimensions %s are not all among the structure's %s", r.Unit, r.Indicator, r.Period, r.Dims, strings.Join(c.dims, ", "))
		}
		c.rec = append(c.rec, FormatTime(r.Period), planwatch.FormatNumber(r.Value), r.Status, r.MeasureUnit, r.Source, r.Note)
		if err := c.cw.Write(c.rec); err != nil {
			return err
		}
	}
	return c.cw.Error()
}

// Flush writes what is buffered.
func (c *CSVWriter) Flush() error {
	c.cw.Flush()
	return c.cw.Error()
}

// JSON 2.0 output: the structure lists each component's values, and each
// series and observation points into those lists.
type (
	jsonOut struct {
		Meta jsonMeta `json:"meta"`
		Data jsonData `json:"data"`
	}
	jsonMeta struct {
		Schema           string   `json:"schema"`
		ID               string   `json:"id"`
		Test             bool     `json:"test"`
		Prepared         string   `json:"prepared"`
		ContentLanguages []string `json:"contentLanguages"`
		Sender           struct {
			ID string `json:"id"`
		} `json:"sender"`
	}
	jsonData struct {
		Structures []jsonOutStructure `json:"structures"`
		DataSets   []jsonOutDataSet   `json:"dataSets"`
	}
	jsonOutStructure struct {
		Links      []jsonLink `json:"links"`
		Name       string     `json:"name"`
		Dimensions struct {
			DataSet     []jsonOutComponent `json:"dataSet"`
			Series      []jsonOutComponent `json:"series"`
			Observation []jsonOutComponent `json:"observation"`
		} `json:"dimensions"`
		Measures struct {
			Observation []jsonOutComponent `json:"observation"`
		} `json:"measures"`
		Attributes struct {
			DataSet     []jsonOutComponent `json:"dataSet"`
			Series      []jsonOutComponent `json:"series"`
			Observation []jsonOutComponent `json:"observation"`
		} `json:"attributes"`
		DataSets []int `json:"dataSets"`
	}
	jsonOutComponent struct {
		ID           string         `json:"id"`
		Name         string         `json:"name"`
		KeyPosition  *int           `json:"keyPosition,omitempty"`
		Roles        []string       `json:"roles,omitempty"`
		Relationship map[string]any `json:"relationship,omitempty"`
		Values       []jsonOutValue `json:"values"`
	}
	jsonOutValue struct {
		ID    string `json:"id,omitempty"`
		Value string `json:"value,omitempty"`
	}
	jsonOutDataSet struct {
		Structure int                      `json:"structure"`
		Action    string                   `json:"action"`
		Links     []jsonLink               `json:"links"`
		Series    map[string]jsonOutSeries `json:"series"`
	}
	jsonOutSeries struct {
		Attributes   []*int           `json:"attributes"`
		Observations map[string][]any `json:"observations"`
	}
)

// values numbers the distinct values of one component in order of first
// use.
type values struct {
	index map[string]int
	list  []string
}

func (v *values) at(s string) int {
	if v.index == nil {
		v.index = map[string]int{}
	}
	i, ok := v.index[s]
	if !ok {
		i = len(v.list)
		v.index[s] = i
		v.list = append(v.list, s)
	}
	return i
}

// WriteJSON writes rows as an SDMX-JSON 2.0 data message for planwatch's
// dataflow: series by REF_AREA, INDICATOR and the dimensions the rows use,
// with UNIT_MEASURE attached to the series; TIME_PERIOD at observation
// level, each observation its value followed by the indices of its
// OBS_STATUS, OBS_SOURCE and COMMENT_OBS (null when it has none).
// prepared stamps the message.
func WriteJSON(w io.Writer, rows []record.Row, dims []string, prepared time.Time) error {
	if err := checkDims(dims); err != nil {
		return err
	}
	seriesDims := append([]string{RefArea, Indicator}, dims...)
	dimVals := make([]values, len(seriesDims))
	var times, status, source, note, unit values
	series := map[string]jsonOutSeries{}
	key := make([]string, len(seriesDims))
	for _, r := range rows {
		for i, d := range seriesDims {
			v := r.Unit
			switch {
			case i == 1:
				v = r.Indicator
			case i > 1:
				v = dimValue(r, d)
			}
			key[i] = strconv.Itoa(dimVals[i].at(v))
		}
		k := strings.Join(key, ":")
		s, ok := series[k]
		if !ok {
			u := unit.at(r.MeasureUnit)
			s = jsonOutSeries{Attributes: []*int{&u}, Observations: map[string][]any{}}
			series[k] = s
		}
		obs := []any{r.Value, optIndex(&status, r.Status), optIndex(&source, r.Source), optIndex(&note, r.Note)}
		s.Observations[strconv.Itoa(times.at(FormatTime(r.Period)))] = obs
	}
	var st jsonOutStructure
	st.Links = []jsonLink{{Rel: "dataflow", URN: FlowURN}, {Rel: "datastructure", URN: DSDURN}}
	st.Name = "planwatch observations"
	names := map[string]string{RefArea: "Reference area (planwatch unit)", Indicator: "Indicator", Time: "Time period", ObsValue: "Observation value",
		ObsStatus: "Observation status", Unit: "Unit of measure", Source: "Source", Comment: "Comment"}
	for i, d := range seriesDims {
		pos := i
		c := jsonOutComponent{ID: d, Name: names[d], KeyPosition: &pos, Values: ids(dimVals[i].list)}
		if c.Name == "" {
			c.Name = d
		}
		if d == RefArea {
			c.Roles = []string{RefArea}
		}
		st.Dimensions.Series = append(st.Dimensions.Series, c)
	}
	tpos := len(seriesDims)
	st.Dimensions.Observation = []jsonOutComponent{{ID: Time, Name: names[Time], KeyPosition: &tpos, Roles: []string{Time}, Values: ids(times.list)}}
	st.Dimensions.DataSet = []jsonOutComponent{}
	st.Measures.Observation = []jsonOutComponent{{ID: ObsValue, Name: names[ObsValue], Values: []jsonOutValue{}}}
	st.Attributes.DataSet = []jsonOutComponent{}
	st.Attributes.Series = []jsonOutComponent{{ID: Unit, Name: names[Unit], Relationship: map[string]any{"dimensions": []string{Indicator}}, Values: texts(unit.list)}}
	obsRel := map[string]any{"observation": map[string]any{}}
	st.Attributes.Observation = []jsonOutComponent{
		{ID: ObsStatus, Name: names[ObsStatus], Roles: []string{ObsStatus}, Relationship: obsRel, Values: ids(status.list)},
		{ID: Source, Name: names[Source], Relationship: obsRel, Values: texts(source.list)},
		{ID: Comment, Name: names[Comment], Relationship: obsRel, Values: texts(note.list)},
	}
	st.DataSets = []int{0}
	msg := jsonOut{Data: jsonData{Structures: []jsonOutStructure{st},
		DataSets: []jsonOutDataSet{{Structure: 0, Action: "Information", Links: []jsonLink{{Rel: "dataflow", URN: FlowURN}}, Series: series}}}}
	msg.Meta.Schema = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"
	msg.Meta.ID = "PLANWATCH-" + prepared.UTC().Format("20060102T150405Z")
	msg.Meta.Prepared = prepared.UTC().Format(time.RFC3339)
	msg.Meta.ContentLanguages = []string{"vi", "en"}
	msg.Meta.Sender.ID = Agency
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(msg); err != nil {
		return fmt.Errorf("sdmx-json: %w", err)
	}
	return bw.Flush()
}

// optIndex is the index of a value, or nil for an empty one.
func optIndex(v *values, s string) any {
	if s == "" {
		return nil
	}
	return v.at(s)
}

func ids(list []string) []jsonOutValue {
	out := make([]jsonOutValue, len(list))
	for i, s := range list {
		out[i] = jsonOutValue{ID: s}
	}
	return out
}

func texts(list []string) []jsonOutValue {
	out := make([]jsonOutValue, len(list))
	for i, s := range list {
		out[i] = jsonOutValue{Value: s}
	}
	return out
}
