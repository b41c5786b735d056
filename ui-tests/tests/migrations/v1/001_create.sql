-- Version 1 of a fixture schema: the query compiles against this.
CREATE TABLE user_account (
    id INTEGER PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    fullname TEXT
);
