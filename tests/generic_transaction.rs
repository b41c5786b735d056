//! Transactional code written once over `Executor` runs on every synchronous backend:
//! committed on `Ok`, rolled back on `Err`, nested ones as savepoints, each checked by
//! reading the table back.

use sqlmint::{Error, Executor};

sqlmint::schema! {
    pub mod db {
        table item { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL }
    }
}

fn count<E: Executor>(conn: &E) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM item))
        .expect("count items")
        .n
}

/// Inserts `name` in a transaction that then returns `outcome`.
fn insert_then<E: Executor>(conn: &E, name: &str, outcome: Result<(), Error>) -> Result<(), Error> {
    conn.transaction(|tx| {
        tx.execute(&db::query!(INSERT INTO item (name) VALUES ({name})))?;
        outcome
    })
}

fn commits_on_ok_and_rolls_back_on_err<E: Executor>(conn: &E) {
    db::create_all(conn).expect("create tables");

    insert_then(conn, "kept", Ok(())).expect("committed");
    assert_eq!(count(conn), 1);

    let failed = insert_then(conn, "undone", Err(Error::RowNotFound));
    assert!(matches!(failed, Err(Error::RowNotFound)), "{failed:?}");
    assert_eq!(count(conn), 1);

    // A nested transaction is a savepoint: its rollback keeps the outer one's work.
    conn.transaction(|tx| {
        tx.execute(&db::query!(INSERT INTO item (name) VALUES ("outer")))?;
        let inner = insert_then(tx, "inner", Err(Error::RowNotFound));
        assert!(inner.is_err());
        assert_eq!(count(tx), 2);
        insert_then(tx, "inner kept", Ok(()))
    })
    .expect("outer committed");
    let names = conn
        .fetch_all(&db::query!(SELECT name FROM item ORDER BY id))
        .expect("names");
    let names: Vec<&str> = names.iter().map(|row| row.name.as_str()).collect();
    assert_eq!(names, ["kept", "outer", "inner kept"]);
}

#[test]
fn on_sqlite() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("open");
    commits_on_ok_and_rolls_back_on_err(&conn);
}

#[test]
fn on_postgres() {
    let url = sqlmint_test_support::database();
    let conn = sqlmint::postgres::Connection::connect(&url).expect("connect");
    commits_on_ok_and_rolls_back_on_err(&conn);
}
