//! The pools built in (features `r2d2` and `deadpool`) as a service uses them: threads or
//! tasks sharing a few connections, a connection the server killed replaced at its next
//! checkout, and a pooled connection's prepared statements kept from one checkout to the
//! next. On the throwaway PostgreSQL and MariaDB servers, and a SQLite file.

use sqlmint::pool::r2d2::driver as r2d2;
use sqlmint::Executor;
use std::sync::Arc;

sqlmint::schema! {
    #[sqlmint(path = crate::db)]
    pub mod db {
        /// One visit of one page, recorded by one worker.
        table visit {
            id: INTEGER PRIMARY KEY,
            page: VARCHAR(100) NOT NULL,
            worker: INTEGER NOT NULL,
        }
    }
}

const WORKERS: i32 = 8;
const VISITS: i32 = 10;

/// `WORKERS` threads each record `VISITS` visits, each through its own checkout of `pool`.
fn record_visits_in_threads<M>(pool: &r2d2::Pool<M>)
where
    M: r2d2::ManageConnection,
    M::Connection: Executor,
{
    std::thread::scope(|scope| {
        for worker in 0..WORKERS {
            scope.spawn(move || {
                for visit in 0..VISITS {
                    let conn = pool.get().expect("a pooled connection");
                    let page = format!("/page/{visit}");
                    conn.execute(&db::query!(
                        INSERT INTO visit (page, worker) VALUES ({page}, {worker})
                    ))
                    .expect("a visit");
                }
            });
        }
    });
}

fn visits<E: Executor>(conn: &E) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM visit))
        .expect("count")
        .n
}

#[test]
fn an_r2d2_pool_of_postgres_connections_shares_them_and_replaces_a_killed_one() {
    use sqlmint::postgres::{Manager, Pool};
    let url = sqlmint_test_support::database();
    let pool = Pool::builder()
        .max_size(3)
        .build(Manager::new(&url).expect("a valid URL"))
        .expect("a pool");
    db::create_all(&*pool.get().unwrap()).unwrap();
    record_visits_in_threads(&pool);
    assert_eq!(visits(&*pool.get().unwrap()), i64::from(WORKERS * VISITS));

    // The server ends every one of the pool's sessions (a failover, an idle timeout).
    let pid = |conn: &sqlmint::postgres::Connection| -> i32 {
        conn.driver()
            .unwrap()
            .query_one("SELECT pg_backend_pid()", &[])
            .unwrap()
            .get(0)
    };
    let before = pid(&pool.get().unwrap());
    let admin = sqlmint::postgres::Connection::connect(&url).unwrap();
    admin
        .execute_batch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
    // Each checkout checks its connection first: a dead one is replaced, not handed out.
    let conn = pool.get().expect("a live connection");
    assert_ne!(pid(&conn), before);
    assert_eq!(visits(&*conn), i64::from(WORKERS * VISITS));
}

#[test]
fn a_pooled_postgres_connection_keeps_its_prepared_statements_across_checkouts() {
    use sqlmint::postgres::{Manager, Pool};
    let pool = Pool::builder()
        .max_size(1)
        .build(Manager::new(&sqlmint_test_support::database()).unwrap())
        .unwrap();
    db::create_all(&*pool.get().unwrap()).unwrap();
    for _ in 0..3 {
        let conn = pool.get().unwrap();
        visits(&*conn);
    }
    let conn = pool.get().unwrap();
    let prepared: i64 = conn
        .driver()
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_prepared_statements \
             WHERE statement LIKE '%AS n FROM visit%' AND statement NOT LIKE '%pg_prepared%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(prepared, 1, "prepared once, on the first checkout");
}

#[test]
fn an_r2d2_pool_of_mariadb_connections_shares_them_and_replaces_a_killed_one() {
    use sqlmint::mysql::driver::prelude::Queryable;
    use sqlmint::mysql::{Manager, Pool};
    let url = sqlmint_test_support::mysql::database();
    let pool = Pool::builder()
        .max_size(3)
        .build(Manager::new(&url).expect("a valid URL"))
        .expect("a pool");
    db::create_all(&*pool.get().unwrap()).unwrap();
    record_visits_in_threads(&pool);
    assert_eq!(visits(&*pool.get().unwrap()), i64::from(WORKERS * VISITS));

    let id = |conn: &sqlmint::mysql::Connection| -> u64 {
        conn.driver()
            .unwrap()
            .query_first("SELECT CONNECTION_ID()")
            .unwrap()
            .unwrap()
    };
    let before = id(&pool.get().unwrap());
    let admin = sqlmint::mysql::Connection::connect(&url).unwrap();
    admin.execute_batch(&format!("KILL {before}")).unwrap();
    let conn = pool.get().expect("a live connection");
    assert_ne!(id(&conn), before);
    assert_eq!(visits(&*conn), i64::from(WORKERS * VISITS));
}

#[test]
fn an_r2d2_pool_of_sqlite_connections_writes_one_file_from_many_threads() {
    use sqlmint::sqlite::{Manager, Pool};
    let dir = std::env::temp_dir().join(format!("sqlmint-pool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("visits.db");
    let _ = std::fs::remove_file(&file);
    let pool = Pool::builder()
        .max_size(4)
        .build(Manager::new(&file))
        .unwrap();
    db::create_all(&*pool.get().unwrap()).unwrap();
    // Writers wait for each other's lock (the manager's busy timeout) instead of failing.
    record_visits_in_threads(&pool);
    assert_eq!(visits(&*pool.get().unwrap()), i64::from(WORKERS * VISITS));
    drop(pool);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `WORKERS` tasks each record `VISITS` visits through checkouts of a deadpool pool.
macro_rules! record_visits_in_tasks {
    ($pool:expr) => {{
        let pool = Arc::new($pool);
        let tasks: Vec<_> = (0..WORKERS)
            .map(|worker| {
                let pool = Arc::clone(&pool);
                tokio::spawn(async move {
                    for visit in 0..VISITS {
                        let conn = pool.get().await.expect("a pooled connection");
                        let page = format!("/page/{visit}");
                        conn.execute(&db::query!(
                            INSERT INTO visit (page, worker) VALUES ({page}, {worker})
                        ))
                        .await
                        .expect("a visit");
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a worker");
        }
        pool
    }};
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadpool_pool_of_async_postgres_connections_shares_them_and_replaces_a_killed_one() {
    use sqlmint::tokio_postgres::{Manager, Pool};
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .unwrap();
    let pool = Pool::builder(Manager::new(&url).expect("a valid URL"))
        .max_size(3)
        .build()
        .expect("a pool");
    pool.get()
        .await
        .unwrap()
        .execute_ddl(&db::CREATE_ALL)
        .await
        .unwrap();
    let pool = record_visits_in_tasks!(pool);
    let count = db::query!(SELECT count(*) AS n FROM visit);
    let conn = pool.get().await.unwrap();
    assert_eq!(conn.fetch_one(&count).await.unwrap().n, 80);
    let pid = |row: sqlmint::tokio_postgres::driver::Row| -> i32 { row.get(0) };
    let before = pid(conn
        .driver()
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap());
    drop(conn);
    let admin = sqlmint::tokio_postgres::Connection::connect(&url)
        .await
        .unwrap();
    admin
        .execute_batch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    // Recycling checks each connection with a round trip: the dead ones are dropped.
    let conn = pool.get().await.expect("a live connection");
    let after = pid(conn
        .driver()
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap());
    assert_ne!(after, before);
    assert_eq!(conn.fetch_one(&count).await.unwrap().n, 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadpool_pool_of_async_mariadb_connections_shares_them_and_replaces_a_killed_one() {
    use sqlmint::mysql_async::driver::prelude::Queryable;
    use sqlmint::mysql_async::{Manager, Pool};
    let url = tokio::task::spawn_blocking(sqlmint_test_support::mysql::database)
        .await
        .unwrap();
    let pool = Pool::builder(Manager::new(&url).expect("a valid URL"))
        .max_size(3)
        .build()
        .expect("a pool");
    pool.get()
        .await
        .unwrap()
        .execute_ddl(&db::CREATE_ALL)
        .await
        .unwrap();
    let pool = record_visits_in_tasks!(pool);
    let count = db::query!(SELECT count(*) AS n FROM visit);
    let conn = pool.get().await.unwrap();
    assert_eq!(conn.fetch_one(&count).await.unwrap().n, 80);
    let before: u64 = conn
        .driver()
        .await
        .unwrap()
        .query_first("SELECT CONNECTION_ID()")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let admin = sqlmint::mysql_async::Connection::connect(&url)
        .await
        .unwrap();
    admin
        .execute_batch(&format!("KILL {before}"))
        .await
        .unwrap();
    // The pool hands out the most recently returned connection first: the killed one, which
    // recycling finds dead and replaces.
    let conn = pool.get().await.expect("a live connection");
    let after: u64 = conn
        .driver()
        .await
        .unwrap()
        .query_first("SELECT CONNECTION_ID()")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(after, before);
    assert_eq!(conn.fetch_one(&count).await.unwrap().n, 80);
}
