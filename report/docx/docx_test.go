package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"planwatch/chart"
	"planwatch/report"
)

func sample() *report.Report {
	svg := string(chart.Bars("Bars", []chart.Bar{{Label: "Bắc Ninh", Value: 10.27, Highlight: true}, {Label: "Hà Nội", Value: 8.16}}, func(v float64) string { return "v" }))
	return &report.Report{Lang: "vi", Title: "Kết quả <năm> 2025 & \x01", Subtitle: []string{"Đơn vị: Bắc Ninh (24)"},
		Sections: []report.Section{{Heading: "Kết quả", Blocks: []report.Block{
			{Paragraph: &report.Paragraph{Sentences: []report.Sentence{{Spans: []report.Span{{Text: "Xuất khẩu ước đạt "}, {Text: "94 tỷ USD", Figure: &report.Figure{}}, {Text: "."}}, Note: 1}}}},
			{List: []report.Paragraph{{Sentences: []report.Sentence{{Spans: []report.Span{{Text: "Mục tiêu 2026."}}}}}}},
			{Table: &report.Table{Caption: "Bảng 1", Head: []string{"Chỉ tiêu", "Đánh giá"}, Rows: [][]report.Cell{{{Spans: []report.Span{{Text: "Xuất khẩu"}}, Note: 2}, {Spans: []report.Span{{Text: "đã đạt"}}, Sub: "126%", Class: "achieved"}}}}},
			{Chart: &report.Chart{Title: "Bars", SVG: svg, Width: 640, Height: 50, Caption: "Hình 1. Bars"}},
		}}},
		Notes:   []report.Note{{N: 1, Items: []report.NoteItem{{Figure: "94 tỷ USD", Text: "bản ghi 1", Sources: []int{1}}}}, {N: 2, Items: []report.NoteItem{{Figure: "x", Text: "y"}}}},
		Sources: []report.Source{{N: 1, Document: "Báo Bắc Ninh, bản tiếng Anh, 31/12/2025, phỏng vấn", Short: "Báo Bắc Ninh, bản tiếng Anh, 31/12/2025", Entries: []report.SourceEntry{{What: "Xuất khẩu", Value: "94 tỷ USD", Meta: "bản ghi 1"}}}},
		Labels:  report.Labels{Sources: "Phụ lục", Page: "Trang", Of: "trên"}}
}

// The file is a zip of well-formed parts that name each other, the same
// bytes every time.
func TestWrite(t *testing.T) {
	r := sample()
	a, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Write(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two writes of one report differ")
	}
	z, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(data)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/footnotes.xml", "word/footer1.xml", "word/_rels/document.xml.rels", "word/media/chart1.png"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, s := range []string{`Kết quả &lt;năm&gt; 2025 &amp; `, `<w:footnoteReference w:id="1"/>`, `<w:footnoteReference w:id="2"/>`, `r:embed="rIdChart1"`, `<w:tblHeader/>`, `w:color="1E7B34"`, `<w:pgSz w:w="11906" w:h="16838"/>`} {
		if !strings.Contains(doc, s) {
			t.Errorf("document.xml lacks %s", s)
		}
	}
	if !strings.Contains(parts["word/footnotes.xml"], `94 tỷ USD: bản ghi 1 [1: Báo Bắc Ninh, bản tiếng Anh, 31/12/2025].`) {
		t.Errorf("footnote 1 does not cite its source: %s", parts["word/footnotes.xml"])
	}
	if !strings.Contains(parts["word/_rels/document.xml.rels"], `Id="rIdChart1"`) {
		t.Error("the chart has no relationship")
	}
}
