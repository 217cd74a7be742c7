package pxweb

import (
	"bytes"
	"os"
	"testing"

	"planwatch/exchange/record"
)

func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../../shared/reference/gso_pxweb/Average_population_by_province.csv")
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		Read("x", bytes.NewReader(data), func(*record.Point) bool { return true })
	}
}
