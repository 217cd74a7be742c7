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

// Canonical files are opened in spreadsheets too, and must still give back
// exactly what was exported. Export writes every cell that would start a
// formula, and every cell that starts with an apostrophe, with one
// apostrophe before it; Read takes one leading apostrophe off every cell.
// So "=A1" travels as "'=A1", "'tis" as "''tis", and both come back as
// they were; numbers ("-3.5") travel as they are.

// canonicalCell is s as a canonical file writes it.
func canonicalCell(s string) string {
	if s != "" && s[0] == '\'' {
		return "'" + s
	}
	return SafeCell(s)
}

// canonicalValue is a cell of a canonical file as the value it stands for.
func canonicalValue(s string) string {
	if s != "" && s[0] == '\'' {
		return s[1:]
	}
	return s
}
