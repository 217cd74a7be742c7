package factcheck

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"planwatch"
)

// Draft is a document's text as the fact-check reads it; claims' offsets
// index into Text.
type Draft struct {
	Text   string `json:"text"`
	Format string `json:"format"` // "text" (plain or Markdown) or "docx"
}

// maxDraft bounds the size of a draft and of the text a DOCX unpacks to.
const maxDraft = 32 << 20

// ReadDraft reads a draft: a DOCX (recognised by its content, a zip holding
// word/document.xml), or text in UTF-8 (plain or Markdown, read as it is,
// so that offsets point into the file) or UTF-16 with a byte-order mark, as
// Word saves "Unicode text".
func ReadDraft(name string, data []byte) (Draft, error) {
	if len(data) > maxDraft {
		return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: %d bytes is more than a draft can be (%d)", name, len(data), maxDraft)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		text, err := readDOCX(data)
		if err != nil {
			return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: %v", name, err)
		}
		return Draft{Text: text, Format: "docx"}, nil
	case ext == ".docx":
		return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: not a DOCX file (a DOCX is a zip archive)", name)
	case ext == ".doc" || bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: an old Word (.doc) file: save it as DOCX or as text", name)
	case bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: %v", name, err)
		}
		data = out
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return Draft{}, planwatch.Errorf(planwatch.EINVALID, "%s: not UTF-8 text (save it as UTF-8, or as DOCX)", name)
	}
	return Draft{Text: norm.NFC.String(string(data)), Format: "text"}, nil
}

// readDOCX extracts the text of word/document.xml: runs joined as they
// are (so that "36", ".", "1%" in three runs read as 36.1%), a line break
// after each paragraph, table cells separated by tabs and rows by line
// breaks. Deleted text, field codes and the fallback copies of drawings
// are left out; headers and footers are not read.
func readDOCX(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("not a DOCX file: %v", err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return "", fmt.Errorf("not a DOCX file: no word/document.xml")
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("word/document.xml: %v", err)
	}
	defer rc.Close()
	text, err := documentText(io.LimitReader(rc, maxDraft))
	if err != nil {
		return "", fmt.Errorf("word/document.xml: %v", err)
	}
	return norm.NFC.String(text), nil
}

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func documentText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	var b strings.Builder
	var inText, skip, cellDepth int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Local == "Fallback" && t.Name.Space != wordNS {
				skip = 1 // mc:Fallback repeats what mc:Choice holds
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText++
			case "delText", "instrText", "delInstrText":
				skip = 1
			case "tab", "ptab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "noBreakHyphen":
				b.WriteByte('-')
			case "tc":
				cellDepth++
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Space != wordNS {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText--
			case "p":
				if cellDepth > 0 {
					b.WriteByte(' ')
				} else {
					b.WriteByte('\n')
				}
			case "tc":
				cellDepth--
				b.WriteByte('\t')
			case "tr":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText > 0 && skip == 0 {
				b.Write(t)
			}
		}
		if b.Len() > maxDraft {
			return "", fmt.Errorf("more text than a draft can hold")
		}
	}
	return b.String(), nil
}
