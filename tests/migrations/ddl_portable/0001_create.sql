-- DDL that SQLite and PostgreSQL both apply as written.
CREATE TABLE author (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    joined TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    score INTEGER NOT NULL DEFAULT (2 * 21)
);
CREATE TABLE IF NOT EXISTS author (ignored INTEGER);
CREATE TABLE post (
    id BIGINT PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    CONSTRAINT titled CHECK (title <> '')
);
CREATE UNIQUE INDEX post_title ON post (author_id, title);
