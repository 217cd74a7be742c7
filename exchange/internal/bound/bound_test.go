package bound

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// A field of exactly the bound passes, one byte more does not; a quoted
// field's quotes and doubled quotes count as its bytes, separators do not.
func TestBoundedReaderEdges(t *testing.T) {
	read := func(s string) error {
		b := NewReader("f", strings.NewReader(s), ',')
		b.maxField, b.maxRow, b.maxFields = 8, 20, 4
		out, err := io.ReadAll(b)
		if err == nil && string(out) != s {
			t.Errorf("%q passed through as %q", s, out)
		}
		return err
	}
	for s, ok := range map[string]bool{
		"12345678,12345678\n":                  true,
		"123456789\n":                          false,
		"\"1\"\"3\"\"\",a\n":                   true,  // "1""3""" is 8 bytes
		"\"1\"\"34\"\"\",a\n":                  false, // and "1""34""" 9
		"\"1,\n456\"\n":                        true,  // a quoted comma and line break are field bytes
		"\"1,\n4567\"\n":                       false, // 9 of them
		"1234567,1234567,1234567\n":            false, // a row of 21
		"1234567,1234567\n1234567,1234567\n":   true,
		"1234567,1234567\r\n1234567,1234567\n": true,
		"1,2,3,4\n1,2,3,4\n":                   true,
		"1,2,3,4,5\n":                          false, // 5 fields
		",,,,":                                 false,
		"\"1,2,3,\"\n":                         true, // one field
	} {
		err := read(s)
		if (err == nil) != ok {
			t.Errorf("%q: err = %v", s, err)
		}
		var tl *TooLongError
		if err != nil && !errors.As(err, &tl) {
			t.Errorf("%q: %T %v", s, err, err)
		}
	}
}

// The bounded reader passes every byte through until a bound is passed,
// and then fails at the line it is on.
func FuzzBoundedReader(f *testing.F) {
	f.Add([]byte("a,b\n\"c\nd\",e\n"), byte(','))
	f.Add([]byte("\"unterminated,field,that,goes,on\nand\non"), byte(','))
	f.Add([]byte("x;y;zzzzzzzzzzzzzzzzzzzz\n"), byte(';'))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		b := NewReader("f", bytes.NewReader(data), comma)
		b.maxField, b.maxRow, b.maxFields = 8, 32, 6
		out, err := io.ReadAll(b)
		if !bytes.HasPrefix(data, out) {
			t.Fatalf("output %q is not a prefix of %q", out, data)
		}
		// The same as following every byte.
		ref := NewReader("f", nil, comma)
		ref.maxField, ref.maxRow, ref.maxFields = 8, 32, 6
		k := 0
		for k < len(data) && ref.step(data[k]) {
			k++
		}
		if k != len(out) || fmt.Sprint(ref.err) != fmt.Sprint(b.err) {
			t.Fatalf("%d bytes and %v, byte by byte %d and %v", len(out), b.err, k, ref.err)
		}
		if err == nil {
			if !bytes.Equal(out, data) {
				t.Fatalf("no error, but %q of %q", out, data)
			}
			return
		}
		var tl *TooLongError
		if !errors.As(err, &tl) {
			t.Fatalf("%T %v", err, err)
		}
		if want := 1 + bytes.Count(out, []byte("\n")); tl.Line != want {
			t.Fatalf("error on line %d, the output ends on line %d", tl.Line, want)
		}
		if len(out) >= len(data) {
			t.Fatalf("error, but the whole input passed")
		}
	})
}
