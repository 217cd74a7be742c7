package dhis2

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"planwatch"
	"planwatch/exchange/record"
)

type dataValue struct {
	DataElement         string `json:"dataElement"`
	Period              string `json:"period"`
	OrgUnit             string `json:"orgUnit"`
	CategoryOptionCombo string `json:"categoryOptionCombo,omitempty"`
	Value               string `json:"value"`
	Comment             string `json:"comment,omitempty"`
	Status              string `json:"status"`
	Source              string `json:"source"`
}

// WriteJSON writes rows as a DHIS2 dataValueSets JSON document in
// planwatch's codes: the indicator as the data element, the unit as the
// organisation unit, the dimensions (price=current) as the category
// option combination, the note as the comment; idScheme CODE tells DHIS2
// that these are codes. Each value also carries planwatch's status and
// source, fields DHIS2 does not define.
func WriteJSON(w io.Writer, rows []record.Row) error {
	jw := NewJSONWriter(w)
	if err := jw.Write(rows); err != nil {
		return err
	}
	return jw.Close()
}

// JSONWriter writes the document of WriteJSON rows a batch at a time, so
// that an export need not hold them all; Close ends it.
type JSONWriter struct {
	w    *bufio.Writer
	buf  bytes.Buffer
	enc  *json.Encoder
	rows int
}

// NewJSONWriter begins a document on w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	jw := &JSONWriter{w: bufio.NewWriter(w)}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	jw.enc.SetIndent("    ", "  ")
	return jw
}

// Write writes rows as data values.
func (jw *JSONWriter) Write(rows []record.Row) error {
	for _, r := range rows {
		if jw.rows == 0 {
			jw.w.WriteString("{\n  \"idScheme\": \"CODE\",\n  \"dataValues\": [\n    ")
		} else {
			jw.w.WriteString(",\n    ")
		}
		jw.rows++
		jw.buf.Reset()
		if err := jw.enc.Encode(dataValue{DataElement: r.Indicator, Period: FormatPeriod(r.Period), OrgUnit: r.Unit,
			CategoryOptionCombo: string(r.Dims), Value: planwatch.FormatNumber(r.Value), Comment: r.Note, Status: r.Status, Source: r.Source}); err != nil {
			return err
		}
		if _, err := jw.w.Write(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n"))); err != nil {
			return err
		}
	}
	return nil
}

// Close ends the document and flushes it.
func (jw *JSONWriter) Close() error {
	if jw.rows == 0 {
		jw.w.WriteString("{\n  \"idScheme\": \"CODE\",\n  \"dataValues\": []\n}\n")
	} else {
		jw.w.WriteString("\n  ]\n}\n")
	}
	return jw.w.Flush()
}
