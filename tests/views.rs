//! Views, declared in `schema!` or created by a migration: queries read them with the
//! columns, types and nullability their query has (inferred as `query!` infers any query's),
//! and writing to one is a compile error (`ui-tests/tests/ui/dml/insert-into-a-view.rs`).

/// The view declared inline; `create_all` creates it after its tables.
mod inline {
    sqlmint::schema! {
        #[sqlmint(path = crate::inline::db)]
        pub mod db {
            table author { id: BIGINT PRIMARY KEY, name: TEXT NOT NULL }
            table post {
                id: BIGINT PRIMARY KEY,
                author_id: BIGINT NOT NULL REFERENCES author (id),
                title: TEXT NOT NULL,
                score: INTEGER,
            }
            view author_stats {
                SELECT a.id, a.name, count(p.id) AS posts, max(p.score) AS best
                FROM author a LEFT JOIN post p ON p.author_id = a.id
                GROUP BY a.id, a.name
            }
        }
    }
}

/// The same view, from a migration applied as written.
mod migrated {
    sqlmint::schema! {
        #[sqlmint(migrations = "tests/migrations/views", path = crate::migrated::db)]
        pub mod db {}
    }

    pub const MIGRATION: &str = include_str!("migrations/views/0001_blog.sql");
}

/// `(name, posts, best)` per author, by name: the same statements against either schema.
macro_rules! stats {
    ($db:path, $conn:expr) => {{
        use $db as db;
        let conn = $conn;
        conn.execute(&db::query!(INSERT INTO author (id, name) VALUES (1, "Ada"), (2, "Grace")))
            .expect("authors");
        conn.execute(&db::query!(
            INSERT INTO post (id, author_id, title, score)
            VALUES (1, 1, "Notes", 5), (2, 1, "Engine", NULL)
        ))
        .expect("posts");
        let rows = conn
            .fetch_all(&db::query!(SELECT name, posts, best FROM author_stats ORDER BY name))
            .expect("the view");
        // `count` is a BIGINT that is never NULL; `max` over a LEFT JOIN may be NULL.
        let rows: Vec<(String, i64, Option<i32>)> =
            rows.into_iter().map(|r| (r.name, r.posts, r.best)).collect();
        rows
    }};
}

const EXPECTED: [(&str, i64, Option<i32>); 2] = [("Ada", 2, Some(5)), ("Grace", 0, None)];

fn check(rows: Vec<(String, i64, Option<i32>)>) {
    let rows: Vec<(&str, i64, Option<i32>)> =
        rows.iter().map(|(n, p, b)| (n.as_str(), *p, *b)).collect();
    assert_eq!(rows, EXPECTED);
}

#[test]
fn views_read_alike_on_sqlite_and_postgres() {
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    inline::db::create_all(&sqlite).expect("tables and view");
    check(stats!(crate::inline::db, &sqlite));

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    inline::db::create_all(&postgres).expect("tables and view");
    check(stats!(crate::inline::db, &postgres));
    inline::db::drop_all(&postgres).expect("view and tables dropped");
}

#[test]
fn a_migrated_view_reads_alike_on_sqlite_and_postgres() {
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    sqlite
        .execute_batch(migrated::MIGRATION)
        .expect("as written");
    check(stats!(crate::migrated::db, &sqlite));
    assert!(migrated::db::verify(&sqlite).expect("verify").is_clean());

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    postgres
        .execute_batch(migrated::MIGRATION)
        .expect("as written");
    check(stats!(crate::migrated::db, &postgres));
    let report = migrated::db::verify(&postgres).expect("verify");
    assert!(report.is_clean(), "{report}");
}
