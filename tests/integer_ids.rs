//! An application holds its ids as `i64` (what SQLite's rowids and `last_insert_rowid()` are,
//! and what an INTEGER column decodes into) and its page sizes as `usize`, and binds them back
//! as they are: a Rust integer binds to any SQL integer column, converted as `TryFrom` does.
//! One out of the column's range fails with a typed error before anything is sent, on SQLite
//! (whose INTEGER is 64 bits, so it would have stored the value) as on PostgreSQL.

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table account { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, team: SMALLINT }
    }
}

/// The data layer, written as an application would: ids are `i64`, counts `usize`.
mod accounts {
    use crate::db;
    use sqlmint::{Executor, Result};

    pub fn add<E: Executor>(conn: &E, id: i64, name: &str, team: Option<i64>) -> Result<u64> {
        conn.execute(&db::query!(
            INSERT INTO account (id, name, team) VALUES ({id}, {name}, {team})
        ))
    }

    pub fn name_of<E: Executor>(conn: &E, id: i64) -> Result<Option<String>> {
        conn.fetch_optional(&db::query!(SELECT name FROM account WHERE id = {id}))
            .map(|row| row.map(|row| row.name))
    }

    /// The ids of one page, read as `i64` and passed back to `name_of`.
    pub fn page<E: Executor>(conn: &E, after: i64, size: usize) -> Result<Vec<i64>> {
        let rows = conn.fetch_all(&db::query!(
            SELECT id FROM account WHERE id > {after} ORDER BY id LIMIT {size}
        ))?;
        Ok(rows.into_iter().map(|row| i64::from(row.id)).collect())
    }

    pub fn count<E: Executor>(conn: &E) -> Result<i64> {
        conn.fetch_one(&db::query!(SELECT count(*) AS n FROM account))
            .map(|row| row.n)
    }
}

fn scenario<E: sqlmint::Executor>(conn: &E) {
    db::create_all(conn).expect("tables");
    for (id, name) in [(1_i64, "ada"), (2, "grace"), (3, "edsger")] {
        accounts::add(conn, id, name, Some(7)).expect("an account");
    }
    let ids = accounts::page(conn, 1, 5_usize).expect("a page");
    assert_eq!(ids, [2, 3]);
    let names: Vec<Option<String>> = ids
        .iter()
        .map(|&id| accounts::name_of(conn, id).expect("a name"))
        .collect();
    assert_eq!(names, [Some("grace".to_owned()), Some("edsger".to_owned())]);

    // Out of INTEGER's range: a typed error naming the slot, and no row written.
    let too_big = i64::from(i32::MAX) + 1;
    match accounts::add(conn, too_big, "overflow", None) {
        Err(sqlmint::Error::Encode {
            slot: 0,
            source:
                sqlmint::EncodeError::OutOfRange {
                    value,
                    sql_type: "INTEGER",
                    ..
                },
        }) => assert_eq!(value, i128::from(too_big)),
        other => panic!("expected an out-of-range error, got {other:?}"),
    }
    // The third value (a SMALLINT) is checked too, after two that fit.
    let error = accounts::add(conn, 4, "big team", Some(70_000)).expect_err("out of range");
    assert_eq!(
        error.to_string(),
        "parameter 2: 70000 is out of range for SQL SMALLINT (-32768 to 32767)"
    );
    assert_eq!(accounts::count(conn).expect("a count"), 3);
    // A lookup by an id no INTEGER holds is an error, not a row that is silently missing.
    assert!(matches!(
        accounts::name_of(conn, i64::MAX),
        Err(sqlmint::Error::Encode { slot: 0, .. })
    ));
}

#[test]
fn integer_ids_on_sqlite() {
    scenario(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
}

#[test]
fn integer_ids_on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("postgres");
    scenario(&conn);
}
