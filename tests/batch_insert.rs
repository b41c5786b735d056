//! An application imports rows in bulk: `execute_many` of its `New...` structs, or of a
//! `query!` INSERT built per item, runs as a few INSERTs of many rows each (not one statement
//! per row), and `fetch_many` of `returning()` reads the stored rows back in input order. The
//! chunks stay under each backend's limit on bound parameters, a failing row leaves nothing
//! behind, and every chunk size and boundary gives the same rows as one row at a time.

use sqlmint::Executor;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table author {
            id: BIGINT PRIMARY KEY AUTOINCREMENT,
            name: TEXT NOT NULL UNIQUE,
            bio: TEXT,
            karma: INTEGER NOT NULL DEFAULT 0,
        }
        table tag { label: TEXT PRIMARY KEY, uses: INTEGER NOT NULL }
        table sample {
            id: BIGINT PRIMARY KEY,
            day: DATE,
            at: TIMESTAMPTZ,
            token: UUID,
            document: JSON,
            data: BLOB,
            amount: NUMERIC(10, 2),
            ratio: DOUBLE,
            flag: BOOLEAN,
            labels: TEXT[],
        }
    }
}

// A table of 64 columns: 1 024 rows of it would bind 65 536 parameters, one more than
// PostgreSQL takes in a statement.
sqlmint::schema! {
    #[sqlmint(path = crate::wide)]
    pub mod wide {
        table wide {
                c00: BIGINT NOT NULL, c01: BIGINT NOT NULL, c02: BIGINT NOT NULL, c03: BIGINT NOT NULL, c04: BIGINT NOT NULL, c05: BIGINT NOT NULL, c06: BIGINT NOT NULL, c07: BIGINT NOT NULL,
                c08: BIGINT NOT NULL, c09: BIGINT NOT NULL, c10: BIGINT NOT NULL, c11: BIGINT NOT NULL, c12: BIGINT NOT NULL, c13: BIGINT NOT NULL, c14: BIGINT NOT NULL, c15: BIGINT NOT NULL,
                c16: BIGINT NOT NULL, c17: BIGINT NOT NULL, c18: BIGINT NOT NULL, c19: BIGINT NOT NULL, c20: BIGINT NOT NULL, c21: BIGINT NOT NULL, c22: BIGINT NOT NULL, c23: BIGINT NOT NULL,
                c24: BIGINT NOT NULL, c25: BIGINT NOT NULL, c26: BIGINT NOT NULL, c27: BIGINT NOT NULL, c28: BIGINT NOT NULL, c29: BIGINT NOT NULL, c30: BIGINT NOT NULL, c31: BIGINT NOT NULL,
                c32: BIGINT NOT NULL, c33: BIGINT NOT NULL, c34: BIGINT NOT NULL, c35: BIGINT NOT NULL, c36: BIGINT NOT NULL, c37: BIGINT NOT NULL, c38: BIGINT NOT NULL, c39: BIGINT NOT NULL,
                c40: BIGINT NOT NULL, c41: BIGINT NOT NULL, c42: BIGINT NOT NULL, c43: BIGINT NOT NULL, c44: BIGINT NOT NULL, c45: BIGINT NOT NULL, c46: BIGINT NOT NULL, c47: BIGINT NOT NULL,
                c48: BIGINT NOT NULL, c49: BIGINT NOT NULL, c50: BIGINT NOT NULL, c51: BIGINT NOT NULL, c52: BIGINT NOT NULL, c53: BIGINT NOT NULL, c54: BIGINT NOT NULL, c55: BIGINT NOT NULL,
                c56: BIGINT NOT NULL, c57: BIGINT NOT NULL, c58: BIGINT NOT NULL, c59: BIGINT NOT NULL, c60: BIGINT NOT NULL, c61: BIGINT NOT NULL, c62: BIGINT NOT NULL, c63: BIGINT NOT NULL,
        }
    }
}

/// A row of `wide` holding `n` in every column.
fn wide_row(n: i64) -> wide::Wide {
    macro_rules! every_column {
        ($($column:ident)*) => {
            wide::Wide { $($column: n,)* }
        };
    }
    every_column! {
            c00 c01 c02 c03 c04 c05 c06 c07 c08 c09 c10 c11 c12 c13 c14 c15
            c16 c17 c18 c19 c20 c21 c22 c23 c24 c25 c26 c27 c28 c29 c30 c31
            c32 c33 c34 c35 c36 c37 c38 c39 c40 c41 c42 c43 c44 c45 c46 c47
            c48 c49 c50 c51 c52 c53 c54 c55 c56 c57 c58 c59 c60 c61 c62 c63
    }
}

fn new_authors(count: usize, prefix: &str) -> Vec<db::NewAuthor> {
    (0..count)
        .map(|i| db::NewAuthor {
            name: format!("{prefix}{i:05}"),
            bio: (i % 3 == 0).then(|| format!("bio of {i}")),
        })
        .collect()
}

/// Every author, by key: generated keys follow the input order.
fn authors<E: Executor>(conn: &E) -> Vec<db::Author> {
    conn.fetch_all(&db::query!(SELECT * FROM author ORDER BY id))
        .expect("authors")
}

fn count_authors<E: Executor>(conn: &E) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM author))
        .expect("count")
        .n
}

fn scenario<E: Executor>(conn: &E) {
    db::create_all(conn).expect("tables");

    // Sizes around each chunk size (1, 4, 16, ..., 1 024 rows) and past one full chunk.
    let mut inserted = 0;
    for (round, size) in [0, 1, 3, 4, 5, 17, 1023, 1024, 1025, 2500]
        .into_iter()
        .enumerate()
    {
        let news = new_authors(size, &format!("r{round}-"));
        let stored = conn
            .fetch_many(news.iter().map(db::NewAuthor::returning))
            .expect("inserted");
        assert_eq!(stored.len(), size);
        for (new, stored) in news.iter().zip(&stored) {
            assert_eq!((&stored.name, &stored.bio), (&new.name, &new.bio));
            assert_eq!(stored.karma, 0, "the DEFAULT is filled in");
        }
        assert!(
            stored.windows(2).all(|pair| pair[0].id < pair[1].id),
            "RETURNING rows come back in input order"
        );
        inserted += size;
        assert_eq!(count_authors(conn), inserted as i64);
    }

    // execute_many counts every row of every chunk; the rows are those given, in order.
    conn.execute_batch("DELETE FROM author").expect("emptied");
    let news = new_authors(3000, "e-");
    assert_eq!(conn.execute_many(&news).expect("inserted"), 3000);
    let stored = authors(conn);
    let names: Vec<&str> = stored.iter().map(|a| a.name.as_str()).collect();
    let given: Vec<&str> = news.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, given);
    assert_eq!(stored[3].bio.as_deref(), Some("bio of 3"));
    assert_eq!(stored[4].bio, None);

    // One duplicate name in the second chunk: the error, and none of the 2 000 rows.
    let mut clash = new_authors(2000, "c-");
    clash[1500].name = "e-00007".to_owned();
    let error = conn.execute_many(&clash).expect_err("a duplicate name");
    assert!(
        error.to_string().to_lowercase().contains("unique"),
        "{error}"
    );
    assert_eq!(count_authors(conn), 3000);

    // A `query!` INSERT built per item batches too, ON CONFLICT DO NOTHING counting only
    // the rows it stored.
    let labels: Vec<String> = (0..1500).map(|i| format!("tag{}", i % 1000)).collect();
    let stored = conn
        .execute_many(labels.iter().map(|label| {
            // `*label`: the `String` in `labels`, borrowed for as long as `labels` lives.
            db::query!(INSERT INTO tag (label, uses) VALUES ({*label}, 1) ON CONFLICT DO NOTHING)
        }))
        .expect("tags");
    assert_eq!(stored, 1000);

    // An upsert that updates is not merged (one statement may not update a row twice on
    // PostgreSQL): each row runs alone, and repeated labels count up.
    conn.execute_many(labels.iter().take(1200).map(|label| {
        db::query!(
            INSERT INTO tag (label, uses) VALUES ({*label}, 1)
            ON CONFLICT (label) DO UPDATE SET uses = tag.uses + 1
        )
    }))
    .expect("upserts");
    let uses = conn
        .fetch_one(&db::query!(SELECT sum(uses) AS total FROM tag))
        .expect("uses")
        .total;
    assert_eq!(uses, Some(1000 + 1200));

    // 64 parameters a row: chunks of 256 rows on PostgreSQL (1 024 would bind 65 536), of
    // 256 on SQLite (whose limit is 32 766).
    wide::create_all(conn).expect("wide table");
    let rows: Vec<wide::Wide> = (0..1100).map(wide_row).collect();
    assert_eq!(conn.execute_many(&rows).expect("wide rows"), 1100);
    let stored = conn
        .fetch_all(&wide::query!(SELECT * FROM wide ORDER BY c00))
        .expect("wide rows");
    assert_eq!(stored.len(), 1100);
    assert_eq!(stored[1099].c63, 1099);
}

#[test]
fn batched_inserts_on_sqlite() {
    scenario(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
}

#[test]
fn batched_inserts_on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("postgres");
    scenario(&conn);
}

/// SQLite's limit on bound parameters is asked, not assumed: lowered to 10, a 2-column
/// insert runs 4 rows a statement (the largest power of four binding at most 10).
#[test]
fn sqlite_chunks_stay_under_a_lowered_bind_limit() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    db::create_all(&conn).expect("tables");
    conn.driver()
        .set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER, 10)
        .expect("limit lowered");
    let news = new_authors(103, "l-");
    let stored = conn
        .fetch_many(news.iter().map(db::NewAuthor::returning))
        .expect("inserted under the limit");
    assert_eq!(stored.len(), 103);
    assert_eq!(stored[102].name, "l-00102");
}

#[tokio::test]
async fn batched_and_pipelined_on_tokio_postgres() {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let mut conn = sqlmint::tokio_postgres::Connection::connect(&url)
        .await
        .expect("connection");
    conn.execute_ddl(&db::CREATE_ALL).await.expect("tables");
    let news = new_authors(2100, "a-");
    let stored = conn
        .fetch_many(news.iter().map(db::NewAuthor::returning))
        .await
        .expect("inserted");
    let names: Vec<&str> = stored.iter().map(|a| a.name.as_str()).collect();
    let given: Vec<&str> = news.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, given);
    assert!(stored.windows(2).all(|pair| pair[0].id < pair[1].id));

    // An UPDATE per item cannot merge: the items are pipelined, 64 in flight.
    let bios: Vec<String> = stored.iter().map(|a| format!("updated {}", a.id)).collect();
    let updated =
        conn.execute_many(stored.iter().zip(&bios).take(500).map(
            |(author, bio)| db::query!(UPDATE author SET bio = {*bio} WHERE id = {author.id}),
        ))
        .await
        .expect("updated");
    assert_eq!(updated, 500);
    let bio = conn
        .fetch_one(&db::query!(SELECT bio FROM author WHERE id = {stored[499].id}))
        .await
        .expect("a bio")
        .bio;
    assert_eq!(bio.as_deref(), Some(bios[499].as_str()));

    // Item 200 of 300 takes a name another author has: the error, and none of the 300.
    let renames: Vec<String> = (0..300)
        .map(|i| {
            if i == 200 {
                "a-02000".to_owned()
            } else {
                format!("z{i}")
            }
        })
        .collect();
    let failing = conn
        .execute_many(stored.iter().zip(&renames).map(
            |(author, name)| db::query!(UPDATE author SET name = {*name} WHERE id = {author.id}),
        ))
        .await;
    let error = failing.expect_err("a duplicate name");
    assert_eq!(error.postgres_code(), Some("23505"), "{error}");
    let renamed = conn
        .fetch_one(&db::query!(SELECT count(*) AS n FROM author WHERE name LIKE "z%"))
        .await
        .expect("count")
        .n;
    assert_eq!(renamed, 0, "nothing of the failed execute_many is left");
}

/// The statements sqlmint ran during `run`, as its SQL echo (target `sqlmint::sql`) logs
/// each one before running it.
fn statements_run(run: impl FnOnce()) -> Vec<String> {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("log").extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let log = String::from_utf8(lines.0.lock().expect("log").clone()).expect("UTF-8");
    log.lines()
        .filter(|line| line.contains("sql=") && line.contains("INSERT INTO author"))
        .map(str::to_owned)
        .collect()
}

/// 3 000 rows run as 12 statements (2 × 1 024 + 3 × 256 + 2 × 64 + 3 × 16 + 2 × 4 rows),
/// not 3 000: each statement's SQL holds its chunk's rows.
#[test]
fn three_thousand_rows_are_twelve_statements() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    db::create_all(&conn).expect("tables");
    // Every echo call site seen once, so the subscriber below is asked about each.
    conn.execute_many(new_authors(5, "warm-")).expect("warm-up");
    let news = new_authors(3000, "s-");
    let statements = statements_run(|| {
        assert_eq!(conn.execute_many(&news).expect("inserted"), 3000);
    });
    let rows: Vec<usize> = statements
        .iter()
        .map(|sql| sql.matches("), (").count() + 1)
        .collect();
    assert_eq!(rows, [1024, 1024, 256, 256, 256, 64, 64, 16, 16, 16, 4, 4]);
}

/// A bulk load with `COPY`: text that needs COPY's escapes, NULLs, and every kind of column
/// sqlmint binds as text for the server to parse (dates, timestamps, UUIDs, JSON, arrays).
#[test]
fn copy_in_loads_rows_on_postgres() {
    use sqlmint::chrono::{NaiveDate, TimeZone, Utc};

    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("postgres");
    db::create_all(&conn).expect("tables");
    let mut news = new_authors(25_000, "copy-");
    news[1].name = "tab\there, a newline\n, a backslash \\ and ü".to_owned();
    news[2].bio = Some("line one\r\nline two\\".to_owned());
    assert_eq!(conn.copy_in(&news).expect("copied"), 25_000);
    let stored = authors(&conn);
    assert_eq!(stored.len(), 25_000);
    for (new, stored) in news.iter().zip(&stored) {
        assert_eq!((&stored.name, &stored.bio), (&new.name, &new.bio));
    }
    assert_eq!(stored[0].karma, 0, "the DEFAULT is filled in");

    // One duplicate among 10 000: the constraint's error, and none of them stored.
    let mut clash = new_authors(10_000, "clash-");
    clash[9_000].name = "copy-00007".to_owned();
    let error = conn.copy_in(&clash).expect_err("a duplicate name");
    assert_eq!(error.postgres_code(), Some("23505"), "{error}");
    assert_eq!(count_authors(&conn), 25_000);

    let sample = db::Sample {
        id: 1,
        day: NaiveDate::from_ymd_opt(2024, 2, 29),
        at: Some(Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 58).unwrap()),
        token: Some(sqlmint::uuid::Uuid::from_u128(
            0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8,
        )),
        document: Some(sqlmint::serde_json::json!({"k": ["tab\t", null, 1.5]})),
        data: Some(vec![0, 9, 10, 92, 255]),
        amount: Some("12.34".parse().expect("a decimal")),
        ratio: Some(f64::INFINITY),
        flag: Some(false),
        labels: Some(vec![
            "a \"quoted\" one".to_owned(),
            "back\\slash".to_owned(),
            "{,}".to_owned(),
        ]),
    };
    let empty = db::Sample {
        id: 2,
        day: None,
        at: None,
        token: None,
        document: None,
        data: None,
        amount: None,
        ratio: None,
        flag: None,
        labels: None,
    };
    assert_eq!(conn.copy_in([&sample, &empty]).expect("copied"), 2);
    let stored = conn
        .fetch_all(&db::query!(SELECT * FROM sample ORDER BY id))
        .expect("samples");
    assert_eq!(stored, [sample, empty]);
}

#[tokio::test]
async fn copy_in_on_tokio_postgres() {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let conn = sqlmint::tokio_postgres::Connection::connect(&url)
        .await
        .expect("connection");
    conn.execute_ddl(&db::CREATE_ALL).await.expect("tables");
    let news = new_authors(20_000, "async-");
    assert_eq!(conn.copy_in(&news).await.expect("copied"), 20_000);
    let count = conn
        .fetch_one(&db::query!(SELECT count(*) AS n FROM author))
        .await
        .expect("count")
        .n;
    assert_eq!(count, 20_000);
}
