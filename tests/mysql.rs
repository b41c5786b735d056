//! What is MariaDB's own, on a real server (the throwaway one of `sqlmint-test-support`):
//! rows read lazily, the server's error numbers, UPDATE counting the rows it matched, MySQL's
//! upsert counts, transaction options, and the column types round-tripping through the
//! executor.

use sqlmint::chrono::{NaiveDate, TimeZone};
use sqlmint::mysql::Connection;
use sqlmint::{Decimal, Error, TransactionOptions};

mod tutorial_schema;

use tutorial_schema::db;

fn connect() -> Connection {
    let url = sqlmint_test_support::mysql::database();
    let conn = Connection::connect(&url).expect("connect to the test database");
    db::create_all(&conn).expect("create tables");
    conn
}

fn seeded() -> Connection {
    let conn = connect();
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    conn.execute_many([
        insert.params("spongebob", Some("Spongebob Squarepants")),
        insert.params("sandy", Some("Sandy Cheeks")),
        insert.params("patrick", None),
    ])
    .expect("users");
    conn
}

#[test]
fn fetch_reads_rows_lazily_and_holds_the_connection() {
    let conn = seeded();
    let query = db::query!(SELECT id, name FROM user_account ORDER BY id);
    let mut cursor = conn.fetch(&query).unwrap();
    let first_two: Vec<i32> = cursor
        .rows()
        .take(2)
        .map(|row| row.map(|r| r.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(first_two, [1, 2]);
    // The cursor holds the connection: another statement meanwhile is a usage error.
    assert!(matches!(conn.fetch_all(&query), Err(Error::Usage(_))));
    // Each call to `rows` runs the query again.
    let names: Vec<String> = cursor.rows().map(|r| r.unwrap().name).collect();
    assert_eq!(names, ["spongebob", "sandy", "patrick"]);
    drop(cursor);
    assert_eq!(conn.fetch_all(&query).unwrap().len(), 3);
}

#[test]
fn a_duplicate_key_keeps_the_servers_error_number_and_sqlstate() {
    let conn = seeded();
    let error = conn
        .execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))
        .unwrap_err();
    assert_eq!(error.mysql_code(), Some(1062), "{error}");
    assert_eq!(error.mysql_sqlstate(), Some("23000"));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("Duplicate entry"), "{error}");
}

#[test]
fn update_counts_the_rows_it_matched_and_upserts_count_as_mysql_does() {
    let conn = seeded();
    // Both rows match; one already has the value. SQLite and PostgreSQL count 2; so does this
    // connection (CLIENT_FOUND_ROWS), where MySQL's default would count the one it changed.
    conn.execute(&db::query!(
        UPDATE user_account SET fullname = "Sandy Cheeks" WHERE id = 1
    ))
    .unwrap();
    let matched = conn
        .execute(&db::query!(
            UPDATE user_account SET fullname = "Sandy Cheeks" WHERE id IN (1, 2)
        ))
        .unwrap();
    assert_eq!(matched, 2);

    // `event` has one key, so ON CONFLICT (id) is MySQL's ON DUPLICATE KEY UPDATE alike
    // (on `user_account`, whose `name` is unique too, it would not compile for MySQL).
    let upsert = db::query!(
        INSERT INTO event (id, happened_on) VALUES (:id, :on)
        ON CONFLICT (id) DO UPDATE SET happened_on = excluded.happened_on
    );
    let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).expect("a date");
    // A new row counts 1, an updated one 2 (MySQL's ON DUPLICATE KEY UPDATE).
    assert_eq!(conn.execute(&upsert.params(9_i64, day(1))).unwrap(), 1);
    assert_eq!(conn.execute(&upsert.params(9_i64, day(2))).unwrap(), 2);
    let event = conn
        .fetch_one(&db::query!(SELECT happened_on FROM event WHERE id = 9))
        .unwrap();
    assert_eq!(event.happened_on, day(2));
    // A duplicate skipped by DO NOTHING is no error and changes nothing, but counts 1: MySQL
    // has no DO NOTHING, and the key set to itself is a row found (CLIENT_FOUND_ROWS).
    let add_once = db::query!(
        INSERT INTO event (id, happened_on) VALUES (:id, :on) ON CONFLICT DO NOTHING
    );
    assert_eq!(conn.execute(&add_once.params(9_i64, day(3))).unwrap(), 1);
    assert_eq!(conn.execute(&add_once.params(10_i64, day(3))).unwrap(), 1);
    let kept = conn
        .fetch_one(&db::query!(SELECT happened_on FROM event WHERE id = 9))
        .unwrap();
    assert_eq!(kept.happened_on, day(2));
    // LAST_INSERT_ID() is the last key the server generated: the upserts gave theirs.
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("gary")))
        .unwrap();
    assert_eq!(conn.last_insert_id().unwrap(), 4);
    // It stays the key of the last INSERT after other statements (a COMMIT, a SELECT).
    conn.transaction(|tx| {
        tx.execute(&db::query!(INSERT INTO user_account (name) VALUES ("larry")))
    })
    .unwrap();
    conn.fetch_all(&db::query!(SELECT id FROM user_account))
        .unwrap();
    assert_eq!(conn.last_insert_id().unwrap(), 5);
}

#[test]
fn transaction_options_set_isolation_and_read_only() {
    let conn = seeded();
    let count = db::query!(SELECT count(*) AS n FROM user_account);
    let options = TransactionOptions::new()
        .isolation(sqlmint::IsolationLevel::Serializable)
        .read_only();
    let n = conn
        .transaction_with(options, |tx| {
            let n = tx.fetch_one(&count)?.n;
            // The transaction's own level (the session's stays as it was).
            let isolation: Option<String> =
                sqlmint::mysql::driver::prelude::Queryable::query_first(
                    &mut *tx.driver()?,
                    "SELECT trx_isolation_level FROM information_schema.innodb_trx \
                 WHERE trx_mysql_thread_id = CONNECTION_ID()",
                )?;
            assert_eq!(isolation.as_deref(), Some("SERIALIZABLE"));
            Ok::<_, Error>(n)
        })
        .unwrap();
    assert_eq!(n, 3);
    // A write inside a READ ONLY transaction fails with the server's error, and the
    // transaction rolls back.
    let result = conn.transaction_with(TransactionOptions::new().read_only(), |tx| {
        tx.execute(&db::query!(DELETE FROM user_account WHERE id = 1))
    });
    let error = result.unwrap_err();
    assert_eq!(error.mysql_code(), Some(1792), "{error}");
    assert_eq!(conn.fetch_one(&count).unwrap().n, 3);
    // A transaction begun with SQL counts as open: sqlmint's nests as a savepoint in it, so
    // START TRANSACTION does not commit it.
    conn.execute_batch("START TRANSACTION").unwrap();
    conn.transaction(|tx| tx.execute(&db::query!(DELETE FROM user_account WHERE id = 3)))
        .unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(conn.fetch_one(&count).unwrap().n, 3);
}

#[test]
fn column_types_round_trip() {
    let conn = connect();
    let on = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
    let at = on.and_hms_micro_opt(23, 59, 58, 123_456).expect("a time");
    let price = Decimal::new(1999, 2);
    let payload: &[u8] = &[0, 159, 146, 150, 255];
    conn.execute(&db::query!(
        INSERT INTO event (id, happened_on, happened_at, price, ratio, payload, done)
        VALUES ({9_000_000_000_i64}, {on}, {at}, {price}, {0.125}, {payload}, {true})
    ))
    .unwrap();
    conn.execute(&db::query!(
        INSERT INTO event (id, happened_on) VALUES ({1_i64}, {on})
    ))
    .unwrap();
    let rows = conn
        .fetch_all(&db::query!(
            SELECT id, happened_on, happened_at, price, ratio, payload, done
            FROM event ORDER BY id
        ))
        .unwrap();
    let nulls = &rows[0];
    assert_eq!(nulls.id, 1);
    assert_eq!(
        (
            nulls.happened_at,
            nulls.price,
            nulls.ratio,
            nulls.payload.as_deref(),
            nulls.done
        ),
        (None, None, None, None, false)
    );
    let full = &rows[1];
    assert_eq!(full.id, 9_000_000_000);
    assert_eq!(full.happened_on, on);
    assert_eq!(full.happened_at, Some(at));
    assert_eq!(full.price, Some(price));
    assert_eq!(full.ratio, Some(0.125));
    assert_eq!(full.payload.as_deref(), Some(payload));
    assert!(full.done);

    // A TIMESTAMPTZ is a DATETIME(6) in UTC, read back as the instant written.
    let logged_at = sqlmint::chrono::Utc
        .with_ymd_and_hms(2024, 2, 29, 23, 30, 0)
        .single()
        .expect("an instant")
        + sqlmint::chrono::Duration::microseconds(250);
    conn.execute(&db::query!(UPDATE event SET logged_at = {logged_at} WHERE id = 1))
        .unwrap();
    let row = conn
        .fetch_one(&db::query!(
            SELECT logged_at FROM event WHERE logged_at > {logged_at - sqlmint::chrono::Duration::seconds(1)}
        ))
        .unwrap();
    assert_eq!(row.logged_at, Some(logged_at));

    // UUIDs and JSON travel as text.
    let token = sqlmint::uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let document = sqlmint::serde_json::json!({"k": [1, 2, {"x": null}], "s": "é"});
    conn.execute(&db::query!(
        UPDATE event SET token = {token}, document = {&document} WHERE id = 1
    ))
    .unwrap();
    let row = conn
        .fetch_one(&db::query!(SELECT token, document FROM event WHERE id = 1))
        .unwrap();
    assert_eq!(row.token, Some(token));
    assert_eq!(row.document, Some(document));
}

#[test]
fn a_key_written_as_zero_is_zero_and_a_left_out_key_is_generated() {
    let conn = connect();
    conn.execute(&db::query!(INSERT INTO user_account (id, name) VALUES (0, "zero")))
        .unwrap();
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("next")))
        .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT id, name FROM user_account ORDER BY id))
        .unwrap();
    let got: Vec<(i32, &str)> = rows.iter().map(|r| (r.id, r.name.as_str())).collect();
    assert_eq!(got, [(0, "zero"), (1, "next")]);
}

#[test]
fn execute_batch_reports_a_failure_after_its_first_statement() {
    let conn = connect();
    // The driver reads only the first statement's result unless asked for the rest: the
    // third statement's error must not be lost, nor the work after it done.
    let error = conn
        .execute_batch(
            "INSERT INTO user_account (name) VALUES ('a'); \
             INSERT INTO user_account (name) VALUES ('b'); \
             INSERT INTO no_such_table VALUES (1); \
             INSERT INTO user_account (name) VALUES ('c')",
        )
        .unwrap_err();
    assert_eq!(error.mysql_code(), Some(1146), "{error}");
    let names: Vec<String> = conn
        .fetch_all(&db::query!(SELECT name FROM user_account ORDER BY id))
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(
        names,
        ["a", "b"],
        "the statements before the failure ran, none after"
    );
    // Inside a transaction, the failure rolls it all back.
    let result = conn.transaction(|tx| {
        tx.execute_batch(
            "INSERT INTO user_account (name) VALUES ('d'); INSERT INTO no_such_table VALUES (1)",
        )
    });
    assert!(result.is_err());
    assert_eq!(
        conn.fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
            .unwrap()
            .n,
        2
    );
}
