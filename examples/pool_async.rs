//! A pool of asynchronous connections with deadpool (feature `deadpool`): eight tasks record
//! page visits on PostgreSQL at once, each through a connection checked out of the pool; then
//! a transaction, and a stream. The pool holds `sqlmint::tokio_postgres::Connection`s, so each
//! keeps its prepared statements from one checkout to the next.
//!
//! ```text
//! cargo run --example pool_async -- postgres://user:password@localhost:5432/db
//! SQLMINT_PG_URL=postgres://user:password@localhost:5432/db cargo run --example pool_async
//! ```
//!
//! It creates, fills and drops the table `sqlmint_example_visit`.

use futures_util::TryStreamExt;
use sqlmint::tokio_postgres::{Manager, Pool};
use std::process::ExitCode;

sqlmint::schema! {
    pub mod db {
        /// One visit of one page, recorded by one task.
        table sqlmint_example_visit {
            id: INTEGER PRIMARY KEY,
            page: VARCHAR(100) NOT NULL,
            worker: INTEGER NOT NULL,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const PAGES: [&str; 3] = ["/", "/books", "/about"];

#[tokio::main]
async fn main() -> ExitCode {
    let Some(url) = database_url() else {
        println!(
            "usage: cargo run --example pool_async -- postgres://user:password@host:port/db\n\
             (or set SQLMINT_PG_URL); nothing was run"
        );
        return ExitCode::SUCCESS;
    };
    match run(&url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The first argument, or `SQLMINT_PG_URL`.
fn database_url() -> Option<String> {
    std::env::args()
        .nth(1)
        .or_else(|| std::env::var("SQLMINT_PG_URL").ok())
        .filter(|url| !url.is_empty())
}

async fn run(url: &str) -> Result<(), BoxError> {
    let pool = Pool::builder(Manager::new(url)?).max_size(4).build()?;
    {
        // The pooled connection goes back to the pool when `conn` is dropped.
        let conn = pool.get().await?;
        conn.execute_ddl(&db::DROP_ALL).await?;
        conn.execute_ddl(&db::CREATE_ALL).await?;
    }

    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let pool = pool.clone();
        tasks.spawn(async move {
            let mut conn = pool.get().await?;
            let insert = db::query!(
                INSERT INTO sqlmint_example_visit (page, worker) VALUES (:page, :worker)
            );
            // One prepared statement, all rows in one transaction.
            let inserted = conn
                .execute_many(PAGES.map(|page| insert.params(page, worker)))
                .await?;
            Ok::<_, BoxError>(inserted)
        });
    }
    while let Some(inserted) = tasks.join_next().await {
        inserted??;
    }

    let mut conn = pool.get().await?;
    // A transaction: both statements or neither.
    let tx = conn.begin().await?;
    tx.execute(&db::query!(DELETE FROM sqlmint_example_visit WHERE page = "/about"))
        .await?;
    tx.execute(&db::query!(
        INSERT INTO sqlmint_example_visit (page, worker) VALUES ("/contact", 0)
    ))
    .await?;
    tx.commit().await?;

    // Rows as they arrive.
    let visits = db::query!(
        SELECT page, count(*) AS visits, count(DISTINCT worker) AS workers
        FROM sqlmint_example_visit GROUP BY page ORDER BY page
    );
    let mut rows = std::pin::pin!(conn.fetch(&visits));
    while let Some(row) = rows.try_next().await? {
        println!(
            "{:<8} {} visits from {} tasks",
            row.page, row.visits, row.workers
        );
    }
    conn.execute_ddl(&db::DROP_ALL).await?;
    Ok(())
}
