package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"planwatch/excerpt"
	"planwatch/period"
)

// PXTable is a statistics-office PX-Web table as downloaded: a title, a
// stub column of labels (provinces, regions, "WHOLE COUNTRY"), and columns
// whose headers end in a period label, optionally after a breakdown
// ("Total 1995", "Urban Prel. 2016").
type PXTable struct {
	Title   string
	Stub    string
	Columns []PXColumn
	Rows    []PXRow
}

// PXColumn is one column header, split.
type PXColumn struct {
	Label  string
	Prefix string // the breakdown before the period, "" for none
	Period period.Period
	Status string // the status the label implies: P for "Prel."
}

// PXRow is one row; missing values ("..") are NaN.
type PXRow struct {
	Label  string
	Values []float64
}

// ReadPXWeb reads the semicolon-separated layout PX-Web exports: UTF-8
// with a byte-order mark, a title line, a blank line, the header row, the
// rows. Labels are trimmed; ".." and "" are missing values.
func ReadPXWeb(r io.Reader) (*PXTable, error) {
	br := bufio.NewReader(newBoundedReader("", r, ';'))
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	// The title, then (after a blank line, which the CSV reader skips) the
	// header.
	if len(rows) < 2 || len(rows[0]) != 1 {
		return nil, fmt.Errorf("not a PX-Web table: it starts with a title line and then a header")
	}
	t := &PXTable{Title: rows[0][0], Stub: strings.TrimSpace(rows[1][0])}
	for i, h := range rows[1][1:] {
		c, err := splitPXHeader(h)
		if err != nil {
			return nil, fmt.Errorf("header column %d: %w", i+2, err)
		}
		t.Columns = append(t.Columns, c)
	}
	for n, rec := range rows[2:] {
		if len(rec) != len(t.Columns)+1 {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", n+4, len(rec), len(t.Columns)+1)
		}
		row := PXRow{Label: strings.Join(strings.Fields(rec[0]), " "), Values: make([]float64, len(t.Columns))}
		for i, s := range rec[1:] {
			s = strings.TrimSpace(s)
			if s == ".." || s == "" {
				row.Values[i] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d, column %s: %s is not a number", n+4, excerpt.Quote(t.Columns[i].Label), excerpt.Quote(s))
			}
			row.Values[i] = v
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// splitPXHeader finds the period label at the end of a column header.
func splitPXHeader(h string) (PXColumn, error) {
	h = strings.TrimSpace(h)
	words := strings.Fields(h)
	for i := range words {
		if p, status, err := period.ParseLabel(strings.Join(words[i:], " ")); err == nil {
			return PXColumn{Label: h, Prefix: strings.Join(words[:i], " "), Period: p, Status: status}, nil
		}
	}
	return PXColumn{}, fmt.Errorf("%s does not end in a period", excerpt.Quote(h))
}

// WDITable is a World Bank World Development Indicators bulk download: one
// indicator (or several), one row per country or aggregate, one column per
// year.
type WDITable struct {
	Source  string
	Updated string
	Years   []int
	Rows    []WDIRow
}

// WDIRow is one country's or aggregate's series; missing values are NaN.
type WDIRow struct {
	CountryName, CountryCode, IndicatorName, IndicatorCode string
	Values                                                 []float64
}

// ReadWDI reads the bulk CSV layout: a preamble ("Data Source", "Last
// Updated Date"), the header "Country Name","Country Code","Indicator
// Name","Indicator Code" and the years, and a trailing comma on each line.
func ReadWDI(r io.Reader) (*WDITable, error) {
	br := bufio.NewReader(newBoundedReader("", r, ','))
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	t := &WDITable{}
	i := 0
	for ; i < len(rows) && (len(rows[i]) == 0 || rows[i][0] != "Country Name"); i++ {
		switch rows[i][0] {
		case "Data Source":
			t.Source = field(rows[i], 1)
		case "Last Updated Date":
			t.Updated = field(rows[i], 1)
		}
	}
	if i == len(rows) {
		return nil, fmt.Errorf("not a World Bank bulk file: no header starting with \"Country Name\"")
	}
	header := trimTrailing(rows[i])
	if len(header) < 5 || header[1] != "Country Code" || header[3] != "Indicator Code" {
		return nil, fmt.Errorf("header %s is not Country Name, Country Code, Indicator Name, Indicator Code, years", excerpt.Quote(strings.Join(header, ",")))
	}
	for _, h := range header[4:] {
		y, err := strconv.Atoi(h)
		if err != nil {
			return nil, fmt.Errorf("header column %s is not a year", excerpt.Quote(h))
		}
		t.Years = append(t.Years, y)
	}
	for n, rec := range rows[i+1:] {
		rec = trimTrailing(rec)
		if len(rec) == 0 {
			continue
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("row %d (%s): %d fields, the header has %d", n+1, excerpt.Quote(field(rec, 0)), len(rec), len(header))
		}
		row := WDIRow{CountryName: rec[0], CountryCode: rec[1], IndicatorName: rec[2], IndicatorCode: rec[3], Values: make([]float64, len(t.Years))}
		for j, s := range rec[4:] {
			if s == "" {
				row.Values[j] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("%s %d: %s is not a number", excerpt.Quote(row.CountryCode), t.Years[j], excerpt.Quote(s))
			}
			row.Values[j] = v
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func field(rec []string, i int) string {
	if i < len(rec) {
		return rec[i]
	}
	return ""
}

// trimTrailing drops the empty field the trailing comma makes.
func trimTrailing(rec []string) []string {
	if n := len(rec); n > 0 && rec[n-1] == "" {
		return rec[:n-1]
	}
	return rec
}
