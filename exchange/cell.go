package exchange

import "planwatch"

// Spreadsheets run a cell that starts with =, +, -, @, a tab or a carriage
// return as a formula: a unit named =HYPERLINK(...) in a CSV download would
// run when an officer opens it in Excel. OWASP's rule is to start such a
// cell with an apostrophe, which spreadsheets read as "this is text" and do
// not show.

// formulaStart reports whether a spreadsheet may read s as a formula.
func formulaStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// SafeCell is s made safe for a spreadsheet: an apostrophe before a cell
// that would start a formula. A number ("-3.5") is left as it is, so that
// it stays a number.
func SafeCell(s string) string {
	if !formulaStart(s) {
		return s
	}
	if _, err := planwatch.ParseNumber(s); err == nil {
		return s
	}
	return "'" + s
}

// SafeRecord applies SafeCell to every field of a CSV record, in place.
func SafeRecord(rec []string) []string {
	for i, s := range rec {
		rec[i] = SafeCell(s)
	}
	return rec
}
