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
# the longest). When PostgreSQL's server is installed (Debian's
# postgresql), the canonical file is imported into a throwaway server too,
# against psql's \copy of it into a bare table, with the server's CPU
# time; SKIP_PG=1 leaves it out.
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

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "${SKIP_PG:-}" ] && [ -x "$pgbin/initdb" ] && command -v psql >/dev/null; then
	# A server on a unix socket in $out, as an unprivileged user when run
	# as root; stopped by the trap below.
	as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
	mkdir -p "$out/pg" "$out/sock"
	chmod 755 "$out"
	[ "$(id -u)" = 0 ] && chown postgres "$out/pg" "$out/sock"
	as_pg "$pgbin/initdb" -D "$out/pg" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	as_pg "$pgbin/pg_ctl" -D "$out/pg" -l "$out/sock/pg.log" -o "-k $out/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off" -w start >/dev/null
	trap 'as_pg "$pgbin/pg_ctl" -D "$out/pg" -m immediate stop >/dev/null 2>&1; rm -rf "$out"' EXIT
	postmaster=$(head -1 "$out/pg/postmaster.pid")
	# The CPU seconds of the server's ended backends.
	server() { awk '{printf "%.2f", ($16 + $17) / 100}' "/proc/$postmaster/stat"; }
	pq() { psql -q -h "$out/sock" -U postgres "$@"; }
	pq -d postgres -c "CREATE DATABASE pw" -c "CREATE DATABASE bare"
	url="postgres://postgres@/pw?host=$out/sock"
	"$out/planwatch" init --db "$url" --demo >/dev/null
	"$out/planwatch" import --db "$url" "$out/indicators.csv" >/dev/null 2>&1
	s0=$(server)
	timed pg "$out/planwatch" import --db "$url" "$out/observations.csv" >"$out/pg.out" 2>/dev/null
	sleep 1
	s1=$(server)
	pw=$secs
	printf "%-26s %7.2fs, %s, server CPU %.2fs\n" "planwatch import postgres:" "$secs" "$(usage "$out/pg.use")" "$(echo "$s1 - $s0" | bc)"
	pq -d bare -c "CREATE TABLE obs (unit text, indicator text, period text, value double precision, dims text, status text, source text, note text)"
	s0=$(server)
	timed copy psql -q -h "$out/sock" -U postgres -d bare -c "\\copy obs FROM '$out/observations.csv' WITH (FORMAT csv, HEADER)"
	sleep 1
	s1=$(server)
	printf "%-26s %7.2fs, %s, server CPU %.2fs (%s rows)\n" "psql \\copy:" "$secs" "$(usage "$out/copy.use")" "$(echo "$s1 - $s0" | bc)" "$(pq -d bare -Atc 'select count(*) from obs')"
	echo "ratio postgres: $(ratio "$pw" "$secs") (the 1 s pauses before reading the server's CPU are not timed)"
fi

if [ -z "${SKIP_XLSX:-}" ]; then
	timed export-xlsx "$out/planwatch" export --db "$out/canonical.db" --format xlsx --out "$out/store.xlsx"
	printf "%-26s %7.2fs, %s (%s)\n" "planwatch export xlsx:" "$secs" "$(usage "$out/export-xlsx.use")" "$(du -h "$out/store.xlsx" | cut -f1)"
	pwimport xlsx "$out/store.xlsx"
fi
