CREATE TYPE post_state AS ENUM ('draft', 'published');

CREATE TABLE posts (
    id BIGSERIAL PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    state post_state NOT NULL DEFAULT 'draft'
);

CREATE VIEW post_counts AS
SELECT u.id, u.name, count(p.id) AS posts
FROM users u LEFT JOIN posts p ON p.author_id = u.id
GROUP BY u.id, u.name;
