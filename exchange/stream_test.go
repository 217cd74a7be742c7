package exchange_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"planwatch/exchange"
)

// Exports read the store a chunk of units at a time and sort each chunk on
// its own; whatever the chunk's size, they write the bytes of an export
// that sorts everything at once. Unit 240 sorts between 24's two units,
// written 24 and 24@2025-07-01: a chunk may not end between them.
func TestChunkedExportsKeepOrder(t *testing.T) {
	db := demoStore(t)
	extra := "code,name_vi,name_en,level,parent,valid_from,valid_to\n240,Thử,Test,province,VN,2025-07-01,\n" +
		"\nunit,indicator,period,value,dims,status,source,note\n240,POP,2025,1,,E,test,\n24@2025-07-01,POP,2024,2,,E,test,\n24@1997-01-01,POP,2024,3,,E,test,\n"
	parts := strings.SplitN(extra, "\n\n", 2)
	for i, p := range parts {
		name := []string{"units.csv", "observations.csv"}[i]
		if _, _, err := importFile(t, db, name, []byte(p), options(t, db)); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	prepared := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	exports := func() map[string][]byte {
		out := map[string][]byte{}
		var b bytes.Buffer
		if err := exchange.Export(ctx, db, "observations", exchange.Filter{}, &b); err != nil {
			t.Fatal(err)
		}
		out["canonical"] = b.Bytes()
		for _, f := range []string{exchange.SDMXCSV, exchange.SDMXJSON, exchange.DHIS2JSON} {
			var b bytes.Buffer
			if err := exchange.ExportAs(ctx, db, f, exchange.Filter{}, &b, prepared); err != nil {
				t.Fatal(err)
			}
			out[f] = b.Bytes()
		}
		var unit bytes.Buffer
		if err := exchange.Export(ctx, db, "observations", exchange.Filter{Unit: "24"}, &unit); err != nil {
			t.Fatal(err)
		}
		out["unit 24"] = unit.Bytes()
		return out
	}
	restore := exchange.SetChunkFigures(1 << 30)
	want := exports()
	restore()
	canon := string(want["canonical"])
	i, j, k := strings.Index(canon, "\n24,POP,2024,3,"), strings.Index(canon, "\n240,POP,2025,1,"), strings.Index(canon, "\n24@2025-07-01,POP,2024,2,")
	if i < 0 || j < i || k < j {
		t.Fatalf("the figures of 24, 240 and 24@2025-07-01 at %d, %d, %d in\n%s", i, j, k, canon)
	}
	for _, n := range []int{1, 2, 7, 100} {
		restore := exchange.SetChunkFigures(n)
		got := exports()
		restore()
		for f, w := range want {
			if !bytes.Equal(got[f], w) {
				t.Errorf("chunks of %d, %s:\n%s", n, f, firstDiff(got[f], w))
			}
		}
	}
}
