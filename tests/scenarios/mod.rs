//! The executor scenarios, written once and run on every executor (`tests/executors.rs`):
//! the same statements and the same assertions on SQLite, the synchronous PostgreSQL
//! executor and the asynchronous one, so the three cannot drift apart.
//!
//! A scenario is a test function in a macro that the executor's module expands with how its
//! calls are made: `test` or `tokio::test`, `async` or nothing before `fn`, `.await` or
//! nothing after each call. The expanding module supplies `Conn` (its connection type),
//! `connect()` (a fresh database holding [`db`]'s tables) and `unique_violation(&Error)`
//! (whether an error is the backend's unique-constraint violation).
//! Scenarios of the synchronous closure API (`transaction(|tx| ...)`) are generic functions
//! over `Executor` instead.

use sqlmint::{Error, Executor};

pub use crate::tutorial_schema::db;

/// The scenarios every executor runs. `seeded()` (three users, three addresses) and
/// `addresses(&conn)` (how many there are) are expanded with them.
macro_rules! every_executor {
    (test = $test:meta, async = [$($async:tt)*], await = [$($aw:tt)*]) => {
        /// The tutorial's users (patrick without a fullname) and three addresses.
        #[allow(unused_mut)]
        $($async)* fn seeded() -> Conn {
            let mut conn = connect() $($aw)*;
            let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
            conn.execute_many([
                insert.params("spongebob", Some("Spongebob Squarepants")),
                insert.params("sandy", Some("Sandy Cheeks")),
                insert.params("patrick", None),
            ]) $($aw)*
            .expect("users");
            conn.execute(&db::query!(
                INSERT INTO address (user_id, email_address)
                VALUES (1, "spongebob@sqlalchemy.org"), (2, "sandy@sqlalchemy.org"), (2, "sandy@squirrelpower.org")
            )) $($aw)*
            .expect("addresses");
            conn
        }

        $($async)* fn addresses(conn: &Conn) -> i64 {
            conn.fetch_one(&db::query!(SELECT count(*) AS n FROM address)) $($aw)*
                .expect("count addresses")
                .n
        }

        #[$test]
        $($async)* fn fetch_one_fetch_optional_and_row_not_found() {
            let conn = seeded() $($aw)*;
            let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
            let sandy = conn.fetch_one(&by_name.params("sandy")) $($aw)* .unwrap();
            assert_eq!((sandy.id, sandy.fullname.as_deref()), (2, Some("Sandy Cheeks")));
            assert!(conn.fetch_optional(&by_name.params("nobody")) $($aw)* .unwrap().is_none());
            assert!(matches!(
                conn.fetch_one(&by_name.params("nobody")) $($aw)*,
                Err(sqlmint::Error::RowNotFound)
            ));
            // Of several rows, fetch_one reads the first.
            let first = conn
                .fetch_one(&db::query!(SELECT name FROM user_account ORDER BY id DESC)) $($aw)*
                .unwrap();
            assert_eq!(first.name, "patrick");
        }

        #[$test]
        $($async)* fn joins_aggregates_and_subqueries() {
            let conn = seeded() $($aw)*;
            let rows = conn
                .fetch_all(&db::query!(
                    SELECT user_account.name, count(address.id) AS n, avg(address.id) AS mean,
                           (SELECT max(a.id) FROM address AS a WHERE a.user_id = user_account.id) AS newest
                    FROM user_account LEFT JOIN address
                    GROUP BY user_account.id ORDER BY user_account.id
                )) $($aw)*
                .unwrap();
            let got: Vec<(String, i64, Option<f64>, Option<i32>)> = rows
                .into_iter()
                .map(|r| (r.name, r.n, r.mean, r.newest))
                .collect();
            assert_eq!(
                got,
                [
                    ("spongebob".into(), 1, Some(1.0), Some(1)),
                    ("sandy".into(), 2, Some(2.5), Some(3)),
                    ("patrick".into(), 0, None, None),
                ]
            );
        }

        #[$test]
        #[allow(unused_mut)]
        $($async)* fn execute_many_is_all_or_nothing() {
            let mut conn = seeded() $($aw)*;
            let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
            let users = db::query!(SELECT count(*) AS n FROM user_account);
            let error = conn
                .execute_many([insert.params("new"), insert.params("sandy")]) $($aw)*
                .expect_err("the second name is taken");
            assert!(unique_violation(&error), "{error}");
            assert_eq!(conn.fetch_one(&users) $($aw)* .unwrap().n, 3, "the first insert was rolled back too");

            // Inside a transaction, a failing execute_many rolls back its own savepoint only.
            let mut tx = conn.begin() $($aw)* .unwrap();
            assert_eq!(tx.execute_many([insert.params("gary")]) $($aw)* .unwrap(), 1);
            let error = tx
                .execute_many([insert.params("larry"), insert.params("gary")]) $($aw)*
                .unwrap_err();
            assert!(unique_violation(&error), "{error}");
            assert_eq!(tx.fetch_one(&users) $($aw)* .unwrap().n, 4);
            tx.commit() $($aw)* .unwrap();
            assert_eq!(conn.fetch_one(&users) $($aw)* .unwrap().n, 4);

            let mut nothing = vec![insert.params("nobody")];
            nothing.clear();
            assert_eq!(conn.execute_many(nothing) $($aw)* .unwrap(), 0);
        }

        #[$test]
        #[allow(unused_mut)]
        $($async)* fn transactions_commit_roll_back_and_nest_with_savepoints() {
            let mut conn = seeded() $($aw)*;

            let tx = conn.begin() $($aw)* .unwrap();
            tx.execute(&db::query!(DELETE FROM address WHERE TRUE)) $($aw)* .unwrap();
            assert_eq!(tx.fetch_all(&db::query!(SELECT id FROM address)) $($aw)* .unwrap().len(), 0);
            tx.rollback() $($aw)* .unwrap();
            assert_eq!(addresses(&conn) $($aw)*, 3);

            let tx = conn.begin() $($aw)* .unwrap();
            tx.execute(&db::query!(DELETE FROM address WHERE id = 3)) $($aw)* .unwrap();
            tx.commit() $($aw)* .unwrap();
            assert_eq!(addresses(&conn) $($aw)*, 2);

            let mut tx = conn.begin() $($aw)* .unwrap();
            tx.execute(&db::query!(DELETE FROM address WHERE id = 1)) $($aw)* .unwrap();
            let inner = tx.begin() $($aw)* .unwrap();
            inner.execute(&db::query!(DELETE FROM address WHERE TRUE)) $($aw)* .unwrap();
            inner.rollback() $($aw)* .unwrap();
            let inner = tx.begin() $($aw)* .unwrap();
            inner.execute(&db::query!(DELETE FROM address WHERE id = 2)) $($aw)* .unwrap();
            inner.commit() $($aw)* .unwrap();
            tx.commit() $($aw)* .unwrap();
            let left: Vec<i32> = conn
                .fetch_all(&db::query!(SELECT id FROM address ORDER BY id)) $($aw)*
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect();
            assert!(
                left.is_empty(),
                "the outer delete and the committed savepoint stay, the rolled back one does not: {left:?}"
            );
        }

        #[$test]
        #[allow(unused_mut)]
        $($async)* fn a_transaction_dropped_without_commit_rolls_back() {
            let mut conn = seeded() $($aw)*;

            // Dropped in scope.
            {
                let tx = conn.begin() $($aw)* .unwrap();
                tx.execute(&db::query!(DELETE FROM address WHERE TRUE)) $($aw)* .unwrap();
            }
            assert_eq!(addresses(&conn) $($aw)*, 3, "dropped at the end of its scope");

            // Left early through `?`.
            $($async)* fn delete_then_fail(conn: &mut Conn) -> Result<(), sqlmint::Error> {
                let tx = conn.begin() $($aw)* ?;
                tx.execute(&db::query!(DELETE FROM address WHERE TRUE)) $($aw)* ?;
                tx.fetch_one(&db::query!(SELECT id FROM address)) $($aw)* ?;
                tx.commit() $($aw)*
            }
            let error = delete_then_fail(&mut conn) $($aw)* .unwrap_err();
            assert!(matches!(error, sqlmint::Error::RowNotFound), "{error}");
            assert_eq!(addresses(&conn) $($aw)*, 3, "left through `?`");

            // A nested transaction dropped: only its savepoint is rolled back.
            let mut tx = conn.begin() $($aw)* .unwrap();
            tx.execute(&db::query!(DELETE FROM address WHERE id = 1)) $($aw)* .unwrap();
            {
                let inner = tx.begin() $($aw)* .unwrap();
                inner.execute(&db::query!(DELETE FROM address WHERE TRUE)) $($aw)* .unwrap();
            }
            tx.commit() $($aw)* .unwrap();
            assert_eq!(addresses(&conn) $($aw)*, 2, "only the savepoint is rolled back");
        }
    };
}
pub(crate) use every_executor;

/// The scenarios both PostgreSQL executors run: constructs SQLite lacks, and PostgreSQL's
/// column types.
macro_rules! every_postgres_executor {
    (test = $test:meta, async = [$($async:tt)*], await = [$($aw:tt)*]) => {
        #[$test]
        $($async)* fn statements_carry_postgresql_sql() {
            fn sql<Q: sqlmint::SqlFor<sqlmint::Postgres>>(_: &Q) -> &'static str {
                Q::SQL
            }
            let by_name = db::query!(SELECT id, fullname FROM user_account WHERE name = :name);
            assert_eq!(
                sql(&by_name.params("x")),
                "SELECT user_account.id, user_account.fullname FROM user_account WHERE user_account.name = $1::TEXT"
            );
        }

        #[$test]
        $($async)* fn full_outer_join_returning_update_from_and_delete_using() {
            let conn = seeded() $($aw)*;
            let full = conn
                .fetch_all(&db::query!(SELECT user_account.name, address.email_address FROM user_account FULL OUTER JOIN address ORDER BY address.id)) $($aw)*
                .unwrap();
            assert_eq!(full.len(), 4);
            let inserted = conn
                .fetch_all(&db::query!(INSERT INTO address (user_id, email_address) VALUES (3, "patrick@bikini.org") RETURNING id, email_address)) $($aw)*
                .unwrap();
            assert_eq!(
                (inserted[0].id, inserted[0].email_address.as_str()),
                (4, "patrick@bikini.org")
            );
            let updated = conn
                .fetch_all(&db::query!(
                    UPDATE user_account SET fullname = "Sandy" FROM address
                    WHERE user_account.id = address.user_id AND address.email_address = "sandy@squirrelpower.org"
                    RETURNING id, fullname
                )) $($aw)*
                .unwrap();
            assert_eq!((updated[0].id, updated[0].fullname.as_deref()), (2, Some("Sandy")));
            let deleted = conn
                .execute(&db::query!(DELETE FROM address USING user_account WHERE user_account.id = address.user_id AND user_account.name = "sandy")) $($aw)*
                .unwrap();
            assert_eq!(deleted, 2);
        }

        #[$test]
        $($async)* fn fetch_one_reports_a_failure_on_a_later_row() {
            let conn = seeded() $($aw)*;
            // fetch_one reads one row, yet reports a failure on the statement's second row:
            // PostgreSQL runs a write to completion before it sends the first.
            let error = conn
                .fetch_one(&db::query!(
                    INSERT INTO user_account (name) VALUES ("gary"), ("sandy") RETURNING id
                )) $($aw)*
                .unwrap_err();
            assert!(unique_violation(&error), "{error}");
            let users = db::query!(SELECT count(*) AS n FROM user_account);
            assert_eq!(conn.fetch_one(&users) $($aw)* .unwrap().n, 3);
        }

        #[$test]
        $($async)* fn every_column_type_round_trips() {
            use sqlmint::chrono::{NaiveDate, TimeZone, Utc};
            use sqlmint::Decimal;
            let conn = connect() $($aw)*;
            let insert = db::query!(
                INSERT INTO event (id, happened_on, happened_at, price, ratio, payload, done, token, document, logged_at)
                VALUES (:id, :on, :at, :price, :ratio, :payload, :done, :token, :document, :logged_at)
            );
            let payload = vec![0u8, 1, 255];
            let on = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date");
            let at = on.and_hms_milli_opt(13, 14, 15, 250).expect("a time");
            let token: sqlmint::uuid::Uuid = "67e55044-10b1-426f-9247-bb680e5fe0c8"
                .parse()
                .expect("a uuid");
            let document = sqlmint::serde_json::json!({"tags": ["a", "b"], "n": 1});
            let logged_at = Utc
                .with_ymd_and_hms(2024, 3, 1, 8, 30, 0)
                .single()
                .expect("an instant");
            conn.execute(&insert.params(
                9_000_000_000_i64,
                on,
                Some(at),
                Some(Decimal::new(12345, 2)),
                Some(0.5),
                Some(&payload),
                true,
                Some(token),
                Some(&document),
                Some(logged_at),
            )) $($aw)*
            .unwrap();
            conn.execute(&db::query!(INSERT INTO event (id, happened_on) VALUES (1, "1999-12-31"))) $($aw)*
                .unwrap();
            let rows = conn.fetch_all(&db::query!(SELECT * FROM event ORDER BY id)) $($aw)* .unwrap();
            assert_eq!(rows[0].happened_on, NaiveDate::from_ymd_opt(1999, 12, 31).expect("a date"));
            assert_eq!(
                (rows[0].happened_at, rows[0].price, rows[0].done, rows[0].token),
                (None, None, false, None)
            );
            let event = &rows[1];
            assert_eq!(event.id, 9_000_000_000);
            assert_eq!(event.happened_on, on);
            assert_eq!(event.happened_at, Some(at));
            assert_eq!(event.price, Some(Decimal::new(12345, 2)));
            assert_eq!(event.ratio, Some(0.5));
            assert_eq!(event.payload.as_deref(), Some(&payload[..]));
            assert!(event.done);
            assert_eq!(event.token, Some(token));
            assert_eq!(event.document.as_ref(), Some(&document));
            assert_eq!(event.logged_at, Some(logged_at));
            let found = conn
                .fetch_all(&db::query!(SELECT id FROM event WHERE happened_on = {on} AND price > 100 AND token = {token})) $($aw)*
                .unwrap();
            assert_eq!(found.len(), 1);
        }
    };
}
pub(crate) use every_postgres_executor;

/// The scenarios of the asynchronous executors: a transaction dropped by a panic or by a
/// cancelled future rolls back, and tasks share one connection. Expanded next to
/// `every_executor!`, whose `seeded()` and `addresses(&conn)` they use.
macro_rules! every_async_executor {
    () => {
        #[tokio::test]
        async fn a_transaction_dropped_by_a_panic_or_a_cancelled_future_rolls_back() {
            use std::future::Future;
            use std::sync::atomic::{AtomicBool, Ordering};
            let mut conn = seeded().await;
            conn.execute(&db::query!(DELETE FROM address WHERE id = 1))
                .await
                .unwrap();

            // A panic while the transaction is open.
            let panicked = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async {
                let tx = conn.begin().await.unwrap();
                tx.execute(&db::query!(DELETE FROM address WHERE TRUE))
                    .await
                    .unwrap();
                panic!("boom");
            }))
            .await;
            assert!(panicked.is_err());
            assert_eq!(addresses(&conn).await, 2, "a panic rolls back");

            // A future cancelled (dropped) while its transaction is open.
            let deleted = AtomicBool::new(false);
            {
                let mut work = std::pin::pin!(async {
                    let tx = conn.begin().await.unwrap();
                    tx.execute(&db::query!(DELETE FROM address WHERE TRUE))
                        .await
                        .unwrap();
                    deleted.store(true, Ordering::SeqCst);
                    std::future::pending::<()>().await;
                    tx.commit().await.unwrap();
                });
                let mut context = std::task::Context::from_waker(std::task::Waker::noop());
                while !deleted.load(Ordering::SeqCst) {
                    assert!(work.as_mut().poll(&mut context).is_pending());
                    tokio::task::yield_now().await;
                }
            }
            assert_eq!(addresses(&conn).await, 2, "a cancelled future rolls back");

            // The rollback of a dropped transaction comes before anything else: the next
            // transaction does not inherit the dropped one's work.
            let tx = conn.begin().await.unwrap();
            tx.execute(&db::query!(DELETE FROM address WHERE TRUE))
                .await
                .unwrap();
            drop(tx);
            let tx = conn.begin().await.unwrap();
            let count = db::query!(SELECT count(*) AS n FROM address);
            assert_eq!(tx.fetch_one(&count).await.unwrap().n, 2);
            tx.commit().await.unwrap();
            assert_eq!(addresses(&conn).await, 2);
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn tasks_share_one_connection() {
            let conn = std::sync::Arc::new(seeded().await);
            let tasks: Vec<_> = ["spongebob", "sandy", "patrick"]
                .into_iter()
                .cycle()
                .take(12)
                .map(|name| {
                    let conn = std::sync::Arc::clone(&conn);
                    tokio::spawn(async move {
                        let by_name = db::query!(SELECT id FROM user_account WHERE name = :name);
                        conn.fetch_one(&by_name.params(name)).await.map(|r| r.id)
                    })
                })
                .collect();
            let mut ids = Vec::new();
            for task in tasks {
                ids.push(task.await.unwrap().unwrap());
            }
            assert_eq!(ids[..3], [1, 2, 3]);
            assert_eq!(ids.len(), 12);
        }
    };
}
pub(crate) use every_async_executor;

/// How many addresses `conn` sees.
fn address_count<E: Executor>(conn: &E) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM address))
        .expect("count addresses")
        .n
}

/// The closure API of the synchronous executors, on a database seeded like `seeded()`:
/// `transaction` commits on `Ok`, rolls back on `Err` and on a panic, and nests as
/// savepoints.
pub fn closure_transactions<E: Executor>(conn: &E) {
    let result: Result<(), Error> = conn.transaction(|tx| {
        tx.execute(&db::query!(DELETE FROM address WHERE TRUE))?;
        Err(Error::RowNotFound)
    });
    assert!(result.is_err());
    assert_eq!(address_count(conn), 3, "an Err rolls back");

    conn.transaction(|tx| {
        tx.execute(&db::query!(DELETE FROM address WHERE id = 3))
            .map(drop)
    })
    .unwrap();
    assert_eq!(address_count(conn), 2, "an Ok commits");

    conn.transaction(|tx| {
        tx.execute(&db::query!(DELETE FROM address WHERE id = 1))?;
        let inner: Result<(), Error> = tx.transaction(|inner| {
            inner.execute(&db::query!(DELETE FROM address WHERE TRUE))?;
            Err(Error::RowNotFound)
        });
        assert!(inner.is_err());
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(
        address_count(conn),
        1,
        "the outer delete stays, the inner one is rolled back"
    );

    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: Result<(), Error> = conn.transaction(|tx| {
            tx.execute(&db::query!(DELETE FROM address WHERE TRUE))
                .unwrap();
            panic!("boom");
        });
    }));
    assert!(panicked.is_err());
    assert_eq!(address_count(conn), 1, "a panic rolls back");
}
