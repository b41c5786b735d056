-- Keys as an application's migrations write them, in SQL that SQLite and PostgreSQL both
-- apply as written, each making different columns generated.

-- Filled by neither: every INSERT gives the id.
CREATE TABLE author (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL
);

-- SQLite's rowid alias; a plain NOT NULL column on PostgreSQL.
CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL
);

-- PostgreSQL's sequence; on SQLite a column of type BIGSERIAL that nothing fills.
CREATE TABLE note (
    id BIGSERIAL PRIMARY KEY,
    body TEXT NOT NULL,
    written_on DATE DEFAULT CURRENT_DATE
);
