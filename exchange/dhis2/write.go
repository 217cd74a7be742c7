package dhis2

import (
	"bufio"
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
	doc := struct {
		IDScheme   string      `json:"idScheme"`
		DataValues []dataValue `json:"dataValues"`
	}{IDScheme: "CODE", DataValues: make([]dataValue, 0, len(rows))}
	for _, r := range rows {
		doc.DataValues = append(doc.DataValues, dataValue{DataElement: r.Indicator, Period: FormatPeriod(r.Period), OrgUnit: r.Unit,
			CategoryOptionCombo: string(r.Dims), Value: planwatch.FormatNumber(r.Value), Comment: r.Note, Status: r.Status, Source: r.Source})
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return bw.Flush()
}
