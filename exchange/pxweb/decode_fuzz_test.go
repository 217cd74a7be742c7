package pxweb

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// vietnamese are the letters of Vietnamese beyond ASCII.
const vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"

// misdecode is what a tool does to UTF-8 text that it reads as
// Windows-1252 and saves as UTF-8 again: each byte becomes the character
// Windows-1252 has for it, or the C1 control of the same number where it
// has none.
func misdecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 {
			b.WriteByte(c)
			continue
		}
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzUnmojibake: Vietnamese text (ASCII and Vietnamese letters) is never
// taken for mojibake, and the same text mis-decoded is repaired to it,
// whatever the text; a repair of any text gives what was mis-decoded.
func FuzzUnmojibake(f *testing.F) {
	for _, s := range []string{"Địa phương", "Diện tích (Km2)", "Bắc Ninh", "TP. Hồ Chí Minh", "Thừa Thiên Huế", "Hải Phòng", "Mật độ dân số (Người/km2)", "Cả nước", "Sơ bộ 2022", "Ấp", "Ở", "đ", "Ð", "é", "Ãâ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		plain := true
		for _, r := range s {
			if r >= utf8.RuneSelf && !strings.ContainsRune(vietnamese, unicode.ToLower(r)) {
				plain = false
			}
		}
		if plain {
			if r, ok, broken := unmojibake(s); ok || broken || r != s {
				t.Fatalf("Vietnamese %q taken for mojibake: %q %v %v", s, r, ok, broken)
			}
		}
		m := misdecode(s)
		r, ok, _ := unmojibake(m)
		if ok && r != s {
			t.Fatalf("%q mis-decoded as %q repaired to %q", s, m, r)
		}
		if plain && m != s && !ok {
			t.Fatalf("%q mis-decoded as %q not repaired", s, m)
		}
	})
}
