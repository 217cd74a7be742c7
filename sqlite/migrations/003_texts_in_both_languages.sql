-- Every text a person reads in both languages: the documents figures cite,
-- names for the values of dimensions, plans' issuers and visions in
-- Vietnamese and English, and targets' wordings with their language and a
-- translation. A plan's old issuer and vision were Vietnamese (or the
-- only text there was), and so was a target's wording.
CREATE TABLE document (
	code         TEXT PRIMARY KEY,
	title_vi     TEXT NOT NULL,
	title_en     TEXT NOT NULL DEFAULT '',
	publisher_vi TEXT NOT NULL DEFAULT '',
	publisher_en TEXT NOT NULL DEFAULT '',
	issued       TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE dimension_code (
	dimension TEXT NOT NULL,
	value     TEXT NOT NULL,
	name_vi   TEXT NOT NULL,
	name_en   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (dimension, value)
);

ALTER TABLE plan RENAME COLUMN issuer TO issuer_vi;
ALTER TABLE plan ADD COLUMN issuer_en TEXT NOT NULL DEFAULT '';
ALTER TABLE plan RENAME COLUMN vision TO vision_vi;
ALTER TABLE plan ADD COLUMN vision_en TEXT NOT NULL DEFAULT '';

ALTER TABLE target ADD COLUMN wording_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE target ADD COLUMN wording_translation TEXT NOT NULL DEFAULT '';
UPDATE target SET wording_lang = 'vi' WHERE wording <> '';
