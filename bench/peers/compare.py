#!/usr/bin/python3
"""Compares planwatch's facts (facts --level province --format json) with
another program's (facts.py or facts.sql, as CSV), for bench/run: every row
of the other's must match a fact of planwatch's to a relative 1e-9 (growth,
share of the provinces' total, rank and count, % of each plan), and each
planwatch fact of a summed indicator must be in the other's. Exits 1 on any
difference, saying which.

    python3 bench/peers/compare.py planwatch.json other.csv
"""
import csv
import json
import math
import sys

facts = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))


def num(s):
    return float("nan") if s in ("", None) else float(s)


def same(a, b):
    a = float("nan") if a is None else a
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


pw = {(f["unit"], f["indicator"]): f for f in facts}
bad, seen = [], set()
for r in rows:
    key = (r["unit"], r["indicator"])
    seen.add(key)
    f = pw.get(key)
    if f is None:
        bad.append(f"{key}: not in planwatch's facts")
        continue
    rank = next((x for x in f.get("rank") or [] if x["scope"] == "national"), None)
    checks = [("growth_pct", f.get("growth_pct"), num(r["growth_pct"])),
              ("share_pct", f.get("share_of_parent_pct"), num(r["share_pct"])),
              ("rank", rank and rank["rank"], num(r["rank"])),
              ("of", rank and rank["with_data"], num(r["of"]))]
    if r["plan"]:
        checks.append(("pct_of_plan " + r["plan"], (f.get("pct_of_plan") or {}).get(r["plan"]), num(r["pct_of_plan"])))
    for name, a, b in checks:
        if not same(a, b):
            bad.append(f"{key} {name}: planwatch {a}, other {b}")
summed = {r["indicator"] for r in rows}
for key, f in pw.items():
    if key[1] in summed and f.get("value") is not None and key not in seen:
        bad.append(f"{key}: only in planwatch's facts")
for b in bad[:20]:
    print(b, file=sys.stderr)
if bad:
    print(f"{len(bad)} differences in {len(rows)} rows", file=sys.stderr)
    sys.exit(1)
print(f"{len(rows)} rows alike")
