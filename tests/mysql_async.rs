//! The asynchronous MariaDB executor (`sqlmint::mysql_async`) as a service would use it, on a
//! real server (the throwaway one of `sqlmint-test-support`): rows streamed, a deadlock's
//! victim never committed, a `mysql_async` pool, and what the server says kept in the error.
//! (The scenarios every executor runs, and those of both asynchronous ones, are
//! `tests/executors.rs`.)

use futures_util::{StreamExt, TryStreamExt};
use sqlmint::mysql_async::{self as my, Connection};
use sqlmint::{Error, TransactionOptions};
use std::pin::pin;

mod tutorial_schema;

use tutorial_schema::db;

/// A new, empty database of the test server. `database()` blocks (it may start the server),
/// so it runs off the runtime's threads.
async fn database() -> String {
    tokio::task::spawn_blocking(sqlmint_test_support::mysql::database)
        .await
        .expect("a test database")
}

async fn connect_to(url: &str) -> Connection {
    Connection::connect(url)
        .await
        .expect("connect to the test database")
}

/// The tutorial's three users and three addresses, on a new database; its URL too.
async fn seeded_at() -> (Connection, String) {
    let url = database().await;
    let mut conn = connect_to(&url).await;
    conn.execute_ddl(&db::CREATE_ALL).await.expect("tables");
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
    (conn, url)
}

async fn seeded() -> Connection {
    seeded_at().await.0
}

async fn addresses(conn: &Connection) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM address))
        .await
        .expect("count addresses")
        .n
}

#[tokio::test]
async fn fetch_is_a_lazy_stream_of_rows() {
    let mut conn = seeded().await;
    let emails = db::query!(SELECT email_address FROM address ORDER BY id);
    let all: Vec<String> = conn
        .fetch(&emails)
        .map_ok(|r| r.email_address)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);

    // A stream never polled sends nothing.
    drop(conn.fetch(&db::query!(DELETE FROM address WHERE TRUE RETURNING id)));
    assert_eq!(addresses(&conn).await, 3);

    // Reading one row and dropping the stream leaves the connection ready for more: the
    // rest of the result is read and discarded before the next statement.
    {
        let mut rows = pin!(conn.fetch(&emails));
        assert_eq!(
            rows.try_next().await.unwrap().unwrap().email_address,
            "spongebob@sqlalchemy.org"
        );
    }
    assert_eq!(addresses(&conn).await, 3);

    // Errors arrive as the stream's items, and end it.
    let failing = db::query!(INSERT INTO user_account (name) VALUES ("sandy") RETURNING id);
    let mut failing = pin!(conn.fetch(&failing));
    let error = failing.next().await.unwrap().unwrap_err();
    assert_eq!(error.mysql_code(), Some(1062), "{error}");
    assert!(failing.next().await.is_none());
}

#[tokio::test]
async fn a_mysql_async_pool_hands_out_connections_with_sqlmints_session() {
    let url = database().await;
    let pool = my::driver::Pool::new(my::options(&url).unwrap());
    let conn = Connection::from_driver(pool.get_conn().await.unwrap());
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    // Changed on this connection, then reset by the pool when it comes back: the session
    // settings sqlmint needs are set again on the reset connection.
    conn.execute_batch("SET time_zone = '+05:00'")
        .await
        .unwrap();
    drop(conn);
    for _ in 0..2 {
        let conn = Connection::from_driver(pool.get_conn().await.unwrap());
        let zone: Option<String> = my::driver::prelude::Queryable::query_first(
            &mut *conn.driver().await.unwrap(),
            "SELECT @@time_zone",
        )
        .await
        .unwrap();
        assert_eq!(zone.as_deref(), Some("+00:00"));
        // UPDATE counts the rows it matched (CLIENT_FOUND_ROWS), changed or not.
        conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("gary")))
            .await
            .ok();
        let matched = conn
            .execute(&db::query!(UPDATE user_account SET name = "gary" WHERE name = "gary"))
            .await
            .unwrap();
        assert_eq!(matched, 1);
    }
    pool.disconnect().await.unwrap();
}

#[tokio::test]
async fn errors_keep_the_servers_number_and_sqlstate_and_later_statements_fail_too() {
    let mut conn = seeded().await;
    let error = conn
        .execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::MySqlAsync(_)), "{error:?}");
    assert_eq!(error.mysql_code(), Some(1062), "{error}");
    assert_eq!(error.mysql_sqlstate(), Some("23000"));
    assert!(!error.is_retryable());

    // The third statement's error is not lost, nor the work after it done.
    let error = conn
        .execute_batch(
            "INSERT INTO address (user_id, email_address) VALUES (1, 'a'); \
             INSERT INTO no_such_table VALUES (1); \
             INSERT INTO address (user_id, email_address) VALUES (1, 'b')",
        )
        .await
        .unwrap_err();
    assert_eq!(error.mysql_code(), Some(1146), "{error}");
    assert_eq!(addresses(&conn).await, 4);

    // A failing statement inside a transaction rolls back only itself (a deadlock aside).
    let tx = conn.begin().await.unwrap();
    tx.execute(&db::query!(DELETE FROM address WHERE id = 4))
        .await
        .unwrap();
    tx.execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))
        .await
        .unwrap_err();
    tx.commit().await.unwrap();
    assert_eq!(addresses(&conn).await, 3);
}

#[tokio::test]
async fn transaction_options_and_a_transaction_begun_with_sql() {
    let mut conn = seeded().await;
    let options = TransactionOptions::new().read_only();
    let tx = conn.begin_with(options).await.unwrap();
    let error = tx
        .execute(&db::query!(DELETE FROM address WHERE id = 1))
        .await
        .unwrap_err();
    assert_eq!(error.mysql_code(), Some(1792), "{error}");
    tx.rollback().await.unwrap();

    // `begin` refuses to commit a transaction begun with SQL by starting its own; the
    // batch methods nest in it as a savepoint and leave it open.
    conn.execute_batch("START TRANSACTION").await.unwrap();
    assert!(matches!(conn.begin().await, Err(Error::Usage(_))));
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    conn.execute_many([insert.params("gary"), insert.params("larry")])
        .await
        .unwrap();
    conn.execute_batch("ROLLBACK").await.unwrap();
    let users = db::query!(SELECT count(*) AS n FROM user_account);
    assert_eq!(conn.fetch_one(&users).await.unwrap().n, 3);

    // fetch_many reads back every generated key, in item order (MariaDB's RETURNING).
    let returning = db::query!(INSERT INTO user_account (name) VALUES (:name) RETURNING id, name);
    let rows = conn
        .fetch_many(["a", "b", "c"].map(|name| returning.params(name)))
        .await
        .unwrap();
    // (The keys the rolled back inserts took are not given out again: InnoDB's.)
    let first = rows[0].id;
    let got: Vec<(i32, String)> = rows.into_iter().map(|r| (r.id, r.name)).collect();
    assert_eq!(
        got,
        [
            (first, "a".into()),
            (first + 1, "b".into()),
            (first + 2, "c".into())
        ]
    );
    // The key of the last INSERT, kept across the COMMIT that ended fetch_many (which ran
    // the three rows as three INSERTs: a batch of fewer than four rows goes row by row).
    let last = u64::try_from(first + 2).unwrap();
    assert_eq!(conn.last_insert_id().await.unwrap(), last);
}

#[tokio::test]
async fn verify_reads_the_live_schema() {
    let conn = seeded().await;
    let report = conn.verify(&db::SCHEMA).await.unwrap();
    assert!(report.is_clean(), "{report}");
    conn.execute_batch("ALTER TABLE address DROP COLUMN email_address")
        .await
        .unwrap();
    let report = conn.verify(&db::SCHEMA).await.unwrap();
    assert!(!report.is_clean());
    assert!(report.to_string().contains("email_address"), "{report}");
}

#[tokio::test]
async fn statement_futures_and_row_streams_cross_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let mut conn = seeded().await;
    let query = db::query!(SELECT id FROM user_account);
    let fetch_all = conn.fetch_all(&query);
    assert_send(&fetch_all);
    assert_eq!(fetch_all.await.unwrap().len(), 3);
    let stream = conn.fetch(&query);
    assert_send(&stream);
    assert_eq!(stream.count().await, 3);
    let tx = conn.begin().await.unwrap();
    let count = db::query!(SELECT count(*) AS n FROM address);
    let count = tx.fetch_one(&count);
    assert_send(&count);
    assert_eq!(count.await.unwrap().n, 3);
    let commit = tx.commit();
    assert_send(&commit);
    commit.await.unwrap();
}

/// `transaction_with_retry` runs the closure again after a lock wait timeout (1205): the
/// first attempt waits on a row another connection's transaction holds, that transaction
/// ends before the second, which commits.
#[tokio::test]
async fn transaction_with_retry_runs_a_lock_wait_timeout_again() {
    use sqlmint::RetryOptions;
    use std::time::Duration;

    let (mut conn, url) = seeded_at().await;
    conn.execute_batch("SET SESSION innodb_lock_wait_timeout = 1")
        .await
        .unwrap();
    let mut other = connect_to(&url).await;
    let holder = other.begin().await.unwrap();
    holder
        .execute(&db::query!(
            UPDATE user_account SET fullname = "held" WHERE name = "sandy"
        ))
        .await
        .unwrap();
    let mut holder = Some(holder);

    let retry = RetryOptions::new().backoff(Duration::from_millis(1), Duration::from_millis(5));
    let mut attempts = 0;
    conn.transaction_with_retry(retry, TransactionOptions::new(), async |tx| {
        attempts += 1;
        if attempts == 2 {
            if let Some(holder) = holder.take() {
                holder.rollback().await?;
            }
        }
        tx.execute(&db::query!(
            UPDATE user_account SET fullname = "Sandy" WHERE name = "sandy"
        ))
        .await?;
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(
        attempts, 2,
        "the first attempt timed out waiting (1205) and ran again"
    );
    let sandy = conn
        .fetch_one(&db::query!(SELECT fullname FROM user_account WHERE name = "sandy"))
        .await
        .unwrap();
    assert_eq!(sandy.fullname.as_deref(), Some("Sandy"));
}
