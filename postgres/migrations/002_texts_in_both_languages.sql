-- As sqlite/migrations/003: the documents figures cite, names for the
-- values of dimensions, plans' issuers and visions in both languages, and
-- targets' wordings with their language and a translation.
CREATE TABLE document (
	code         text COLLATE "C" PRIMARY KEY,
	title_vi     text NOT NULL,
	title_en     text NOT NULL DEFAULT '',
	publisher_vi text NOT NULL DEFAULT '',
	publisher_en text NOT NULL DEFAULT '',
	issued       text NOT NULL DEFAULT '',
	url          text NOT NULL DEFAULT ''
);

CREATE TABLE dimension_code (
	dimension text COLLATE "C" NOT NULL,
	value     text COLLATE "C" NOT NULL,
	name_vi   text NOT NULL,
	name_en   text NOT NULL DEFAULT '',
	PRIMARY KEY (dimension, value)
);

ALTER TABLE plan RENAME COLUMN issuer TO issuer_vi;
ALTER TABLE plan ADD COLUMN issuer_en text NOT NULL DEFAULT '';
ALTER TABLE plan RENAME COLUMN vision TO vision_vi;
ALTER TABLE plan ADD COLUMN vision_en text NOT NULL DEFAULT '';

ALTER TABLE target ADD COLUMN wording_lang text NOT NULL DEFAULT '';
ALTER TABLE target ADD COLUMN wording_translation text NOT NULL DEFAULT '';
UPDATE target SET wording_lang = 'vi' WHERE wording <> '';
