package pxweb

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Text in statistics tables comes in three states. UTF-8, as PX-Web
// writes it. A single-byte code page (Windows-1252), where a tool saved
// Vietnamese in an encoding that has only some of its letters: those it
// has (í, â, ì) decode, the others were written as "?" and are lost
// ("Di?n tích" for Diện tích). And mis-decoded UTF-8 ("mojibake"): UTF-8
// read as Windows-1252 (or Latin-1) and saved again as UTF-8, so that
// "Địa phương" reads "Äá»‹a phÆ°Æ¡ng"; writing it back to Windows-1252
// gives the original bytes, which decode as UTF-8 again, unless a
// character was lost on the way.

// decoding is what was done to make a file's text UTF-8.
type decoding struct {
	legacy bool // the bytes were not UTF-8: read as Windows-1252
	// How many labels were repaired, could not be, or have lost letters,
	// with the first of each.
	repaired, broken, lost       int
	repairedEx, brokenEx, lostEx string
}

// notes are the remarks a reader gives about the decoding.
func (d *decoding) notes() []string {
	var out []string
	if d.legacy {
		out = append(out, "tệp không ở mã UTF-8: đã đọc theo Windows-1252 / the file is not UTF-8: read as Windows-1252")
	}
	if d.repaired > 0 {
		out = append(out, fmt.Sprintf("đã sửa %d nhãn bị giải mã sai (UTF-8 bị đọc nhầm thành Windows-1252), ví dụ %s / repaired %d mis-decoded labels (UTF-8 read as Windows-1252), such as %s",
			d.repaired, d.repairedEx, d.repaired, d.repairedEx))
	}
	if d.broken > 0 {
		out = append(out, fmt.Sprintf("%d nhãn bị giải mã sai không sửa được vì đã mất byte, ví dụ %q / %d mis-decoded labels cannot be repaired: bytes are lost, such as %q",
			d.broken, d.brokenEx, d.broken, d.brokenEx))
	}
	if d.lost > 0 {
		out = append(out, fmt.Sprintf("%d nhãn có chữ đã mất khi tệp được lưu ở bảng mã một byte (ghi là ?), ví dụ %q; tên đơn vị được so khớp với ? là một chữ bất kỳ / %d labels have letters lost when the file was saved in a single-byte code page (written ?), such as %q; unit names are matched with ? standing for any letter",
			d.lost, d.lostEx, d.lost, d.lostEx))
	}
	return out
}

// decodeText makes a file's bytes UTF-8: a byte-order mark is dropped,
// bytes that are not UTF-8 are read as Windows-1252.
func decodeText(data []byte, d *decoding) string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	if utf8.ValidString(s) {
		return s
	}
	d.legacy = true
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		// Windows-1252 decodes every byte; keep the valid part otherwise.
		return strings.ToValidUTF8(s, "?")
	}
	// Tools that write Vietnamese in Windows-1252 put its nearest letter,
	// the Icelandic eth (Ð, ð), for Đ and đ.
	return strings.NewReplacer("Ð", "Đ", "ð", "đ").Replace(out)
}

// cell repairs one label: mojibake is undone where the bytes allow, and
// noted where they do not; letters lost to a single-byte code page are
// noted.
func (d *decoding) cell(s string) string {
	if r, ok, broken := unmojibake(s); ok {
		if d.repaired++; d.repaired == 1 {
			d.repairedEx = fmt.Sprintf("%q → %q", s, r)
		}
		return r
	} else if broken {
		if d.broken++; d.broken == 1 {
			d.brokenEx = s
		}
	}
	if d.legacy && hasLostLetter(s) {
		if d.lost++; d.lost == 1 {
			d.lostEx = s
		}
	}
	return s
}

// mojibakeMarks are the characters that UTF-8's lead bytes of Latin and
// Vietnamese letters (C2-C6, E1) turn into when read as Windows-1252.
const mojibakeMarks = "ÂÃÄÅÆá"

// unmojibake undoes UTF-8 read as Windows-1252 (or Latin-1) and saved
// again. ok reports a repair; broken, text that looks mis-decoded but
// whose bytes no longer make UTF-8.
func unmojibake(s string) (repaired string, ok, broken bool) {
	if !strings.ContainsAny(s, mojibakeMarks) {
		return s, false, false
	}
	b := make([]byte, 0, len(s))
	high := false
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r <= 0xff:
			// Latin-1, and the five bytes Windows-1252 leaves undefined
			// (0x81, 0x8D, 0x8F, 0x90, 0x9D), which decoders pass as C1
			// controls.
			b = append(b, byte(r))
			high = true
		default:
			c, ok := charmap.Windows1252.EncodeRune(r)
			if !ok {
				return s, false, false // a character Windows-1252 has no byte for: not mojibake
			}
			b = append(b, c)
			high = true
		}
	}
	if !high {
		return s, false, false
	}
	if !utf8.Valid(b) {
		// Mojibake whose bytes were lost (a ? where a byte was), or text
		// that only looks like it.
		return s, false, looksMisdecoded(s)
	}
	return string(b), true, false
}

// looksMisdecoded reports text with the pairs mojibake of Vietnamese makes
// ("á»", "Æ°", "Ä‘").
func looksMisdecoded(s string) bool {
	for _, p := range []string{"á»", "Æ°", "Æ¡", "Ä‘", "Ä\u0090", "Ã¡", "Ã³", "Ã­", "Ãª", "Ã´", "Ã¢", "áº"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// hasLostLetter reports a ? inside or at the end of a word: a letter a
// single-byte code page had no byte for.
func hasLostLetter(s string) bool {
	rs := []rune(s)
	for i, r := range rs {
		if r != '?' {
			continue
		}
		before := i > 0 && unicode.IsLetter(rs[i-1])
		after := i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || rs[i+1] == '?')
		if before || after {
			return true
		}
	}
	return false
}
