package factcheck

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// docx makes a minimal DOCX whose body is the given WordprocessingML.
func docx(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`},
	}
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxBody = `<w:p><w:r><w:t>Xuất khẩu ước đạt </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>94</w:t></w:r><w:r><w:t xml:space="preserve"> tỷ USD, tăng </w:t></w:r>` +
	`<w:r><w:t>36</w:t></w:r><w:r><w:t>,</w:t></w:r><w:r><w:t>1%</w:t></w:r><w:del><w:r><w:delText>40%</w:delText></w:r></w:del>` +
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE 12</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:r><w:t xml:space="preserve"> so với năm 2024.</w:t></w:r></w:p>` +
	`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nhập khẩu</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>88 tỷ USD</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
	`<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>Hộp văn bản</w:t></mc:Choice><mc:Fallback><w:t>Hộp văn bản</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`

func TestReadDOCX(t *testing.T) {
	d, err := ReadDraft("bao-cao.docx", docx(t, docxBody))
	if err != nil {
		t.Fatal(err)
	}
	want := "Xuất khẩu ước đạt 94 tỷ USD, tăng 36,1% so với năm 2024.\nNhập khẩu \t88 tỷ USD \t\nHộp văn bản\n"
	if d.Format != "docx" || d.Text != want {
		t.Fatalf("text %q (%s), want %q", d.Text, d.Format, want)
	}
	// "36" "," "1%" in three runs read as one claim, and its offsets point
	// into the extracted text.
	cs := Find(d.Text)
	var got []string
	for _, c := range cs {
		got = append(got, d.Text[c.Start:c.End])
	}
	if strings.Join(got, "|") != "ước đạt 94 tỷ USD|tăng 36,1% so với năm 2024|88 tỷ USD" {
		t.Errorf("claims %q", got)
	}
	rep := run(t, d.Text, "24", "2025")
	if r := result(t, rep, "tăng 36,1%"); r.Indicator != "EXPORTS" || r.Verdict != Confirmed {
		t.Errorf("growth of exports in a DOCX: %+v", r)
	}
	if r := result(t, rep, "88 tỷ USD"); r.Indicator != "IMPORTS" || r.Verdict != Confirmed {
		t.Errorf("imports in a DOCX table: %+v", r)
	}
}

func TestReadDraft(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("Xuất khẩu tăng 36,1%."))
	for _, c := range []struct {
		name string
		data []byte
		text string
		err  string
	}{
		{"a.txt", []byte("\ufeffExports rose 36.1%."), "Exports rose 36.1%.", ""},
		{"a.md", []byte("# Kết quả\n\n**Xuất khẩu** tăng 36,1%."), "# Kết quả\n\n**Xuất khẩu** tăng 36,1%.", ""},
		{"a.txt", utf16, "Xuất khẩu tăng 36,1%.", ""},
		// Decomposed diacritics are composed, as every other text is.
		{"a.txt", []byte("Xua\u0302\u0301t kha\u0302\u0309u"), "Xuất khẩu", ""},
		{"a.txt", []byte{0xff, 0x41, 0xc3}, "", "not UTF-8"},
		{"a.docx", []byte("plain text"), "", "not a DOCX"},
		{"a.doc", []byte("\xd0\xcf\x11\xe0rest"), "", "old Word"},
		{"a.docx", []byte("PK\x03\x04broken"), "", "not a DOCX"},
		{"a.docx", docx(t, `<w:p><w:r><w:t>unclosed`), "", "word/document.xml"},
	} {
		d, err := ReadDraft(c.name, c.data)
		switch {
		case c.err == "" && (err != nil || d.Text != c.text):
			t.Errorf("%s: %q, %v; want %q", c.name, d.Text, err, c.text)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.err)
		}
	}
}
