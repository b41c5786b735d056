//! A pool of synchronous sqlmint connections with r2d2 (feature `r2d2`): four threads record
//! page visits on PostgreSQL at once, each through a connection checked out of the pool.
//!
//! The pool holds `sqlmint::postgres::Connection`s, so each keeps its prepared statements from
//! one checkout to the next, and each is checked with a round trip before it is handed out.
//!
//! ```text
//! cargo run --example pool_sync -- postgres://user:password@localhost:5432/db
//! SQLMINT_PG_URL=postgres://user:password@localhost:5432/db cargo run --example pool_sync
//! ```
//!
//! It creates, fills and drops the table `sqlmint_example_visit`.

use sqlmint::postgres::{Manager, Pool};
use std::process::ExitCode;

sqlmint::schema! {
    pub mod db {
        /// One visit of one page, recorded by one worker thread.
        table sqlmint_example_visit {
            id: INTEGER PRIMARY KEY,
            page: VARCHAR(100) NOT NULL,
            worker: INTEGER NOT NULL,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const PAGES: [&str; 3] = ["/", "/books", "/about"];

fn main() -> ExitCode {
    let Some(url) = database_url() else {
        println!(
            "usage: cargo run --example pool_sync -- postgres://user:password@host:port/db\n\
             (or set SQLMINT_PG_URL); nothing was run"
        );
        return ExitCode::SUCCESS;
    };
    match run(&url) {
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

fn run(url: &str) -> Result<(), BoxError> {
    let pool = Pool::builder().max_size(4).build(Manager::new(url)?)?;
    {
        // A pooled connection derefs to a sqlmint connection: `&*conn` is the `Executor`.
        let conn = pool.get()?;
        db::drop_all(&*conn)?;
        db::create_all(&*conn)?;
    }

    std::thread::scope(|scope| -> Result<(), BoxError> {
        let workers: Vec<_> = (0..4)
            .map(|worker: i32| {
                let pool = &pool;
                scope.spawn(move || -> Result<u64, BoxError> {
                    let conn = pool.get()?;
                    let insert = db::query!(
                        INSERT INTO sqlmint_example_visit (page, worker) VALUES (:page, :worker)
                    );
                    Ok(conn.execute_many(PAGES.map(|page| insert.params(page, worker)))?)
                })
            })
            .collect();
        for worker in workers {
            worker.join().map_err(|_| "a worker thread panicked")??;
        }
        Ok(())
    })?;

    let conn = pool.get()?;
    let visits = conn.fetch_all(&db::query!(
        SELECT page, count(*) AS visits, count(DISTINCT worker) AS workers
        FROM sqlmint_example_visit GROUP BY page ORDER BY page
    ))?;
    for row in &visits {
        println!(
            "{:<8} {} visits from {} threads",
            row.page, row.visits, row.workers
        );
    }
    db::drop_all(&*conn)?;
    Ok(())
}
