// Package demo is the demonstration data embedded in the binary: what the
// seed documents state about Bac Ninh, the units and plans they name, and
// real published figures of the other provinces for ranks and shares.
package demo

import (
	"embed"
	"io/fs"
	"path"

	"planwatch"
	"planwatch/exchange"
)

//go:embed data/*.csv
var files embed.FS

// Files lists the demo's canonical files.
func Files() []string {
	names, _ := fs.Glob(files, "data/*.csv")
	return names
}

// Open opens one of the demo's files.
func Open(name string) (fs.File, error) { return files.Open(name) }

// Batch reads every file of the demo into one batch.
func Batch() (*planwatch.Batch, error) {
	all := &planwatch.Batch{}
	for _, name := range Files() {
		f, err := files.Open(name)
		if err != nil {
			return nil, err
		}
		b, _, err := exchange.Read("demo/"+path.Base(name), f)
		f.Close()
		if err != nil {
			return nil, err
		}
		all.Append(b)
	}
	return all, nil
}
