CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    fullname TEXT,
    joined TIMESTAMPTZ NOT NULL DEFAULT now()
);
