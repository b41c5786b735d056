//! An application that runs on PostgreSQL alone, as a user declares it:
//! `sqlmint = { default-features = false, features = ["postgres"] }`. `.ci/run` builds it by
//! itself (`cargo check -p sqlmint-postgres-only`), so no other package's features reach
//! sqlmint, and `tests/dependencies.rs` checks that SQLite is not among its dependencies.
//!
//! ```text
//! cargo run -p sqlmint-postgres-only -- postgres://user:password@localhost:5432/db
//! ```

use std::process::ExitCode;

sqlmint::schema! {
    pub mod db {
        /// One visit of one page.
        table sqlmint_postgres_only_visit {
            id: INTEGER PRIMARY KEY,
            page: VARCHAR(100) NOT NULL,
        }
    }
}

fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        println!("usage: cargo run -p sqlmint-postgres-only -- postgres://user:password@host/db");
        return ExitCode::SUCCESS;
    };
    match run(&url) {
        Ok(visits) => {
            println!("{visits} visit(s)");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(url: &str) -> sqlmint::Result<i64> {
    let conn = sqlmint::postgres::Connection::connect(url)?;
    db::create_all(&conn)?;
    conn.execute(&db::query!(
        INSERT INTO sqlmint_postgres_only_visit (page) VALUES ("/")
    ))?;
    let visits = conn
        .fetch_one(&db::query!(
            SELECT count(*) AS n FROM sqlmint_postgres_only_visit
        ))?
        .n;
    db::drop_all(&conn)?;
    Ok(visits)
}
