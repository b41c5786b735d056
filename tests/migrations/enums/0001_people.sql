CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE person (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    mood mood NOT NULL DEFAULT 'happy',
    was mood
);
