//! Values read back exactly or not at all: a column value that does not fit the Rust type,
//! or would lose digits, is `Error::Decode`, never a clamped or rounded `Ok`
//! (finding 11 of the reliability issue), on a real SQLite and a real PostgreSQL.

use sqlmint::{Decimal, Error};

sqlmint::schema! {
    pub mod db {
        table reading {
            id: INTEGER PRIMARY KEY,
            big: BIGINT,
            small: REAL,
            price: NUMERIC(10, 2),
        }
    }
}

fn is_decode_error<T>(result: &Result<T, Error>) -> bool {
    matches!(result, Err(Error::Decode { .. }))
}

#[test]
fn out_of_range_values_are_decode_errors_on_sqlite() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("open");
    db::create_all(&conn).expect("create");
    // SQLite keeps 2^63 and 1e300 as REAL in these columns: readable, but not as i64 / f32.
    conn.execute_batch(
        "INSERT INTO reading (id, big, small) VALUES (1, 9223372036854775808, 1e300), (2, 9223372036854775807, 0.5)",
    )
    .expect("insert");
    let big = conn.fetch_one(&db::query!(SELECT big FROM reading WHERE id = 1));
    assert!(is_decode_error(&big), "{:?}", big.map(|r| r.big));
    let small = conn.fetch_one(&db::query!(SELECT small FROM reading WHERE id = 1));
    assert!(is_decode_error(&small), "{:?}", small.map(|r| r.small));
    let exact = conn
        .fetch_one(&db::query!(SELECT big, small FROM reading WHERE id = 2))
        .expect("values in range read");
    assert_eq!((exact.big, exact.small), (Some(i64::MAX), Some(0.5)));
}

#[test]
fn numeric_keeps_its_scale_on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
        .expect("connect to the test database");
    db::create_all(&conn).expect("create");
    let insert = db::query!(INSERT INTO reading (id, price) VALUES (:id, :price));
    conn.execute_many([
        insert.params(1, Some(Decimal::new(250, 2))),
        insert.params(2, Some(Decimal::new(0, 2))),
    ])
    .expect("insert");
    let prices: Vec<String> = conn
        .fetch_all(&db::query!(SELECT price FROM reading ORDER BY id))
        .expect("read")
        .into_iter()
        .map(|r| r.price.map(|p| p.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(prices, ["2.50", "0.00"]);
}
