-- What facts.py computes, in PostgreSQL with window functions, for
-- bench/run: for every province valid at the end of year :year and every
-- summed indicator, the growth on the year before, the share of the
-- provinces' total, the rank among those with a figure and the figure in
-- percent of each target for the year; as CSV.
--
--   psql -v year=2024 -f bench/peers/facts.sql postgres://.../DB > sql.csv
\set day '''' :year '-12-31'''
\set cur '''' :year ''''
COPY (
WITH prov AS (
	SELECT id, code FROM unit WHERE level = 'province'
		AND (valid_from = '' OR valid_from <= :day) AND (valid_to = '' OR :day < valid_to)
), ind AS (
	SELECT code, direction FROM indicator WHERE aggregation = 'sum' AND formula = ''
), latest AS (
	SELECT DISTINCT ON (o.series_id, o.period) s.unit_id, s.indicator, o.period, o.value
	FROM observation o JOIN series s ON s.id = o.series_id
	WHERE s.dims = '' AND s.unit_id IN (SELECT id FROM prov) AND s.indicator IN (SELECT code FROM ind)
		AND o.period IN (:cur, (:year - 1)::text)
	ORDER BY o.series_id, o.period, o.version DESC
), g AS (
	SELECT unit_id, indicator, period, value,
		lag(value) OVER (PARTITION BY unit_id, indicator ORDER BY period) AS prev
	FROM latest
), f AS (
	SELECT g.unit_id, g.indicator, i.direction, g.value, g.prev
	FROM g JOIN ind i ON i.code = g.indicator
	WHERE g.period = :cur
), m AS (
	SELECT unit_id, indicator, value,
		(value / prev - 1) * 100 AS growth_pct,
		value / sum(value) OVER w * 100 AS share_pct,
		CASE WHEN direction = 'down' THEN rank() OVER (PARTITION BY indicator ORDER BY value ASC)
			ELSE rank() OVER (PARTITION BY indicator ORDER BY value DESC) END AS rank,
		count(*) OVER w AS "of"
	FROM f WINDOW w AS (PARTITION BY indicator)
)
SELECT u.code AS unit, m.indicator, m.growth_pct, m.share_pct, m.rank, m."of",
	coalesce(t.plan, '') AS plan, m.value / t.value * 100 AS pct_of_plan
FROM m JOIN prov u ON u.id = m.unit_id
LEFT JOIN target t ON t.unit_id = m.unit_id AND t.indicator = m.indicator AND t.period = :cur AND t.dims = '' AND t.value IS NOT NULL
ORDER BY u.code, m.indicator, plan
) TO STDOUT WITH (FORMAT csv, HEADER);
