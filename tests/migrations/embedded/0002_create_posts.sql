CREATE TABLE posts (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL
);
CREATE INDEX posts_user ON posts (user_id);
