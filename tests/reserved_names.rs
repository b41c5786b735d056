//! Tables and columns named by SQL keywords (`order`, `group`, `window`, `for`, ...) work in
//! every position, on SQLite and on PostgreSQL: the renderer quotes every word that any
//! supported dialect reserves (finding 7 of the reliability issue).
//!
//! In `query!`, a word the grammar reads as a keyword where a name could also stand
//! (`GROUP BY group`) is written as a Rust raw identifier, `r#group`; a word that can only be
//! a name there (`o.group`, `order.group`, `AS select`) needs no `r#`.

use sqlmint::constructs::SqliteAndPostgres;
use sqlmint::Executor;

sqlmint::schema! {
    pub mod db {
        table order {
            id: INTEGER PRIMARY KEY,
            group: TEXT NOT NULL,
            select: INTEGER NOT NULL,
            user: TEXT,
        }
        table window {
            id: INTEGER PRIMARY KEY,
            order_id: INTEGER NOT NULL REFERENCES order(id),
            for: TEXT, only: INTEGER, unique: INTEGER, constraint: TEXT, create: TEXT,
            fetch: INTEGER, array: TEXT, cast: TEXT, both: INTEGER, analyze: TEXT,
            current_date: TEXT, key: TEXT, offset: INTEGER,
        }
    }
}

fn every_position<E: Executor>(conn: &E) {
    db::create_all(conn).expect("create_all with keyword names");
    let inserted = conn
        .fetch_all(&db::query!(
            INSERT INTO order (r#group, select, user) VALUES ("a", 1, "ann"), ("a", 2, NULL), ("b", 3, "bob")
            RETURNING id, r#group
        ))
        .expect("insert into order");
    assert_eq!(inserted.len(), 3);
    assert_eq!(inserted[0].group, "a");
    conn.execute(&db::query!(
        INSERT INTO window VALUES (1, 1, "f", 1, 2, "c", "cr", 3, "[]", "k", 4, "an", "2024-01-01", "key", 5)
    ))
    .expect("insert without a column list");

    let grouped = conn
        .fetch_all(&db::query!(
            SELECT order.r#group, sum(order.select) AS select FROM order
            GROUP BY r#group ORDER BY r#group
        ))
        .expect("group by a keyword column");
    let got: Vec<(String, i64)> = grouped.into_iter().map(|r| (r.group, r.select)).collect();
    assert_eq!(got, [("a".to_owned(), 3), ("b".to_owned(), 3)]);

    let joined = conn
        .fetch_all(&db::query!(
            SELECT o.user, w.for, w.only, w.unique, w.constraint, w.create, w.fetch, w.array,
                   w.cast, w.both, w.analyze, w.current_date, w.key, w.offset
            FROM order AS o JOIN window AS w ON w.order_id = o.id
            WHERE w.only = 1 AND o.select < 2
        ))
        .expect("select keyword columns");
    assert_eq!(joined.len(), 1);
    let row = &joined[0];
    assert_eq!(row.user.as_deref(), Some("ann"));
    assert_eq!(row.r#for.as_deref(), Some("f"));
    assert_eq!(
        (row.only, row.unique, row.fetch, row.both, row.offset),
        (Some(1), Some(2), Some(3), Some(4), Some(5))
    );
    assert_eq!(row.current_date.as_deref(), Some("2024-01-01"));

    let updated = conn
        .execute(&db::query!(
            UPDATE order SET select = r#select + 10, user = "x" WHERE r#group = "b"
        ))
        .expect("update keyword columns");
    assert_eq!(updated, 1);
    let select = db::query!(SELECT r#select FROM order WHERE r#group = "b");
    assert_eq!(conn.fetch_one(&select).expect("read back").select, 13);
    let deleted = conn
        .execute(&db::query!(DELETE FROM window WHERE window.for = "f"))
        .expect("delete from window");
    assert_eq!(deleted, 1);
}

/// `UPDATE ... RETURNING` a keyword column, where the dialect has it, then `drop_all`.
fn returning_and_drop<E: Executor<Dialect: SqliteAndPostgres>>(conn: &E) {
    let updated = conn
        .fetch_all(&db::query!(
            UPDATE order SET select = r#select + 10 WHERE r#group = "b" RETURNING r#select
        ))
        .expect("update keyword columns, returning one");
    assert_eq!(updated[0].select, 23);
    db::drop_all(conn).expect("drop_all with keyword names");
}

#[test]
fn keyword_names_on_sqlite() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("open");
    every_position(&conn);
    returning_and_drop(&conn);
}

#[test]
fn keyword_names_on_mysql() {
    let conn = sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
        .expect("connect to the test database");
    every_position(&conn);
}

#[test]
fn keyword_names_on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("connect to the test database");
    every_position(&conn);
    returning_and_drop(&conn);
}
