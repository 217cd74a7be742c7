-- The series of an indicator, found without reading every series: a review
-- reads an indicator's figures at one period across every unit (for ranks,
-- aggregates and comparisons) through them (sqlite/migrations 004).
CREATE INDEX series_indicator ON series (indicator);
