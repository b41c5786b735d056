CREATE TABLE user_account (
    id INTEGER PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    fullname TEXT
);
