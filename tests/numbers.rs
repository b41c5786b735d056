//! Numbers an order report computes read the same on SQLite, PostgreSQL and MariaDB, where
//! they return other types for one expression: PostgreSQL's `sum` of a BIGINT and `avg` of an
//! integer are NUMERIC, `nullif` and `coalesce` take the common type of their arguments, and
//! SQLite returns whatever the value happens to be.

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        table line {
            id: INTEGER PRIMARY KEY,
            order_id: INTEGER NOT NULL,
            quantity: INTEGER NOT NULL,
            cents: BIGINT NOT NULL,
            discount: INTEGER,
        }
    }
}

mod queries {
    use crate::db;

    db::query! {
        pub mod add {
            INSERT INTO line (id, order_id, quantity, cents, discount)
            VALUES (:id, :order_id, :quantity, :cents, :discount)
        }
    }

    db::query! {
        /// Per order: the total (a BIGINT sum), the average quantity, a quantity that is NULL
        /// where it equals the average, and the discount or a fraction in its place.
        pub mod report {
            SELECT order_id,
                   sum(cents) AS total,
                   avg(quantity) AS mean,
                   nullif(max(quantity), avg(quantity)) AS peak_unless_flat,
                   coalesce(max(discount), 0.5) AS discount_or_half,
                   CASE WHEN count(*) > 1 THEN max(quantity) ELSE 1.5 END AS peak_or_fraction
            FROM line
            GROUP BY order_id
            ORDER BY order_id
        }
    }
}

type Report = Vec<(i32, i64, f64, Option<i32>, f64, f64)>;

fn run<E: sqlmint::Executor>(conn: &E) -> Report {
    use queries::*;
    db::create_all(conn).expect("tables");
    conn.execute_many([
        add::new(1, 1, 2, 5_000_000_000_i64, Some(3)),
        add::new(2, 1, 4, 1, None),
        add::new(3, 2, 3, 250, None),
        add::new(4, 2, 3, 250, None),
        add::new(5, 3, 7, 10, Some(1)),
    ])
    .expect("lines");
    conn.fetch_all(&report::new())
        .expect("report")
        .into_iter()
        .map(|r| {
            (
                r.order_id,
                r.total,
                r.mean,
                r.peak_unless_flat,
                r.discount_or_half,
                r.peak_or_fraction,
            )
        })
        .collect()
}

#[test]
fn numbers_agree_on_sqlite_and_postgres() {
    let sqlite = run(&sqlmint::sqlite::Connection::open_in_memory().expect("sqlite"));
    assert_eq!(
        sqlite,
        [
            (1, 5_000_000_001, 3.0, Some(4), 3.0, 4.0),
            (2, 500, 3.0, None, 0.5, 3.0),
            (3, 10, 7.0, None, 1.0, 1.5),
        ]
    );
    let postgres = run(
        &sqlmint::postgres::Connection::connect(&sqlmint_test_support::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, postgres);
    let mysql = run(
        &sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database())
            .expect("connect"),
    );
    assert_eq!(sqlite, mysql);
}
