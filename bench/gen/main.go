// Gen writes the input of the import benchmark: an indicators file and an
// observations file of N rows (34 provinces x 100 indicators x months).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

var provinces = []string{"01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}

func main() {
	rows := flag.Int("rows", 1_000_000, "observations to write")
	dir := flag.String("dir", ".", "output folder")
	flag.Parse()
	const indicators = 100
	ind, err := os.Create(filepath.Join(*dir, "indicators.csv"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(ind, "code,name_vi,name_en,measure_unit,type,aggregation,direction")
	for i := 1; i <= indicators; i++ {
		fmt.Fprintf(ind, "B%03d,Chỉ tiêu %d,Indicator %d,count,flow,sum,up\n", i, i, i)
	}
	ind.Close()
	f, err := os.Create(filepath.Join(*dir, "observations.csv"))
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "unit,indicator,period,value,dims,status,source,note")
	n := 0
	// Months from 2025-06 backwards: the provinces of today are valid from
	// 2025-07-01 or always, so months before then go to the continuing ones
	// only; walk months forward from 2025-07 instead.
	for m := 0; n < *rows; m++ {
		year, month := 2025+(6+m)/12, (6+m)%12+1
		for _, p := range provinces {
			for i := 1; i <= indicators && n < *rows; i++ {
				fmt.Fprintf(w, "%s,B%03d,%04d-%02d,%d.%d,,A,bench,\n", p, i, year, month, (n*7919)%100000, n%10)
				n++
			}
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	f.Close()
}
