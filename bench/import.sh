#!/usr/bin/env bash
# Import benchmark: planwatch import of a 1,000,000-row observations file
# into a database holding the demo, against sqlite3's own .import of the
# same file into a bare table, measured in the same run on the same machine.
#   bash bench/import.sh [ROWS]
set -euo pipefail
rows=${1:-1000000}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 is not installed (apt-get install sqlite3): measuring planwatch alone" >&2
fi
go build -o "$out/planwatch" ./cmd/planwatch
go run ./bench/gen -rows "$rows" -dir "$out"
"$out/planwatch" init --db "$out/pw.db" --demo >/dev/null
"$out/planwatch" import --db "$out/pw.db" "$out/indicators.csv" >/dev/null 2>&1
echo "rows: $rows ($(du -h "$out/observations.csv" | cut -f1))"
t0=$(date +%s.%N)
"$out/planwatch" import --db "$out/pw.db" "$out/observations.csv" 2>/dev/null | grep observations
t1=$(date +%s.%N)
pw=$(echo "$t1 - $t0" | bc)
echo "planwatch import: ${pw}s"
if command -v sqlite3 >/dev/null; then
	t0=$(date +%s.%N)
	sqlite3 "$out/bare.db" ".mode csv" ".import $out/observations.csv obs"
	t1=$(date +%s.%N)
	sq=$(echo "$t1 - $t0" | bc)
	echo "sqlite3 .import:  ${sq}s ($(sqlite3 "$out/bare.db" 'select count(*) from obs') rows)"
	echo "ratio: $(echo "scale=2; $pw / $sq" | bc)"
fi
