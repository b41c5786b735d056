//! The DDL applications' migrations write, applied as raw SQL through the driver, with the
//! compile-checked statements of the schema `schema!` read from the same files run against
//! it: defaults filled, CHECKs and foreign key actions enforced by the database, renames and
//! ALTER COLUMN followed, and `verify` finding no drift.

/// Migrations SQLite and PostgreSQL both apply.
mod portable {
    sqlmint::schema! {
        #[sqlmint(migrations = "tests/migrations/ddl_portable", path = crate::portable::db)]
        pub mod db {}
    }

    pub const MIGRATIONS: [&str; 2] = [
        include_str!("migrations/ddl_portable/0001_create.sql"),
        include_str!("migrations/ddl_portable/0002_change.sql"),
    ];

    /// `(karma, titles published, posts left after the writer is deleted, CHECK refused)`.
    pub fn scenario<E: sqlmint::Executor>(conn: &E) -> (i32, Vec<String>, i64, bool) {
        for migration in MIGRATIONS {
            conn.execute_batch(migration).expect("as written");
        }
        // `joined` and `karma` (renamed from `score`) have defaults; `draft` too.
        let karma = conn
            .fetch_one(&db::query!(
                INSERT INTO writer (id, name) VALUES (1, "Ada") RETURNING karma
            ))
            .expect("defaults")
            .karma;
        conn.execute(&db::query!(
            INSERT INTO post (id, author_id, title, draft) VALUES (1, 1, "Notes", FALSE)
        ))
        .expect("post");
        conn.execute(&db::query!(INSERT INTO post (id, author_id, title) VALUES (2, 1, "Draft")))
            .expect("a draft by default");
        let refused = conn
            .execute(&db::query!(INSERT INTO writer (id, name) VALUES (2, "")))
            .is_err();
        let published = conn
            .fetch_all(&db::query!(SELECT title FROM published ORDER BY id))
            .expect("the view")
            .into_iter()
            .map(|r| r.title)
            .collect();
        conn.execute(&db::query!(DELETE FROM writer WHERE id = 1))
            .expect("cascade");
        let left = conn
            .fetch_one(&db::query!(SELECT count(*) AS n FROM post))
            .expect("count")
            .n;
        (karma, published, left, refused)
    }
}

/// PostgreSQL's own DDL.
mod postgres_only {
    sqlmint::schema! {
        #[sqlmint(migrations = "tests/migrations/ddl_postgres", path = crate::postgres_only::accounts)]
        pub mod accounts {}
    }

    pub const MIGRATIONS: [&str; 2] = [
        include_str!("migrations/ddl_postgres/0001_create.sql"),
        include_str!("migrations/ddl_postgres/0002_alter.sql"),
    ];
}

#[test]
fn portable_ddl_runs_alike_on_sqlite_and_postgres() {
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    let on_sqlite = portable::scenario(&sqlite);
    assert_eq!(on_sqlite, (42, vec!["Notes".to_owned()], 0, true));
    let report = portable::db::verify(&sqlite).expect("verify");
    assert!(report.is_clean(), "{report}");

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    assert_eq!(portable::scenario(&postgres), on_sqlite);
    let report = portable::db::verify(&postgres).expect("verify");
    assert!(report.is_clean(), "{report}");
}

#[test]
fn postgres_ddl_is_followed_through_alter_column() {
    use postgres_only::accounts;
    let conn =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    for migration in postgres_only::MIGRATIONS {
        conn.execute_batch(migration).expect("as written");
    }
    // The identity, the UUID, the timestamp and the plan are the database's.
    let first = conn
        .fetch_one(&accounts::query!(
            INSERT INTO account (email) VALUES ("ada@example.com") RETURNING id, token, plan
        ))
        .expect("defaults");
    assert_eq!((first.id, first.plan.as_deref()), (1, Some("trial")));
    assert_eq!(first.token.get_version_num(), 4);
    // `email` became NOT NULL TEXT, UNIQUE: a second one is refused; the dropped CHECK is gone.
    assert!(conn
        .execute(&accounts::query!(INSERT INTO account (email) VALUES ("ada@example.com")))
        .is_err());
    conn.execute(&accounts::query!(INSERT INTO account (email) VALUES ("")))
        .expect("the CHECK was dropped");
    let report = accounts::verify(&conn).expect("verify");
    assert!(report.is_clean(), "{report}");
}
