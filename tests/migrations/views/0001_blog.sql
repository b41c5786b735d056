CREATE TABLE author (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE post (
    id BIGINT PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES author (id),
    title TEXT NOT NULL,
    score INTEGER
);

-- Every author with how many posts and the best score: an author without posts has 0 and
-- no best score.
CREATE VIEW author_stats AS
SELECT a.id, a.name, count(p.id) AS posts, max(p.score) AS best
FROM author a LEFT JOIN post p ON p.author_id = a.id
GROUP BY a.id, a.name;
