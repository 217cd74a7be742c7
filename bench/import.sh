#!/usr/bin/env bash
# Import benchmark: planwatch import of a 1,000,000-row observations file
# into a database holding the demo, from canonical CSV, from SDMX-CSV 2.0
# and from an XLSX workbook (both exported by planwatch from the first
# store), against sqlite3's own .import of the canonical file and of the
# SDMX-CSV file into a bare table, measured in the same run on the same
# machine; with the CPU time and peak resident memory (max RSS) of each,
# from GNU time: on a machine shared with other work, the CPU time moves
# less than the elapsed time. The exports' peak RSS is printed too: they
# write a chunk of figures at a time, so it does not grow with the store.
#   bash bench/import.sh [ROWS]
# Set SKIP_XLSX=1 to leave out the workbook (its export and import take
# the longest).
set -euo pipefail
rows=${1:-1000000}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 is not installed (apt-get install sqlite3): measuring planwatch alone" >&2
fi
if [ ! -x /usr/bin/time ]; then
	echo "GNU time is not installed (apt-get install time): no peak memory" >&2
fi
# measure FILE CMD...: run CMD, writing to FILE its CPU time and peak RSS.
measure() {
	local f=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%U %S %M" -o "$f" "$@"
	else
		echo "0 0 0" >"$f"
		"$@"
	fi
}
# usage FILE: "CPU 5.1s, peak RSS 240 MB" from what measure wrote.
usage() {
	read -r user sys kb <"$1"
	printf "CPU %.2fs, peak RSS %d MB" "$(echo "$user + $sys" | bc)" $((kb / 1024))
}
# timed NAME CMD...: run CMD under measure, print its summary line, and
# set $secs to its elapsed seconds.
timed() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s.%N)
	measure "$out/$name.use" "$@"
	t1=$(date +%s.%N)
	secs=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
}
# store NAME: a database holding the demo and the benchmark's indicators.
store() {
	"$out/planwatch" init --db "$out/$1.db" --demo >/dev/null
	"$out/planwatch" import --db "$out/$1.db" "$out/indicators.csv" >/dev/null 2>&1
}
# pwimport NAME FILE: import FILE into a new store NAME, print the figures'
# summary and the time; set $secs.
pwimport() {
	store "$1"
	timed "$1" "$out/planwatch" import --db "$out/$1.db" "$2" >"$out/$1.out" 2>/dev/null
	grep observations "$out/$1.out" || cat "$out/$1.out"
	printf "%-26s %7.2fs, %s\n" "planwatch import $1:" "$secs" "$(usage "$out/$1.use")"
}
# sqimport NAME FILE: sqlite3 .import of FILE into a bare table; set $secs.
sqimport() {
	timed "sq-$1" sqlite3 "$out/sq-$1.db" ".mode csv" ".import $2 obs"
	printf "%-26s %7.2fs, %s (%s rows)\n" "sqlite3 .import $1:" "$secs" "$(usage "$out/sq-$1.use")" "$(sqlite3 "$out/sq-$1.db" 'select count(*) from obs')"
}
ratio() { echo "scale=2; $1 / $2" | bc; }

go build -o "$out/planwatch" ./cmd/planwatch
go run ./bench/gen -rows "$rows" -dir "$out"
echo "rows: $rows (canonical $(du -h "$out/observations.csv" | cut -f1))"

pwimport canonical "$out/observations.csv"
pw=$secs
if command -v sqlite3 >/dev/null; then
	sqimport canonical "$out/observations.csv"
	echo "ratio canonical: $(ratio "$pw" "$secs")"
fi

# The outside formats, exported from the store just filled (which also
# holds the demo's figures, imported again unchanged).
timed export-sdmx "$out/planwatch" export --db "$out/canonical.db" --format sdmx-csv --out "$out/observations.sdmx.csv"
printf "%-26s %7.2fs, %s (%s)\n" "planwatch export sdmx-csv:" "$secs" "$(usage "$out/export-sdmx.use")" "$(du -h "$out/observations.sdmx.csv" | cut -f1)"
timed export-canonical "$out/planwatch" export --db "$out/canonical.db" --kind observations --out "$out/export.csv"
printf "%-26s %7.2fs, %s\n" "planwatch export canonical:" "$secs" "$(usage "$out/export-canonical.use")"
rm -f "$out/export.csv"

pwimport sdmx-csv "$out/observations.sdmx.csv"
pw=$secs
if command -v sqlite3 >/dev/null; then
	sqimport sdmx-csv "$out/observations.sdmx.csv"
	echo "ratio sdmx-csv: $(ratio "$pw" "$secs")"
fi
rm -f "$out/sdmx-csv.db" "$out/sq-"*.db

if [ -z "${SKIP_XLSX:-}" ]; then
	timed export-xlsx "$out/planwatch" export --db "$out/canonical.db" --format xlsx --out "$out/store.xlsx"
	printf "%-26s %7.2fs, %s (%s)\n" "planwatch export xlsx:" "$secs" "$(usage "$out/export-xlsx.use")" "$(du -h "$out/store.xlsx" | cut -f1)"
	pwimport xlsx "$out/store.xlsx"
fi
