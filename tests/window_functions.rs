//! Window functions as a blog uses them, with the same rows from SQLite and PostgreSQL (sync
//! and async): the top three posts of each author by `row_number()`, a running total over a
//! named window, the previous post by `lag`, and a count with FILTER.

mod async_postgres;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table post {
            id: INTEGER PRIMARY KEY,
            author_id: INTEGER NOT NULL,
            title: TEXT NOT NULL,
            score: INTEGER NOT NULL,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add { INSERT INTO post (id, author_id, title, score) VALUES (:id, :author, :title, :score) }
    }

    db::query! {
        /// Each author's three best posts, best first.
        pub mod top_three {
            WITH ranked AS (
                SELECT author_id, title, score,
                       row_number() OVER (PARTITION BY author_id ORDER BY score DESC, id) AS place
                FROM post
            )
            SELECT author_id, title, place FROM ranked WHERE place <= 3 ORDER BY author_id, place
        }
    }

    db::query! {
        /// Per author, in post order: the running score, the title before, and how many of
        /// the posts so far scored above 5.
        pub mod history {
            SELECT author_id, title,
                   sum(score) OVER by_author AS running,
                   lag(title) OVER by_author AS previous,
                   count(*) FILTER (WHERE score > 5) OVER by_author AS good_so_far,
                   rank() OVER (ORDER BY score DESC) AS overall
            FROM post
            WINDOW by_author AS (PARTITION BY author_id ORDER BY id)
            ORDER BY author_id, id
        }
    }
}

const POSTS: [(i32, i32, &str, i32); 7] = [
    (1, 1, "a1", 5),
    (2, 1, "a2", 9),
    (3, 1, "a3", 7),
    (4, 1, "a4", 1),
    (5, 2, "b1", 3),
    (6, 2, "b2", 8),
    (7, 3, "c1", 6),
];

type Top = Vec<(i32, String, i64)>;
type History = Vec<(i32, String, i64, Option<String>, i64, i64)>;

fn run<E: sqlmint::Executor>(conn: &E) -> (Top, History) {
    use queries::*;
    db::create_all(conn).expect("tables");
    for (id, author, title, score) in POSTS {
        conn.execute(&add::new(id, author, title, score))
            .expect("post");
    }
    as_tuples(
        conn.fetch_all(&top_three::new()).expect("top three"),
        conn.fetch_all(&history::new()).expect("history"),
    )
}

/// The rows as tuples, which compare across backends with `assert_eq!`.
fn as_tuples(
    top: Vec<queries::top_three::Row>,
    history: Vec<queries::history::Row>,
) -> (Top, History) {
    let top = top
        .into_iter()
        .map(|r| (r.author_id, r.title, r.place))
        .collect();
    let history = history
        .into_iter()
        .map(|r| {
            (
                r.author_id,
                r.title,
                r.running,
                r.previous,
                r.good_so_far,
                r.overall,
            )
        })
        .collect();
    (top, history)
}

fn check((top, history): &(Top, History)) {
    let top: Vec<(i32, &str, i64)> = top.iter().map(|(a, t, p)| (*a, t.as_str(), *p)).collect();
    assert_eq!(
        top,
        [
            (1, "a2", 1),
            (1, "a3", 2),
            (1, "a1", 3),
            (2, "b2", 1),
            (2, "b1", 2),
            (3, "c1", 1),
        ]
    );
    let a: Vec<(&str, i64, Option<&str>, i64, i64)> = history
        .iter()
        .filter(|row| row.0 == 1)
        .map(|(_, t, r, p, g, o)| (t.as_str(), *r, p.as_deref(), *g, *o))
        .collect();
    assert_eq!(
        a,
        [
            ("a1", 5, None, 0, 5),
            ("a2", 14, Some("a1"), 1, 1),
            ("a3", 21, Some("a2"), 2, 3),
            ("a4", 22, Some("a3"), 2, 7),
        ]
    );
}

#[test]
fn window_functions_agree_on_sqlite_and_postgres() {
    let sqlite = run(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    check(&sqlite);
    let postgres = run(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
    let mysql = run(
        &sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, mysql);
}

#[tokio::test]
async fn window_functions_on_tokio_postgres() {
    use queries::*;
    let conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    for (id, author, title, score) in POSTS {
        conn.execute(&add::new(id, author, title, score))
            .await
            .expect("post");
    }
    let top = conn.fetch_all(&top_three::new()).await.expect("top three");
    let history = conn.fetch_all(&history::new()).await.expect("history");
    check(&as_tuples(top, history));
}
