#!/usr/bin/python3
"""What planwatch facts --level province --period P computes, in pandas, for
bench/run: for every province valid at the end of year P and every indicator
summed over units (flows and stocks), the growth on P-1 in percent, the share
of the provinces' total in percent, the rank among the provinces with a
figure (largest first when more is better, smallest first otherwise) and the
figure in percent of each target for P. It reads the latest version of each
figure from the SQLite store and writes CSV: unit, indicator, growth_pct,
share_pct, rank, of, plan, pct_of_plan (one row per target; plan empty when
there is none).

    python3 bench/peers/facts.py STORE.db YEAR > pandas.csv
"""
import sqlite3
import sys

import pandas as pd

db, year = sys.argv[1], int(sys.argv[2])
day = f"{year}-12-31"
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
units = pd.read_sql_query(
    "SELECT id AS unit_id, code AS unit FROM unit WHERE level = 'province' "
    "AND (valid_from = '' OR valid_from <= ?) AND (valid_to = '' OR ? < valid_to)",
    con, params=(day, day))
inds = pd.read_sql_query(
    "SELECT code AS indicator, direction FROM indicator WHERE aggregation = 'sum' AND formula = ''", con)
ids = ",".join(str(i) for i in units.unit_id)
obs = pd.read_sql_query(
    "SELECT s.unit_id, s.indicator, o.period, o.version, o.value FROM observation o "
    f"JOIN series s ON s.id = o.series_id WHERE s.dims = '' AND s.unit_id IN ({ids}) "
    "AND o.period IN (?, ?)", con, params=(str(year), str(year - 1)))
obs = obs[obs.indicator.isin(inds.indicator)]
# The latest version of each figure.
obs = obs.sort_values("version").groupby(["unit_id", "indicator", "period"], as_index=False).last()
wide = obs.pivot_table(index=["unit_id", "indicator"], columns="period", values="value", aggfunc="first").reset_index()
cur, prev = str(year), str(year - 1)
wide = wide[wide[cur].notna()] if cur in wide else wide.iloc[0:0]
if prev not in wide:
    wide[prev] = float("nan")
wide = wide.merge(units, on="unit_id").merge(inds, on="indicator")
wide["growth_pct"] = (wide[cur] / wide[prev] - 1) * 100
wide["share_pct"] = wide[cur] / wide.groupby("indicator")[cur].transform("sum") * 100
up = wide[wide.direction != "down"].groupby("indicator")[cur].rank(ascending=False, method="min")
down = wide[wide.direction == "down"].groupby("indicator")[cur].rank(ascending=True, method="min")
wide["rank"] = pd.concat([up, down]).astype(int)
wide["of"] = wide.groupby("indicator")[cur].transform("count")
tg = pd.read_sql_query(
    "SELECT plan, unit_id, indicator, value AS target FROM target WHERE period = ? AND dims = '' AND value IS NOT NULL",
    con, params=(cur,))
out = wide.merge(tg, on=["unit_id", "indicator"], how="left")
out["pct_of_plan"] = out[cur] / out.target * 100
out["plan"] = out.plan.fillna("")
out = out.sort_values(["unit", "indicator", "plan"])
out[["unit", "indicator", "growth_pct", "share_pct", "rank", "of", "plan", "pct_of_plan"]].to_csv(
    sys.stdout, index=False, float_format="%.17g")
