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
// import reads them back without a mapping.
func ExportAs(ctx context.Context, s planwatch.Reader, format string, f Filter, w io.Writer, prepared time.Time) error {
	if !slices.Contains(ExportFormats[1:], format) || format == XLSX {
		return planwatch.Errorf(planwatch.EINVALID, "%q is not an export format (%s)", format, strings.Join(ExportFormats, ", "))
	}
	rows, err := Rows(ctx, s, f)
	if err != nil {
		return err
	}
	inds, err := s.Indicators(ctx)
	if err != nil {
		return err
	}
	// The data has a column for each dimension of the structure, as
	// ExportStructure writes it.
	dims := declaredDims(inds)
	for _, d := range DimensionNames(rows) {
		if !slices.Contains(dims, d) {
			dims = append(dims, d)
		}
	}
	slices.Sort(dims)
	switch format {
	case SDMXCSV:
		return sdmx.WriteCSV(w, rows, dims)
	case SDMXJSON:
		return sdmx.WriteJSON(w, rows, dims, prepared)
	default:
		return dhis2.WriteJSON(w, rows)
	}
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
