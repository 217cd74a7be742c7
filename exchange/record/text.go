package record

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Lines tells the line of a byte offset in a document: the readers of
// JSON files name lines like the CSV readers do.
type Lines struct {
	data []byte
	nl   []int
}

// NewLines indexes the line breaks of data.
func NewLines(data []byte) *Lines {
	l := &Lines{data: data}
	for i, c := range data {
		if c == '\n' {
			l.nl = append(l.nl, i)
		}
	}
	return l
}

// At is the 1-based line of the token that starts at off or after the
// blanks, commas and colons there: a JSON decoder's offset is where the
// token before ended.
func (l *Lines) At(off int64) int {
	for off >= 0 && off < int64(len(l.data)) && bytes.IndexByte([]byte(" \t\r\n,:"), l.data[off]) >= 0 {
		off++
	}
	return sort.SearchInts(l.nl, int(off)) + 1
}

// JSONText is a JSON scalar as text: a string unquoted, a number or a
// boolean as written; "" for null, an object or an array.
func JSONText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	if raw[0] == '{' || raw[0] == '[' {
		return ""
	}
	return string(raw)
}
