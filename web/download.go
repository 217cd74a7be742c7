package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"planwatch/exchange"
)

// csvOut writes a table as CSV or XLSX when ?format=csv or ?format=xlsx
// asks for it, and reports whether it did.
func csvOut(w http.ResponseWriter, r *http.Request, name string, header []string, rows [][]string) bool {
	switch r.URL.Query().Get("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		// For people, who open it in a spreadsheet: no cell may run as a
		// formula there (numbers stay numbers).
		cw := csv.NewWriter(w)
		cw.Write(exchange.SafeRecord(slices.Clone(header)))
		for _, row := range rows {
			cw.Write(exchange.SafeRecord(row))
		}
		cw.Flush()
		return true
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		sheet := f.GetSheetName(0)
		for i, row := range append([][]string{header}, rows...) {
			cells := make([]any, len(row))
			for j, v := range row {
				// Numbers go in as numbers, so that the sheet can add them up.
				// Codes with leading zeros ("01", "00004") stay text.
				x, err := strconv.ParseFloat(v, 64)
				if err == nil && i > 0 && !(len(v) > 1 && v[0] == '0' && v[1] != '.') {
					cells[j] = x
				} else {
					cells[j] = v // a string cell: text, never a formula, whatever it starts with
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return true
			}
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		if err := f.Write(w); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
		return true
	}
	return false
}
