ALTER TABLE post ADD COLUMN draft BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE author RENAME COLUMN score TO karma;
ALTER TABLE author RENAME TO writer;
CREATE VIEW published AS SELECT p.id, w.name, p.title FROM post p JOIN writer w ON w.id = p.author_id WHERE NOT p.draft;
