//! A search whose filters are each optional, written in plain SQL (`:x IS NULL OR ...`, one
//! variable bound twice, `coalesce` with a fallback), run in all four combinations on SQLite
//! and PostgreSQL (sync and async) with the same rows from each.

mod async_postgres;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table post {
            id: INTEGER PRIMARY KEY,
            author_id: INTEGER NOT NULL,
            title: TEXT NOT NULL,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add { INSERT INTO post (id, author_id, title) VALUES (:id, :author, :title) }
    }

    db::query! {
        /// Posts whose title matches `pattern` and whose author is `author`, each when given.
        pub mod search {
            SELECT id FROM post
            WHERE (:pattern IS NULL OR title LIKE :pattern)
              AND (:author IS NULL OR author_id = :author)
            ORDER BY id
        }
    }
}

/// The same search with inline values: one variable bound twice is one parameter.
fn search_inline<E: sqlmint::Executor>(
    conn: &E,
    pattern: Option<&str>,
    author: Option<i32>,
) -> Vec<i32> {
    conn.fetch_all(&db::query!(
        SELECT id FROM post
        WHERE ({pattern} IS NULL OR title LIKE {pattern})
          AND author_id = coalesce({author}, author_id)
        ORDER BY id
    ))
    .expect("search")
    .into_iter()
    .map(|row| row.id)
    .collect()
}

const POSTS: [(i32, i32, &str); 4] = [
    (1, 1, "rust tips"),
    (2, 1, "sql tips"),
    (3, 2, "rust news"),
    (4, 2, "cooking"),
];

/// Every combination of the two filters, with what it finds.
const CASES: [(Option<&str>, Option<i32>, &[i32]); 4] = [
    (None, None, &[1, 2, 3, 4]),
    (Some("rust%"), None, &[1, 3]),
    (None, Some(2), &[3, 4]),
    (Some("%tips"), Some(1), &[1, 2]),
];

fn all_combinations<E: sqlmint::Executor>(conn: &E) -> Vec<Vec<i32>> {
    db::create_all(conn).expect("tables");
    for (id, author, title) in POSTS {
        conn.execute(&queries::add::new(id, author, title))
            .expect("post");
    }
    let mut found = Vec::new();
    for (pattern, author, expected) in CASES {
        let named: Vec<i32> = conn
            .fetch_all(&queries::search::new(pattern, author))
            .expect("search")
            .into_iter()
            .map(|row| row.id)
            .collect();
        assert_eq!(named, expected, "{pattern:?} {author:?}");
        assert_eq!(search_inline(conn, pattern, author), expected);
        found.push(named);
    }
    found
}

#[test]
fn optional_filters_agree_on_sqlite_and_postgres() {
    let sqlite = all_combinations(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    let postgres = all_combinations(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn optional_filters_on_tokio_postgres() {
    let conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    for (id, author, title) in POSTS {
        conn.execute(&queries::add::new(id, author, title))
            .await
            .expect("post");
    }
    for (pattern, author, expected) in CASES {
        let found: Vec<i32> = conn
            .fetch_all(&queries::search::new(pattern, author))
            .await
            .expect("search")
            .into_iter()
            .map(|row| row.id)
            .collect();
        assert_eq!(found, expected, "{pattern:?} {author:?}");
    }
}

/// Parameters whose type only their context gives: the seed of a recursive CTE, CASE results,
/// a UNION's column, an `INSERT ... SELECT`'s.
fn typed_by_context<E: sqlmint::Executor>(conn: &E) -> (Vec<i32>, Vec<String>) {
    db::create_all(conn).expect("tables");
    let (start, title, author) = (3, "first", 7);
    conn.execute(&db::query!(
        INSERT INTO post (id, author_id, title) SELECT 1, {author}, {title}
        WHERE NOT EXISTS (SELECT 1 FROM post WHERE title = {title})
    ))
    .expect("insert ... select");
    let (long, short) = ("a long title", "short");
    conn.execute(&db::query!(
        UPDATE post SET title = CASE WHEN author_id > 5 THEN {long} ELSE {short} END WHERE TRUE
    ))
    .expect("update with CASE");
    let counted = conn
        .fetch_all(&db::query!(
            WITH RECURSIVE n(x) AS (SELECT {start} UNION ALL SELECT x + 1 FROM n WHERE x < 6)
            SELECT x FROM n ORDER BY x
        ))
        .expect("count up")
        .into_iter()
        .map(|row| row.x)
        .collect();
    let extra = "extra";
    let titles = conn
        .fetch_all(&db::query!(SELECT title FROM post UNION SELECT {extra} ORDER BY title))
        .expect("union")
        .into_iter()
        .map(|row| row.title)
        .collect();
    (counted, titles)
}

#[test]
fn parameters_typed_by_context_agree_on_sqlite_and_postgres() {
    let sqlite = typed_by_context(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    assert_eq!(
        sqlite,
        (
            vec![3, 4, 5, 6],
            vec!["a long title".to_owned(), "extra".to_owned()]
        )
    );
    let postgres = typed_by_context(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
}
