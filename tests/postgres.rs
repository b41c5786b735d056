//! The statements of the SQLite tests, run on a real PostgreSQL server through the
//! synchronous executor: same `query!` values, PostgreSQL's SQL.

use sqlmint::chrono::NaiveDate;
use sqlmint::postgres::Connection;
use sqlmint::{Decimal, SqlFor};

mod tutorial_schema;

use tutorial_schema::db;

fn connect() -> Connection {
    let url = sqlmint_test_support::database();
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
    conn.execute(&db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES (1, "spongebob@sqlalchemy.org"), (2, "sandy@sqlalchemy.org"), (2, "sandy@squirrelpower.org")
    ))
    .expect("addresses");
    conn
}

fn sql<Q: SqlFor<sqlmint::Postgres>>(_: &Q) -> &'static str {
    Q::SQL
}

#[test]
fn fetch_reads_rows_lazily_and_holds_the_connection() {
    let conn = seeded();
    let query = db::query!(SELECT id FROM user_account ORDER BY id);
    let mut cursor = conn.fetch(&query).unwrap();
    let first_two: Vec<i32> = cursor
        .rows()
        .take(2)
        .map(|row| row.map(|r| r.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(first_two, [1, 2]);
    // The cursor holds the client: another statement meanwhile is a usage error.
    assert!(matches!(
        conn.fetch_all(&query),
        Err(sqlmint::Error::Usage(_))
    ));
    assert_eq!(cursor.rows().count(), 3);
    drop(cursor);
    assert_eq!(conn.fetch_all(&query).unwrap().len(), 3);

    // Inside a transaction, a failing row aborts it like any statement.
    let bad = db::query!(SELECT CAST(name AS INTEGER) AS n FROM user_account);
    let result = conn.transaction(|tx| {
        let mut cursor = tx.fetch(&bad)?;
        let failed = cursor.rows().any(|row| row.is_err());
        assert!(failed);
        drop(cursor);
        tx.fetch_all(&query).map(|_| ())
    });
    assert!(
        matches!(result, Err(sqlmint::Error::TransactionAborted { .. })),
        "{result:?}"
    );
}

#[test]
fn a_list_parameter_is_one_array() {
    let conn = seeded();
    let by_ids = db::query!(SELECT name FROM user_account WHERE id IN :ids ORDER BY id);
    assert_eq!(
        sql(&by_ids.params(vec![1])),
        "SELECT user_account.name FROM user_account WHERE user_account.id = ANY($1::INTEGER[]) ORDER BY user_account.id"
    );
    let two: Vec<String> = conn
        .fetch_all(&by_ids.params([1, 3]))
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(two, ["spongebob", "patrick"]);
    let none: &[i32] = &[];
    assert!(conn.fetch_all(&by_ids.params(none)).unwrap().is_empty());
    let wanted = vec!["sandy".to_owned(), "patrick".to_owned()];
    let rows = conn
        .fetch_all(&db::query!(SELECT id FROM user_account WHERE name NOT IN {wanted}))
        .unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
}

#[test]
fn array_columns_are_postgresql_arrays() {
    let conn = connect();
    let insert = db::query!(INSERT INTO tagged (tags, scores, prices, days) VALUES (:tags, :scores, :prices, :days));
    let tags = vec!["a".to_owned(), "b \"quoted\"".to_owned()];
    let days = vec![NaiveDate::from_ymd_opt(2024, 1, 31).expect("a date")];
    conn.execute(&insert.params(
        &tags,
        Some(vec![1, -2, 3]),
        Some(vec![Decimal::new(15, 1)]),
        Some(&days),
    ))
    .unwrap();
    conn.execute(&insert.params(
        Vec::<String>::new(),
        None::<Vec<i32>>,
        None::<Vec<Decimal>>,
        None::<Vec<NaiveDate>>,
    ))
    .unwrap();
    let rows = conn
        .fetch_all(&db::query!(SELECT * FROM tagged ORDER BY id))
        .unwrap();
    assert_eq!(rows[0].tags, tags);
    assert_eq!(rows[0].scores, Some(vec![1, -2, 3]));
    assert_eq!(rows[0].prices, Some(vec![Decimal::new(15, 1)]));
    assert_eq!(rows[0].days, Some(days));
    assert!(rows[1].tags.is_empty());
    assert_eq!(rows[1].scores, None);
    assert_eq!(
        sql(&insert.params(&tags, None::<Vec<i32>>, None::<Vec<Decimal>>, None::<Vec<NaiveDate>>)),
        "INSERT INTO tagged (tags, scores, prices, days) VALUES ($1::TEXT[], $2::INTEGER[], $3::NUMERIC[], $4::TEXT[]::DATE[])"
    );
}

// --- reliability: transactions the server aborted, statement cache, outside transactions ---

/// A fresh database's URL and a connection to it with the seeded tables.
fn seeded_with_url() -> (String, Connection) {
    let url = sqlmint_test_support::database();
    let conn = Connection::connect(&url).expect("connect to the test database");
    db::create_all(&conn).expect("create tables");
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    conn.execute_many([
        insert.params("spongebob", Some("Spongebob Squarepants")),
        insert.params("sandy", Some("Sandy Cheeks")),
        insert.params("patrick", None),
    ])
    .expect("users");
    (url, conn)
}

fn users(conn: &Connection) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
        .unwrap()
        .n
}

#[test]
fn a_commit_the_server_turned_into_a_rollback_is_an_error() {
    let conn = seeded();
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    let result: Result<(), sqlmint::Error> = conn.transaction(|tx| {
        tx.execute(&insert.params("gary"))?;
        let duplicate = tx.execute(&insert.params("sandy")).unwrap_err();
        assert_eq!(duplicate.postgres_code(), Some("23505"), "{duplicate}");
        // Handled, and the closure carries on: the server has aborted the transaction, and
        // what runs next fails with the first failure rather than with 25P02.
        let after = tx.execute(&insert.params("larry")).unwrap_err();
        assert!(
            matches!(&after, sqlmint::Error::TransactionAborted { .. }),
            "{after}"
        );
        assert!(after.to_string().contains("duplicate key"), "{after}");
        // A handler mapping 23505 to "409 Conflict" sees it through the abort too.
        assert_eq!(after.postgres_code(), Some("23505"), "{after}");
        Ok(())
    });
    assert_eq!(
        result
            .as_ref()
            .err()
            .and_then(sqlmint::Error::postgres_code),
        Some("23505")
    );
    match result {
        Err(sqlmint::Error::TransactionAborted { source }) => assert!(
            source.to_string().contains("duplicate key"),
            "the first failure is the cause: {source}"
        ),
        other => {
            panic!("the server rolled the transaction back, yet transaction() returned {other:?}")
        }
    }
    assert_eq!(users(&conn), 3, "nothing of the aborted transaction stays");
    // The connection is usable afterwards, and a nested transaction rolled back to its
    // savepoint after an error leaves the outer one healthy.
    conn.transaction(|tx| {
        tx.execute(&insert.params("gary"))?;
        let inner: Result<(), sqlmint::Error> = tx.transaction(|inner| {
            inner.execute(&insert.params("sandy"))?;
            Ok(())
        });
        assert_eq!(inner.unwrap_err().postgres_code(), Some("23505"));
        tx.execute(&insert.params("larry"))
    })
    .unwrap();
    assert_eq!(users(&conn), 5);
}

#[test]
fn execute_many_inside_a_transaction_begun_with_sql_keeps_it_open() {
    let conn = seeded();
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    conn.execute_batch("BEGIN").unwrap();
    conn.execute_many([insert.params("gary"), insert.params("larry")])
        .unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        users(&conn),
        3,
        "the caller's ROLLBACK rolls back execute_many's rows too"
    );
    conn.execute_batch("BEGIN").unwrap();
    conn.transaction(|tx| tx.execute(&insert.params("gary")))
        .unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(users(&conn), 3, "and transaction()'s rows");
}

#[test]
fn a_cached_statement_is_prepared_again_after_another_connection_alters_its_table() {
    let (url, conn) = seeded_with_url();
    let other = Connection::connect(&url).unwrap();
    let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
    assert_eq!(conn.fetch_one(&by_name.params("sandy")).unwrap().id, 2);
    other
        .execute_batch("ALTER TABLE user_account ALTER COLUMN fullname TYPE TEXT")
        .unwrap();
    let sandy = conn.fetch_one(&by_name.params("sandy")).map(|r| r.fullname);
    assert_eq!(
        sandy.as_ref().ok(),
        Some(&Some("Sandy Cheeks".to_owned())),
        "{:?}",
        sandy.as_ref().err()
    );
}

#[test]
fn a_stale_cached_statement_inside_a_transaction_fails_once_then_is_prepared_again() {
    let (url, conn) = seeded_with_url();
    let other = Connection::connect(&url).unwrap();
    let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
    assert_eq!(conn.fetch_one(&by_name.params("sandy")).unwrap().id, 2);
    other
        .execute_batch("ALTER TABLE user_account ALTER COLUMN fullname TYPE TEXT")
        .unwrap();
    let inside: Result<(), sqlmint::Error> = conn.transaction(|tx| {
        tx.fetch_one(&by_name.params("sandy"))?;
        Ok(())
    });
    assert_eq!(
        inside.unwrap_err().postgres_code(),
        Some("0A000"),
        "inside a transaction the stale statement's error is returned, not retried"
    );
    assert_eq!(conn.fetch_one(&by_name.params("sandy")).unwrap().id, 2);
}

#[test]
fn transaction_options_set_isolation_and_read_only_and_values_commit() {
    use sqlmint::{IsolationLevel, TransactionOptions};
    let conn = seeded();
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    let options = TransactionOptions::new()
        .isolation(IsolationLevel::Serializable)
        .read_only();
    let result: Result<(), sqlmint::Error> = conn.transaction_with(options, |tx| {
        tx.execute_batch(
            "DO $$ BEGIN IF current_setting('transaction_isolation') <> 'serializable' \
             THEN RAISE EXCEPTION 'not serializable'; END IF; END $$",
        )?;
        tx.execute(&insert.params("gary"))?;
        Ok(())
    });
    assert_eq!(result.unwrap_err().postgres_code(), Some("25006"));

    let tx = conn.begin().unwrap();
    tx.execute(&insert.params("gary")).unwrap();
    drop(tx);
    assert_eq!(users(&conn), 3, "dropped without commit: rolled back");
    let tx = conn.begin().unwrap();
    tx.execute(&insert.params("gary")).unwrap();
    tx.commit().unwrap();
    assert_eq!(users(&conn), 4);

    let mut attempts = 0;
    let error = conn
        .transaction_with_retry(
            sqlmint::RetryOptions::new(),
            TransactionOptions::new(),
            |tx| {
                attempts += 1;
                tx.execute(&insert.params("gary"))
            },
        )
        .unwrap_err();
    assert_eq!((attempts, error.postgres_code()), (1, Some("23505")));
    assert!(!error.is_retryable());
}
