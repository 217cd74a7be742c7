package account

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"planwatch"
)

// AuditFilter is the audit listing's filter for a principal: the unit
// asked for (0: every unit) and what lies below it, cut to the units
// whose audit the grants allow. ok is false when they allow none of it.
func (s *Scope) AuditFilter(grants []planwatch.Grant, unit int64, f planwatch.AuditFilter) (planwatch.AuditFilter, bool) {
	allowed, all := s.AllowedUnits(grants, Audit)
	if unit != 0 {
		f.Units = s.Below(unit)
	}
	switch {
	case all:
		return f, true
	case unit == 0:
		f.Units = allowed
	default:
		f.Units = slices.DeleteFunc(f.Units, func(id int64) bool { _, ok := slices.BinarySearch(allowed, id); return !ok })
	}
	return f, len(f.Units) > 0
}

// AuditFormats are the formats WriteAudit writes.
var AuditFormats = []string{"table", "csv", "json"}

// auditHeader names the columns in both languages.
var auditHeader = map[string][]string{
	"vi": {"thời điểm", "người", "từ đâu", "loại", "khóa", "đơn vị", "trước", "sau"},
	"en": {"at", "user", "via", "kind", "key", "unit", "before", "after"},
}

// WriteAudit writes audit entries as an aligned table, CSV (a header,
// then one row each, for a spreadsheet) or JSON (an array), the table's
// and the CSV's header in the language.
func WriteAudit(w io.Writer, es []planwatch.AuditEntry, format, lang string) error {
	head := auditHeader["vi"]
	if lang == "en" {
		head = auditHeader["en"]
	}
	row := func(e planwatch.AuditEntry) []string {
		return []string{e.At.UTC().Format(time.RFC3339), e.User, e.Via, e.Kind, e.Key, e.UnitCode, e.Before, e.After}
	}
	switch format {
	case "json":
		if es == nil {
			es = []planwatch.AuditEntry{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(es)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(head)
		for _, e := range es {
			cw.Write(row(e))
		}
		cw.Flush()
		return cw.Error()
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(head, "\t"))
		for _, e := range es {
			r := row(e)
			for i, c := range r {
				r[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(c)
			}
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	}
	return planwatch.Errorf(planwatch.EINVALID, "format %q: one of %s", format, strings.Join(AuditFormats, ", "))
}
