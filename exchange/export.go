package exchange

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"planwatch"
	"planwatch/exchange/dhis2"
	"planwatch/exchange/sdmx"
)

// Export formats besides canonical CSV: they write observations.
const (
	SDMXCSV   = "sdmx-csv"
	SDMXJSON  = "sdmx-json"
	DHIS2JSON = "dhis2-json"
)

// ExportFormats lists the formats export writes.
var ExportFormats = []string{Canonical, XLSX, SDMXCSV, SDMXJSON, DHIS2JSON}

// ExportAs writes the current observations a filter selects in one of
// the outside formats: SDMX-CSV 2.0, SDMX-JSON 2.0 (stamped with
// prepared) or DHIS2 dataValueSets JSON, in planwatch's codes, so that
// import reads them back without a mapping. SDMX-CSV and DHIS2 JSON are
// written a chunk of figures at a time (EachRows), so that their memory
// does not grow with the store; SDMX-JSON numbers every value of each
// dimension in a structure that comes before the data, and holds the
// figures.
func ExportAs(ctx context.Context, s planwatch.Reader, format string, f Filter, w io.Writer, prepared time.Time) error {
	if !slices.Contains(ExportFormats[1:], format) || format == XLSX {
		return planwatch.Errorf(planwatch.EINVALID, "%q is not an export format (%s)", format, strings.Join(ExportFormats, ", "))
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return err
	}
	// The data has a column for each dimension of the structure, as
	// ExportStructure writes it; a figure's dimensions are among its
	// indicator's (Indicator.CheckDims).
	dims := declaredDims(inds)
	switch format {
	case SDMXCSV:
		cw, err := sdmx.NewCSVWriter(w, dims)
		if err != nil {
			return err
		}
		if err := EachRows(ctx, s, f, cw.Write); err != nil {
			return err
		}
		return cw.Flush()
	case DHIS2JSON:
		jw := dhis2.NewJSONWriter(w)
		if err := EachRows(ctx, s, f, jw.Write); err != nil {
			return err
		}
		return jw.Close()
	}
	rows, err := Rows(ctx, s, f)
	if err != nil {
		return err
	}
	for _, d := range DimensionNames(rows) {
		if !slices.Contains(dims, d) {
			dims = append(dims, d)
		}
	}
	slices.Sort(dims)
	return sdmx.WriteJSON(w, rows, dims, prepared)
}

// ExportStructure writes planwatch's SDMX data structure definition for
// the store: codelists of its units and indicators and of the dimensions
// its indicators declare, as SDMX-ML 3.0.
func ExportStructure(ctx context.Context, s planwatch.Reader, w io.Writer, prepared time.Time) error {
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return err
	}
	x := planwatch.NewUnitIndex(units)
	return sdmx.WriteStructure(w, sdmx.Structure{Units: x.All(), Indicators: inds, Dimensions: declaredDims(inds), Prepared: prepared})
}

// declaredDims lists the dimension names the indicators declare, sorted.
func declaredDims(inds []planwatch.Indicator) []string {
	var dims []string
	for _, in := range inds {
		for _, d := range in.Dimensions {
			if !slices.Contains(dims, d.Name) {
				dims = append(dims, d.Name)
			}
		}
	}
	slices.Sort(dims)
	return dims
}
