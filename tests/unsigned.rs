//! MySQL's unsigned integers as an application declares them (`INT UNSIGNED` keys, a
//! `BIGINT UNSIGNED` counter), read as `u32` and `u64` on every backend: MariaDB's own types,
//! PostgreSQL's BIGINT and NUMERIC(20, 0), and SQLite's integers, which stop at `i64::MAX`.

use sqlmint::{Error, Executor};

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table page {
            id: INT UNSIGNED PRIMARY KEY,
            views: BIGINT UNSIGNED NOT NULL,
            width: INT(11),
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add {
            INSERT INTO page (views, width) VALUES (:views, :width) RETURNING id
        }
    }

    db::query! {
        pub mod add_with_id {
            INSERT INTO page (id, views) VALUES (:id, :views)
        }
    }

    db::query! {
        /// Pages above a number of views, with what arithmetic on them gives.
        pub mod popular {
            SELECT id, views, views - 1 AS fewer, id + 1 AS next_id, sum(views) OVER () AS total
            FROM page WHERE views >= :floor ORDER BY id
        }
    }
}

/// What the application reads back, the same on every backend.
type Pages = Vec<(u32, u64, sqlmint::Decimal, i64)>;

fn round_trip<E: Executor>(conn: &E, biggest_views: u64) -> Pages {
    use queries::*;
    db::create_all(conn).expect("tables");
    let generated = conn
        .fetch_one(&add::new(7_u64, Some(800)))
        .expect("a generated key");
    assert_eq!(generated.id, 1);
    conn.execute(&add_with_id::new(u32::MAX, biggest_views))
        .expect("the largest key and count");
    conn.fetch_all(&popular::new(5_u32))
        .expect("popular pages")
        .into_iter()
        .map(|page| {
            let total: sqlmint::Decimal = page.total;
            assert!(total >= sqlmint::Decimal::from(page.views));
            (page.id, page.views, page.fewer, page.next_id)
        })
        .collect()
}

fn expected(biggest_views: u64) -> Pages {
    vec![
        (1, 7, sqlmint::Decimal::from(6), 2),
        (
            u32::MAX,
            biggest_views,
            sqlmint::Decimal::from(biggest_views - 1),
            i64::from(u32::MAX) + 1,
        ),
    ]
}

#[test]
fn unsigned_columns_round_trip_on_mariadb_and_postgres() {
    let mysql = sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
        .expect("connect");
    assert_eq!(round_trip(&mysql, u64::MAX), expected(u64::MAX));
    assert!(db::verify(&mysql).expect("verify").is_clean());

    let postgres =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    assert_eq!(round_trip(&postgres, u64::MAX), expected(u64::MAX));
    assert!(db::verify(&postgres).expect("verify").is_clean());
}

#[test]
fn sqlite_holds_unsigned_values_up_to_its_largest_integer_and_refuses_more() {
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    // The sum over both pages is exactly i64::MAX (a larger one is SQLite's overflow error).
    let largest = i64::MAX.unsigned_abs() - 7;
    assert_eq!(round_trip(&sqlite, largest), expected(largest));
    assert!(db::verify(&sqlite).expect("verify").is_clean());
    // Stored as text or REAL it would not read back the same: refused before it runs.
    let error = sqlite
        .execute(&queries::add_with_id::new(5_u32, u64::MAX))
        .unwrap_err();
    assert!(matches!(error, Error::Bind { slot: 1, .. }), "{error}");
    assert!(
        error.to_string().contains("18446744073709551615"),
        "{error}"
    );
}

#[test]
fn a_negative_or_too_large_rust_value_is_refused_before_it_is_sent() {
    let sqlite = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    db::create_all(&sqlite).expect("tables");
    let error = sqlite
        .execute(&queries::add_with_id::new(-1_i64, 1_u64))
        .unwrap_err();
    assert!(matches!(error, Error::Encode { slot: 0, .. }), "{error}");
    let error = sqlite
        .execute(&queries::add_with_id::new(u64::from(u32::MAX) + 1, 1_u64))
        .unwrap_err();
    assert!(error.to_string().contains("INTEGER UNSIGNED"), "{error}");
    let error = sqlite
        .execute(&queries::add_with_id::new(1_u32, -5_i32))
        .unwrap_err();
    assert!(error.to_string().contains("BIGINT UNSIGNED"), "{error}");
}
