//! Optional predicates as a service's search uses them: `{filter.title?}` and `:author?` leave
//! their condition out when `None`, each combination is its own static SQL (no
//! `$1 IS NULL OR ...` defeating an index), and the rows agree on SQLite and PostgreSQL
//! (sync and async). On PostgreSQL the server's own list of prepared statements shows one
//! per combination that ran.

mod async_postgres;

use sqlmint::{Postgres, SqlFor, Sqlite};

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

/// What a search form sends: every field optional.
#[derive(Debug, Clone, Default)]
pub struct PostFilter {
    pub title: Option<String>,
    pub author: Option<i32>,
    pub min_score: Option<i32>,
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add {
            INSERT INTO post (id, author_id, title, score) VALUES (:id, :author, :title, :score)
        }
    }

    db::query! {
        /// Posts by `author` and above `min_score`, each only when given, at most `max`.
        pub mod by_author {
            SELECT id FROM post
            WHERE author_id = :author? AND score >= :min_score?
            ORDER BY id
            LIMIT :max?
        }
    }

    db::query! {
        /// Renames a post, only if it is still `expected`'s when that is given.
        pub mod rename {
            UPDATE post SET title = :title WHERE id = :id AND author_id = :expected?
        }
    }
}

/// The repository function a service would write: the filter's fields straight into SQL.
fn search<E: sqlmint::Executor>(conn: &E, filter: &PostFilter) -> Vec<i32> {
    conn.fetch_all(&db::query!(
        SELECT id FROM post
        WHERE title LIKE {filter.title?}
          AND author_id = {filter.author?}
          AND score >= {filter.min_score?}
        ORDER BY id
    ))
    .expect("search")
    .into_iter()
    .map(|row| row.id)
    .collect()
}

const POSTS: [(i32, i32, &str, i32); 5] = [
    (1, 1, "rust tips", 5),
    (2, 1, "sql tips", 9),
    (3, 2, "rust news", 7),
    (4, 2, "cooking", 2),
    (5, 3, "rust_macros 100%", 8),
];

fn filter(title: Option<&str>, author: Option<i32>, min_score: Option<i32>) -> PostFilter {
    PostFilter {
        title: title.map(str::to_owned),
        author,
        min_score,
    }
}

/// Every combination of the three filters (the 2^3 SQL strings), with what it finds.
fn cases() -> Vec<(PostFilter, Vec<i32>)> {
    vec![
        (filter(None, None, None), vec![1, 2, 3, 4, 5]),
        (filter(Some("rust%"), None, None), vec![1, 3, 5]),
        (filter(None, Some(2), None), vec![3, 4]),
        (filter(Some("%tips"), Some(1), None), vec![1, 2]),
        (filter(None, None, Some(7)), vec![2, 3, 5]),
        (filter(Some("rust%"), None, Some(6)), vec![3, 5]),
        (filter(None, Some(1), Some(6)), vec![2]),
        (filter(Some("%news"), Some(2), Some(7)), vec![3]),
    ]
}

type Found = (Vec<Vec<i32>>, Vec<Vec<i32>>, u64);

fn run<E: sqlmint::Executor>(conn: &E) -> Found {
    use queries::*;
    db::create_all(conn).expect("tables");
    conn.execute_many(POSTS.map(|(id, author, title, score)| add::new(id, author, title, score)))
        .expect("posts");
    let searches: Vec<Vec<i32>> = cases()
        .into_iter()
        .map(|(filter, expected)| {
            let found = search(conn, &filter);
            assert_eq!(found, expected, "{filter:?}");
            found
        })
        .collect();
    let pages: Vec<Vec<i32>> = [
        (None, None, None),
        (Some(1), None, None),
        (None, Some(6), Some(2)),
        (Some(2), Some(3), Some(1)),
    ]
    .into_iter()
    .map(|(author, min_score, max)| {
        conn.fetch_all(&by_author::new(author, min_score, max))
            .expect("by author")
            .into_iter()
            .map(|row| row.id)
            .collect()
    })
    .collect();
    assert_eq!(
        pages,
        [vec![1, 2, 3, 4, 5], vec![1, 2], vec![2, 3], vec![3]]
    );
    // One batch whose items run two different SQL strings, alternating.
    let renamed = conn
        .execute_many([
            rename::new("a", 1, Some(1)),
            rename::new("b", 2, None),
            rename::new("c", 3, Some(1)),
            rename::new("d", 4, None),
        ])
        .expect("renames");
    assert_eq!(renamed, 3, "post 3 is not author 1's");
    (searches, pages, renamed)
}

#[test]
fn each_combination_is_its_own_sql() {
    let all = queries::by_author::new(Some(1), Some(2), Some(3));
    // A `None` names its type, or is `sqlmint::Null`, as for a nullable parameter.
    let none = queries::by_author::new(None::<i32>, sqlmint::Null, None::<i64>);
    let only_max = queries::by_author::new(None::<i32>, None::<i32>, Some(3));
    assert_eq!(
        SqlFor::<Sqlite>::sql(&none),
        "SELECT post.id FROM post ORDER BY post.id"
    );
    assert_eq!(
        SqlFor::<Postgres>::sql(&only_max),
        "SELECT post.id FROM post ORDER BY post.id LIMIT $1::BIGINT"
    );
    assert_eq!(
        SqlFor::<Sqlite>::sql(&all),
        <queries::by_author::Statement<Option<i32>, Option<i32>, Option<i64>> as SqlFor<Sqlite>>::SQL
    );
    assert_eq!(
        SqlFor::<Sqlite>::sql(&all),
        "SELECT post.id FROM post WHERE post.author_id = ?1 AND post.score >= ?2 ORDER BY post.id LIMIT ?3"
    );
}

#[test]
fn optional_predicates_agree_on_sqlite_and_postgres() {
    let sqlite = run(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    let conn =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    let postgres = run(&conn);
    assert_eq!(sqlite, postgres);

    // The server prepared one statement per combination the search ran: eight, all different.
    let prepared: Vec<String> = conn
        .driver()
        .expect("client")
        .query(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT post.id FROM post%'",
            &[],
        )
        .expect("prepared statements")
        .iter()
        .map(|row| row.get(0))
        .collect();
    let searches: Vec<&String> = prepared
        .iter()
        .filter(|sql| !sql.contains("LIMIT"))
        .collect();
    assert_eq!(searches.len(), 8, "{prepared:#?}");
    assert!(searches
        .iter()
        .any(|sql| *sql == "SELECT post.id FROM post ORDER BY post.id"));
    assert!(!prepared.iter().any(|sql| sql.contains("IS NULL")));
}

#[tokio::test]
async fn optional_predicates_on_tokio_postgres() {
    use queries::*;
    let mut conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    conn.execute_many(POSTS.map(|(id, author, title, score)| add::new(id, author, title, score)))
        .await
        .expect("posts");
    for (filter, expected) in cases() {
        let found: Vec<i32> = conn
            .fetch_all(&db::query!(
                SELECT id FROM post
                WHERE title LIKE {filter.title?}
                  AND author_id = {filter.author?}
                  AND score >= {filter.min_score?}
                ORDER BY id
            ))
            .await
            .expect("search")
            .into_iter()
            .map(|row| row.id)
            .collect();
        assert_eq!(found, expected, "{filter:?}");
    }
    let page = conn
        .fetch_all(&by_author::new(sqlmint::Null, Some(6), Some(2)))
        .await
        .expect("page");
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);
}
