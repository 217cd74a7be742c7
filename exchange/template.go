package exchange

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"planwatch"
	"planwatch/exchange/record"
	"planwatch/locale"
)

// WriteMappingTemplate writes a mapping file listing the codes an import
// needs rules for, with the best guess it can make for each from the
// store's units and indicators: a unit or indicator whose code or name (in
// either language, with or without diacritics) matches the code or the
// label the file gives it. A guessed rule carries its reason in the guess
// column, and the import refuses it until a person has checked it and
// emptied that column.
//
// When no field of the file names the unit or the indicator, the template
// also lists every value of the file's dimensions, so that rules can give
// them by dimension.
func WriteMappingTemplate(w io.Writer, nm *NeedMapping, units []planwatch.Unit, indicators []planwatch.Indicator) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(record.MappingColumns); err != nil {
		return err
	}
	needs := slices.Clone(nm.Needs)
	listed := map[[2]string]bool{}
	every := false
	for _, n := range needs {
		listed[[2]string{n.Field, n.Value}] = true
		every = every || n.Field == "*"
	}
	if every {
		for _, f := range nm.Fields {
			for _, v := range nm.Values[f] {
				if !listed[[2]string{f, v.Value}] {
					listed[[2]string{f, v.Value}] = true
					needs = append(needs, Need{Field: f, Value: v.Value, Label: v.Label})
				}
			}
		}
	}
	written := map[[2]string]bool{}
	for _, n := range needs {
		if written[[2]string{n.Field, n.Value}] {
			continue // the * row, needed for both the unit and the indicator
		}
		written[[2]string{n.Field, n.Value}] = true
		row := make([]string, len(record.MappingColumns))
		row[0], row[1], row[6] = n.Field, n.Value, n.Label
		switch n.Role {
		case "unit":
			if u, why := guessUnit(n, units); why != "" {
				row[2], row[7] = u, why
			}
		case "indicator":
			if in, why := guessIndicator(n, indicators); why != "" {
				row[3], row[7] = in, why
			}
		case "dims":
			row[7] = "ghi phân tổ mà mã này chỉ (price=current), hoặc để trống nếu không có / give the dimension values (price=current) this code stands for, or leave unit, indicator and dims empty for none"
		}
		if n.Field == "*" {
			row[6] = "mọi điểm số liệu: tệp không có trường nào nêu đơn vị hay chỉ tiêu; ghi ở đây, hoặc ở các dòng phân tổ bên dưới / every point: no field of the file names its unit or indicator; give them here, or in the rows of the file's dimensions below"
		}
		// Codes go out as canonical cells do, which the mapping reader
		// takes back exactly (an outside code "=HYPERLINK(...)" as
		// "'=HYPERLINK(...)"); the texts for people are made safe for a
		// spreadsheet.
		for i := range row[:6] {
			row[i] = canonicalCell(row[i])
		}
		row[6], row[7] = SafeCell(row[6]), SafeCell(row[7])
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// guessUnit finds the unit a code or label names, and says why.
func guessUnit(n Need, units []planwatch.Unit) (string, string) {
	var found []planwatch.Unit
	why := ""
	for _, try := range []struct {
		match func(planwatch.Unit) bool
		why   string
	}{
		{func(u planwatch.Unit) bool { return strings.EqualFold(u.Code, n.Value) }, "trùng mã / the code matches "},
		{func(u planwatch.Unit) bool {
			return n.Label != "" && (locale.Fold(u.NameVI) == locale.Fold(n.Label) || locale.Fold(u.NameEN) == locale.Fold(n.Label))
		}, "trùng tên trong tệp / the label matches "},
		{func(u planwatch.Unit) bool {
			return locale.Fold(u.NameVI) == locale.Fold(n.Value) || locale.Fold(u.NameEN) == locale.Fold(n.Value)
		}, "mã là tên của / the code is the name of "},
	} {
		for _, u := range units {
			if try.match(u) {
				found = append(found, u)
			}
		}
		if len(found) > 0 {
			why = try.why
			break
		}
	}
	if len(found) == 0 {
		return "", ""
	}
	// The latest of several units with one name (a province before and
	// after a merger), named with its date.
	slices.SortFunc(found, func(a, b planwatch.Unit) int { return strings.Compare(string(b.ValidFrom), string(a.ValidFrom)) })
	u := found[0]
	ref := u.Code
	if len(found) > 1 && u.ValidFrom != "" {
		ref = u.Code + "@" + string(u.ValidFrom)
	}
	others := ""
	if len(found) > 1 {
		others = "; còn đơn vị khác cũng trùng / other units match too"
	}
	return ref, "đoán / guess: " + why + u.String() + others
}

// guessIndicator finds the indicator a code or label names, and says why.
func guessIndicator(n Need, inds []planwatch.Indicator) (string, string) {
	label := locale.Fold(n.Label)
	value := locale.Fold(n.Value)
	for _, in := range inds {
		if strings.EqualFold(in.Code, n.Value) {
			return in.Code, "đoán / guess: trùng mã / the code matches " + in.Code
		}
	}
	for _, in := range inds {
		vi, en := locale.Fold(in.NameVI), locale.Fold(in.NameEN)
		if label != "" && (vi == label || en == label) || vi == value || en == value {
			return in.Code, "đoán / guess: trùng tên / the name matches " + in.Code + " (" + in.NameVI + " / " + in.NameEN + ")"
		}
	}
	if label == "" {
		return "", ""
	}
	for _, in := range inds {
		vi, en := locale.Fold(in.NameVI), locale.Fold(in.NameEN)
		if vi != "" && strings.Contains(label, vi) || en != "" && strings.Contains(label, en) {
			return in.Code, "đoán / guess: tên trong tệp chứa tên / the label contains the name of " + in.Code + " (" + in.NameVI + " / " + in.NameEN + ")"
		}
	}
	return "", ""
}
