#!/usr/bin/env bash
# Import benchmark: planwatch import of a 1,000,000-row observations file
# into a database holding the demo, against sqlite3's own .import of the
# same file into a bare table, measured in the same run on the same machine;
# with the CPU time and peak resident memory (max RSS) of each, from GNU
# time: on a machine shared with other work, the CPU time moves less than
# the elapsed time.
#   bash bench/import.sh [ROWS]
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
go build -o "$out/planwatch" ./cmd/planwatch
go run ./bench/gen -rows "$rows" -dir "$out"
"$out/planwatch" init --db "$out/pw.db" --demo >/dev/null
"$out/planwatch" import --db "$out/pw.db" "$out/indicators.csv" >/dev/null 2>&1
echo "rows: $rows ($(du -h "$out/observations.csv" | cut -f1))"
t0=$(date +%s.%N)
measure "$out/pw.use" "$out/planwatch" import --db "$out/pw.db" "$out/observations.csv" 2>/dev/null | grep observations
t1=$(date +%s.%N)
pw=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
echo "planwatch import: ${pw}s, $(usage "$out/pw.use")"
if command -v sqlite3 >/dev/null; then
	t0=$(date +%s.%N)
	measure "$out/sq.use" sqlite3 "$out/bare.db" ".mode csv" ".import $out/observations.csv obs"
	t1=$(date +%s.%N)
	sq=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
	echo "sqlite3 .import:  ${sq}s, $(usage "$out/sq.use") ($(sqlite3 "$out/bare.db" 'select count(*) from obs') rows)"
	echo "ratio: $(echo "scale=2; $pw / $sq" | bc)"
fi
