// Package docx writes a report as a Word document (Office Open XML,
// ISO/IEC 29500), with its own small writer over archive/zip: the Go
// libraries for DOCX are unmaintained, paid, or much larger than the few
// parts a report needs. The document has styles (Times New Roman 13 pt, as
// Vietnamese administrative documents are set, A4 with their margins),
// headings, justified paragraphs, tables whose header row repeats, real
// Word footnotes (each sentence's note gives the documents and versions
// its figures come from), the charts as PNG pictures drawn from the web's
// SVG (package chart/raster), the annex of sources, and page numbers. The
// zip's entries carry a fixed time, so the same report gives the same
// bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"planwatch/chart/raster"
	"planwatch/report"
)

// Page geometry in twentieths of a point (twips): A4, margins 20 mm top
// and bottom, 30 mm left, 18 mm right (Decree 30/2020/ND-CP's ranges).
const (
	pageW, pageH                       = 11906, 16838
	marginT, marginB, marginL, marginR = 1134, 1134, 1701, 1021
	textW                              = pageW - marginL - marginR
	emuPerTwip                         = 635
)

// Write gives the report as the bytes of a .docx file.
func Write(r *report.Report) ([]byte, error) {
	d := &doc{r: r}
	body, err := d.body()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	files := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", d.core()},
		{"word/document.xml", body},
		{"word/styles.xml", d.styles()},
		{"word/settings.xml", settings},
		{"word/footnotes.xml", d.footnotes()},
		{"word/footer1.xml", d.footer()},
		{"word/_rels/document.xml.rels", d.rels()},
	}
	for _, f := range files {
		if err := add(z, f.name, []byte(f.data)); err != nil {
			return nil, err
		}
	}
	for i, img := range d.images {
		if err := add(z, fmt.Sprintf("word/media/chart%d.png", i+1), img); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fixedTime stamps every entry of the zip, so that the file depends on the
// report only.
var fixedTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func add(z *zip.Writer, name string, data []byte) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixedTime})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// DocumentXML gives the text of word/document.xml alone, for tests that
// compare it with a golden file.
func DocumentXML(r *report.Report) (string, error) {
	d := &doc{r: r}
	return d.body()
}

type doc struct {
	r      *report.Report
	images [][]byte
	b      strings.Builder
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const nsDrawing = ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// esc escapes text for XML and drops the characters XML cannot hold.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0xfffe || r == 0xffff || r == utf8.RuneError:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// run is a run of text in a style of character.
func run(text, rstyle string) string {
	if text == "" {
		return ""
	}
	rpr := ""
	if rstyle != "" {
		rpr = `<w:rPr><w:rStyle w:val="` + rstyle + `"/></w:rPr>`
	}
	return `<w:r>` + rpr + `<w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}

func footnoteRef(n int) string {
	if n == 0 {
		return ""
	}
	return `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="` + strconv.Itoa(n) + `"/></w:r>`
}

func para(style, runs string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + runs + `</w:p>` + "\n"
}

// sentences writes a paragraph's sentences as runs, a footnote after each
// sentence that has a note.
func sentences(ss []report.Sentence) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteString(run(" ", ""))
		}
		b.WriteString(spans(s.Spans))
		b.WriteString(footnoteRef(s.Note))
	}
	return b.String()
}

func spans(ss []report.Span) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(run(s.Text, ""))
	}
	return b.String()
}

func (d *doc) body() (string, error) {
	b := &d.b
	b.Reset()
	d.images = nil
	b.WriteString(xmlHeader + `<w:document ` + nsW + nsDrawing + `><w:body>`)
	b.WriteString(para("Title", run(d.r.Title, "")))
	for _, s := range d.r.Subtitle {
		b.WriteString(para("Subtitle", run(s, "")))
	}
	for _, sec := range d.r.Sections {
		b.WriteString(para("Heading1", run(sec.Heading, "")))
		for _, blk := range sec.Blocks {
			switch {
			case blk.Paragraph != nil:
				b.WriteString(para("", sentences(blk.Paragraph.Sentences)))
			case blk.List != nil:
				for _, it := range blk.List {
					b.WriteString(para("ListItem", run("–\t", "")+sentences(it.Sentences)))
				}
			case blk.Table != nil:
				d.table(blk.Table)
			case blk.Chart != nil:
				if err := d.chart(blk.Chart); err != nil {
					return "", err
				}
			}
		}
	}
	if len(d.r.Sources) > 0 {
		b.WriteString(para("Heading1", run(d.r.Labels.Sources, "")))
		for _, s := range d.r.Sources {
			b.WriteString(para("Source", run("["+strconv.Itoa(s.N)+"]\t", "")+run(s.Document, "")))
			for _, e := range s.Entries {
				line := e.What + ": " + e.Value
				if e.Meta != "" {
					line += " (" + e.Meta + ")"
				}
				if e.Quote != "" {
					line += ". " + e.Quote
				}
				b.WriteString(para("SourceEntry", run(line, "")))
			}
		}
	}
	b.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>` +
		fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`,
			pageW, pageH, marginT, marginR, marginB, marginL) +
		`<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr></w:sectPr></w:body></w:document>`)
	return b.String(), nil
}

// table writes a table across the text's width, its columns as wide as
// their longest words ask, its header row repeated on each page.
func (d *doc) table(t *report.Table) {
	b := &d.b
	if t.Caption != "" {
		b.WriteString(para("Caption", run(t.Caption, "")))
	}
	widths := columnWidths(t)
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="ReportTable"/><w:tblW w:w="` + strconv.Itoa(textW) + `" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
		`<w:tblBorders><w:top w:val="single" w:sz="4" w:color="808080"/><w:left w:val="single" w:sz="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:color="808080"/><w:right w:val="single" w:sz="4" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:color="808080"/></w:tblBorders>` +
		`<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	b.WriteString(`<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
	for i, h := range t.Head {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(widths[i]) + `" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="E8ECF0"/></w:tcPr>` + para("TableHead", run(h, "")) + `</w:tc>`)
	}
	b.WriteString("</w:tr>\n")
	for _, row := range t.Rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i, c := range row {
			w := textW / max(len(row), 1)
			if i < len(widths) {
				w = widths[i]
			}
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/>`)
			if col, ok := statusColours[c.Class]; ok {
				b.WriteString(`<w:tcBorders><w:left w:val="single" w:sz="24" w:color="` + col + `"/></w:tcBorders>`)
			}
			b.WriteString(`</w:tcPr>`)
			b.WriteString(para("TableText", spans(c.Spans)+footnoteRef(c.Note)))
			if c.Sub != "" {
				b.WriteString(para("TableNote", run(c.Sub, "")))
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString("</w:tr>\n")
	}
	b.WriteString("</w:tbl>\n")
	b.WriteString(para("AfterTable", ""))
}

// statusColours mark a verdict's cell, as the pages colour statuses.
var statusColours = map[string]string{
	"achieved": "1E7B34", "on_track": "3D8F4F", "acceleration_needed": "C98A00",
	"off_track": "C2410C", "regressing": "A4161A", "not_assessable": "8A939B",
}

// columnWidths shares the text's width among the columns by the length of
// their longest word and their text, each at least 1 cm.
func columnWidths(t *report.Table) []int {
	n := len(t.Head)
	need := make([]float64, n)
	measure := func(i int, s string) {
		if i >= n {
			return
		}
		longest := 0
		for _, w := range strings.Fields(s) {
			longest = max(longest, utf8.RuneCountInString(w))
		}
		need[i] = math.Max(need[i], math.Max(float64(longest)*1.6, math.Sqrt(float64(utf8.RuneCountInString(s)))*3))
	}
	for i, h := range t.Head {
		measure(i, h)
	}
	for _, row := range t.Rows {
		for i, c := range row {
			measure(i, c.Text()+" "+c.Sub)
		}
	}
	total := 0.0
	for _, v := range need {
		total += v
	}
	out := make([]int, n)
	sum := 0
	for i, v := range need {
		out[i] = max(567, int(float64(textW)*v/total))
		sum += out[i]
	}
	// What rounding and the minimum took or left goes to the widest.
	widest := 0
	for i := range out {
		if out[i] > out[widest] {
			widest = i
		}
	}
	out[widest] += textW - sum
	return out
}

// chart draws the chart as a PNG across the text's width, with its
// caption below.
func (d *doc) chart(c *report.Chart) error {
	img, err := raster.PNG(c.SVG, 2)
	if err != nil {
		return err
	}
	d.images = append(d.images, img)
	n := len(d.images)
	cx := int64(textW) * emuPerTwip
	cy := int64(float64(cx) * c.Height / c.Width)
	id := strconv.Itoa(n)
	d.b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">` +
		fmt.Sprintf(`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%s" name="Chart %s" descr="%s"/>`, cx, cy, id, id, esc(c.Title)) +
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
		fmt.Sprintf(`<pic:nvPicPr><pic:cNvPr id="%s" name="chart%s.png"/><pic:cNvPicPr/></pic:nvPicPr>`, id, id) +
		`<pic:blipFill><a:blip r:embed="rIdChart` + id + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		fmt.Sprintf(`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`, cx, cy) +
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>` + "\n")
	d.b.WriteString(para("Caption", run(c.Caption, "")))
	return nil
}

// footnotes writes the notes as Word footnotes, after the two separators
// Word expects.
func (d *doc) footnotes() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:footnotes ` + nsW + `>` +
		`<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>` +
		`<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>`)
	for _, n := range d.r.Notes {
		b.WriteString(`<w:footnote w:id="` + strconv.Itoa(n.N) + `"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>` +
			`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>` + run(" "+noteText(n, d.r.Sources), "") + `</w:p></w:footnote>`)
	}
	b.WriteString(`</w:footnotes>`)
	return b.String()
}

// noteText writes a note's items, each with the sources it cites, by
// their number in the annex and their short name: "94 tỷ USD: bản ghi 1,
// ước tính, ghi nhận ngày 31/12/2025 [1: Báo Bắc Ninh, bản tiếng Anh,
// 31/12/2025]."
func noteText(n report.Note, sources []report.Source) string {
	var parts []string
	for _, it := range n.Items {
		s := it.Figure + ": " + it.Text
		if len(it.Sources) > 0 {
			var ns []string
			for _, x := range it.Sources {
				c := strconv.Itoa(x)
				if x >= 1 && x <= len(sources) && sources[x-1].Short != "" {
					c += ": " + sources[x-1].Short
				}
				ns = append(ns, c)
			}
			s += " [" + strings.Join(ns, "; ") + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ". ") + "."
}

func (d *doc) footer() string {
	return xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>` +
		run(d.r.Labels.Page+" ", "") + `<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
		run(" "+d.r.Labels.Of+" ", "") + `<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`
}

func (d *doc) rels() string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>` +
		`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	for i := range d.images {
		fmt.Fprintf(&b, `<Relationship Id="rIdChart%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`, i+1, i+1)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func (d *doc) core() string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>` + esc(d.r.Title) + `</dc:title><dc:language>` + esc(d.r.Lang) + `</dc:language><dc:creator>planwatch</dc:creator></cp:coreProperties>`
}

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const settings = xmlHeader + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:defaultTabStop w:val="567"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// styles are the report's paragraph and character styles.
func (d *doc) styles() string {
	lang := "vi-VN"
	if d.r.Lang == "en" {
		lang = "en-GB"
	}
	pstyle := func(id, name, ppr, rpr string) string {
		return `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>` + ppr + `</w:pPr><w:rPr>` + rpr + `</w:rPr></w:style>`
	}
	return xmlHeader + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="` + lang + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>` +
		pstyle("Title", "Title", `<w:jc w:val="center"/><w:spacing w:after="120"/>`, `<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>`) +
		pstyle("Subtitle", "Subtitle", `<w:jc w:val="center"/><w:spacing w:after="40"/>`, `<w:i/><w:sz w:val="24"/>`) +
		pstyle("Heading1", "heading 1", `<w:keepNext/><w:spacing w:before="300" w:after="120"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/>`, `<w:b/><w:sz w:val="28"/><w:szCs w:val="28"/>`) +
		pstyle("ListItem", "List Paragraph", `<w:ind w:left="567" w:hanging="283"/>`, ``) +
		pstyle("Caption", "caption", `<w:keepNext/><w:spacing w:before="120" w:after="120" w:line="260" w:lineRule="auto"/><w:jc w:val="left"/>`, `<w:i/><w:sz w:val="22"/>`) +
		pstyle("Figure", "Figure", `<w:keepNext/><w:jc w:val="center"/><w:spacing w:before="120" w:after="0"/>`, ``) +
		pstyle("TableHead", "Table Heading", `<w:jc w:val="left"/><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>`, `<w:b/><w:sz w:val="20"/>`) +
		pstyle("TableText", "Table Contents", `<w:jc w:val="left"/><w:spacing w:before="40" w:after="20" w:line="240" w:lineRule="auto"/>`, `<w:sz w:val="20"/>`) +
		pstyle("TableNote", "Table Note", `<w:jc w:val="left"/><w:spacing w:after="40" w:line="240" w:lineRule="auto"/>`, `<w:color w:val="555555"/><w:sz w:val="17"/>`) +
		pstyle("AfterTable", "After Table", `<w:spacing w:after="60"/>`, `<w:sz w:val="12"/>`) +
		pstyle("Source", "Source", `<w:keepNext/><w:ind w:left="567" w:hanging="567"/><w:jc w:val="left"/><w:spacing w:before="120" w:after="40"/>`, `<w:sz w:val="22"/>`) +
		pstyle("SourceEntry", "Source Entry", `<w:ind w:left="851"/><w:jc w:val="left"/><w:spacing w:after="40" w:line="240" w:lineRule="auto"/>`, `<w:sz w:val="19"/>`) +
		pstyle("FootnoteText", "footnote text", `<w:jc w:val="left"/><w:spacing w:after="40" w:line="240" w:lineRule="auto"/>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`) +
		pstyle("Footer", "footer", `<w:jc w:val="center"/>`, `<w:sz w:val="20"/>`) +
		`<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}
