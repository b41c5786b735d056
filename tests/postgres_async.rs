//! The statements of the PostgreSQL tests, run on a real server through the asynchronous
//! executor (`tokio-postgres`), and a `deadpool-postgres` pool's connection wrapped with
//! `from_pooled` (sqlmint's own pools are `tests/pools.rs`).

use futures_util::{StreamExt, TryStreamExt};
use sqlmint::tokio_postgres::Connection;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

mod tutorial_schema;

use tutorial_schema::db;

/// A fresh database's URL; `database()` blocks (it runs the synchronous `postgres` client),
/// so it runs off the async runtime's threads.
async fn database() -> String {
    tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database")
}

async fn connect() -> Connection {
    let conn = Connection::connect(&database().await)
        .await
        .expect("connect to the test database");
    conn.execute_ddl(&db::CREATE_ALL)
        .await
        .expect("create tables");
    conn
}

async fn seed(conn: &mut Connection) {
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    conn.execute_many([
        insert.params("spongebob", Some("Spongebob Squarepants")),
        insert.params("sandy", Some("Sandy Cheeks")),
        insert.params("patrick", None),
    ])
    .await
    .expect("users");
    conn.execute(&db::query!(
        INSERT INTO address (user_id, email_address)
        VALUES (1, "spongebob@sqlalchemy.org"), (2, "sandy@sqlalchemy.org"), (2, "sandy@squirrelpower.org")
    ))
    .await
    .expect("addresses");
}

async fn seeded() -> Connection {
    let mut conn = connect().await;
    seed(&mut conn).await;
    conn
}

async fn addresses(conn: &Connection) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM address))
        .await
        .expect("count addresses")
        .n
}

#[tokio::test]
async fn fetch_is_a_lazy_stream_of_rows() {
    let conn = seeded().await;
    let emails = db::query!(SELECT email_address FROM address ORDER BY id);
    let rows = conn.fetch(&emails);
    // Nothing has run yet: a row inserted now is in the result.
    conn.execute(
        &db::query!(INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org")),
    )
    .await
    .unwrap();
    let all: Vec<String> = rows
        .map_ok(|r| r.email_address)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3], "patrick@bikini.org");

    // Reading two rows and dropping the stream leaves the connection ready for more.
    {
        let mut rows = pin!(conn.fetch(&emails));
        assert_eq!(
            rows.try_next().await.unwrap().unwrap().email_address,
            "spongebob@sqlalchemy.org"
        );
        assert!(rows.try_next().await.unwrap().is_some());
    } // the stream is dropped here, two rows unread
    assert_eq!(addresses(&conn).await, 4);

    // Errors arrive as the stream's items.
    let mut failing = pin!(conn.fetch(&db::query!(
        INSERT INTO user_account (name) VALUES ("sandy") RETURNING id
    )));
    let error = failing.next().await.unwrap().unwrap_err();
    assert_eq!(error.postgres_code(), Some("23505"), "{error}");
    assert!(failing.next().await.is_none());
    assert_eq!(addresses(&conn).await, 4);
}

#[tokio::test]
async fn a_client_connected_by_the_caller_and_the_schema_ddl() {
    use deadpool_postgres::tokio_postgres;
    let url = database().await;
    // What a TLS setup does, with NoTls: connect, spawn the connection, wrap the client.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    let driver = tokio::spawn(connection);
    let conn = Connection::from_driver(client);
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("gary")))
        .await
        .unwrap();
    assert!(!conn.is_closed());
    assert_eq!(
        conn.driver()
            .query_one("SELECT count(*) FROM user_account", &[])
            .await
            .unwrap()
            .get::<_, i64>(0),
        1
    );
    conn.execute_ddl(&db::DROP_ALL).await.unwrap();
    let error = conn
        .fetch_all(&db::query!(SELECT id FROM user_account))
        .await
        .unwrap_err();
    assert_eq!(error.postgres_code(), Some("42P01"), "{error}");
    drop(conn);
    driver.await.unwrap().unwrap();
}

#[test]
fn connecting_outside_a_tokio_runtime_is_an_error() {
    let mut connecting = pin!(Connection::connect(
        "postgres://postgres@127.0.0.1:1/postgres"
    ));
    let Poll::Ready(Err(error)) = connecting
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    else {
        panic!("connect outside a runtime did not fail at once");
    };
    assert!(error.to_string().contains("no Tokio runtime"), "{error}");
}

#[tokio::test]
async fn a_deadpool_connection_runs_statements_and_returns_clean() {
    use deadpool_postgres::{tokio_postgres::NoTls, Manager, Pool};
    let url = database().await;
    let pool = Pool::builder(Manager::new(url.parse().unwrap(), NoTls))
        .max_size(1)
        .build()
        .unwrap();
    let mut conn = Connection::from_pooled(pool.get().await.unwrap());
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    seed(&mut conn).await;
    let tx = conn.begin().await.unwrap();
    tx.execute(&db::query!(DELETE FROM address WHERE TRUE))
        .await
        .unwrap();
    drop(tx);
    drop(conn); // back to the pool, with its rollback queued before anything else
    let conn = Connection::from_pooled(pool.get().await.unwrap());
    assert_eq!(addresses(&conn).await, 3);
    let names: Vec<String> = conn
        .fetch_all(&db::query!(SELECT name FROM user_account ORDER BY name))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["patrick", "sandy", "spongebob"]);
    assert_eq!(pool.status().size, 1);
}

// --- reliability: transactions the server aborted, statement cache, outside transactions ---

async fn users(conn: &Connection) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
        .await
        .unwrap()
        .n
}

#[tokio::test]
async fn a_commit_the_server_turned_into_a_rollback_is_an_error() {
    let mut conn = seeded().await;
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    let tx = conn.begin().await.unwrap();
    tx.execute(&insert.params("gary")).await.unwrap();
    let duplicate = tx.execute(&insert.params("sandy")).await.unwrap_err();
    assert_eq!(duplicate.postgres_code(), Some("23505"), "{duplicate}");
    let after = tx.execute(&insert.params("larry")).await.unwrap_err();
    assert!(
        matches!(&after, sqlmint::Error::TransactionAborted { .. }),
        "{after}"
    );
    let committed = tx.commit().await;
    assert!(
        matches!(&committed, Err(sqlmint::Error::TransactionAborted { .. })),
        "the server rolled the transaction back, yet commit() returned {committed:?}"
    );
    assert_eq!(users(&conn).await, 3);
    // A statement failing through the raw client is not seen by sqlmint; the server's
    // answer to COMMIT still is.
    let tx = conn.begin().await.unwrap();
    tx.execute(&insert.params("gary")).await.unwrap();
    assert!(tx
        .driver()
        .batch_execute("INSERT INTO user_account (name) VALUES ('sandy')")
        .await
        .is_err());
    let committed = tx.commit().await;
    assert!(
        matches!(&committed, Err(sqlmint::Error::TransactionAborted { .. })),
        "{committed:?}"
    );
    assert_eq!(users(&conn).await, 3);
    let tx = conn.begin().await.unwrap();
    tx.execute(&insert.params("gary")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(users(&conn).await, 4, "a healthy transaction commits");
}

#[tokio::test]
async fn execute_many_inside_a_transaction_begun_with_sql_keeps_it_open() {
    let mut conn = seeded().await;
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    conn.execute_batch("BEGIN").await.unwrap();
    conn.execute_many([insert.params("gary"), insert.params("larry")])
        .await
        .unwrap();
    conn.execute_batch("ROLLBACK").await.unwrap();
    assert_eq!(users(&conn).await, 3);
    conn.execute_batch("BEGIN").await.unwrap();
    let begin = conn.begin().await.map(|_| ());
    assert!(matches!(begin, Err(sqlmint::Error::Usage(_))), "{begin:?}");
    conn.execute_batch("ROLLBACK").await.unwrap();
}

#[tokio::test]
async fn a_cached_statement_is_prepared_again_after_another_connection_alters_its_table() {
    let url = database().await;
    let mut conn = Connection::connect(&url).await.unwrap();
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    seed(&mut conn).await;
    let other = Connection::connect(&url).await.unwrap();
    let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
    assert_eq!(
        conn.fetch_one(&by_name.params("sandy")).await.unwrap().id,
        2
    );
    other
        .execute_batch("ALTER TABLE user_account ALTER COLUMN fullname TYPE TEXT")
        .await
        .unwrap();
    let sandy = conn.fetch_one(&by_name.params("sandy")).await;
    assert!(sandy.is_ok(), "{:?}", sandy.map(|_| ()));
    // Inside a transaction: the error once, and the next run outside prepares it again.
    other
        .execute_batch("ALTER TABLE user_account ALTER COLUMN fullname TYPE VARCHAR(200)")
        .await
        .unwrap();
    let tx = conn.begin().await.unwrap();
    let inside = tx.fetch_one(&by_name.params("sandy")).await;
    assert_eq!(
        inside.map(|_| ()).unwrap_err().postgres_code(),
        Some("0A000")
    );
    drop(tx);
    assert_eq!(
        conn.fetch_one(&by_name.params("sandy")).await.unwrap().id,
        2
    );
}

/// A REPEATABLE READ transaction that updates a row another connection changed after its
/// snapshot fails with a serialization failure (40001); `transaction_with_retry` runs the
/// closure again, in a new transaction that sees the change, and commits that.
#[tokio::test]
async fn transaction_with_retry_runs_a_serialization_failure_again() {
    use sqlmint::{IsolationLevel, RetryOptions, TransactionOptions};
    use std::time::Duration;

    let url = database().await;
    let mut conn = Connection::connect(&url).await.unwrap();
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    seed(&mut conn).await;
    let other = Connection::connect(&url).await.unwrap();
    let fullname_of_sandy = db::query!(SELECT fullname FROM user_account WHERE name = "sandy");

    let retry = RetryOptions::new().backoff(Duration::from_millis(1), Duration::from_millis(5));
    let options = TransactionOptions::new().isolation(IsolationLevel::RepeatableRead);
    let mut attempts = 0;
    let written = conn
        .transaction_with_retry(retry, options, async |tx| {
            attempts += 1;
            let read = tx.fetch_one(&fullname_of_sandy).await?.fullname;
            if attempts == 1 {
                // Committed by another connection after this transaction's snapshot.
                other
                    .execute(&db::query!(
                        UPDATE user_account SET fullname = "Sandy" WHERE name = "sandy"
                    ))
                    .await?;
            }
            let fullname = format!("{} (checked)", read.unwrap_or_default());
            tx.execute(&db::query!(
                UPDATE user_account SET fullname = {fullname} WHERE name = "sandy"
            ))
            .await?;
            Ok(fullname)
        })
        .await
        .unwrap();
    assert_eq!(
        attempts, 2,
        "the first attempt failed with 40001 and ran again"
    );
    assert_eq!(written, "Sandy (checked)");
    let stored = conn.fetch_one(&fullname_of_sandy).await.unwrap().fullname;
    assert_eq!(stored.as_deref(), Some("Sandy (checked)"));

    // A failure that running again cannot fix is returned after one attempt, rolled back.
    let mut attempts = 0;
    let duplicate = conn
        .transaction_with_retry(retry, TransactionOptions::new(), async |tx| {
            attempts += 1;
            tx.execute(&db::query!(
                UPDATE user_account SET fullname = "gone" WHERE name = "sandy"
            ))
            .await?;
            tx.execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))
                .await?;
            Ok(())
        })
        .await
        .unwrap_err();
    assert_eq!((attempts, duplicate.postgres_code()), (1, Some("23505")));
    let stored = conn.fetch_one(&fullname_of_sandy).await.unwrap().fullname;
    assert_eq!(stored.as_deref(), Some("Sandy (checked)"));
}
