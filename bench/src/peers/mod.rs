//! Each library's way of running the workloads, one module per library, and the databases
//! they start from: a private in-memory SQLite database per peer, or a fresh database per
//! peer on the throwaway PostgreSQL server.

use crate::data::{self, User};
use crate::workload::{Backend, Error, Runner, Workload};

/// sqlmint's multi-row INSERT of the users `$users[$i]`: a statement's rows are written out in
/// its SQL, so each row count is a statement of its own, checked at compile time.
macro_rules! insert_users {
    ($users:ident; $($i:tt)*) => {
        crate::db::query!(
            INSERT INTO users (name, hair_color)
            VALUES $(({$users[$i].name}, {$users[$i].hair_color})),*
        )
    };
}

/// Evaluates `$run` with `$statement` bound to sqlmint's one INSERT of all of `$users`
/// (1, 10 or 100 of them, the sizes of the insert workload).
macro_rules! with_insert_of {
    ($users:expr, |$statement:ident| $run:expr) => {{
        let users: &[crate::db::NewUsers] = $users;
        match users.len() {
            1 => {
                let $statement = insert_users!(users; 0);
                $run
            }
            10 => {
                let $statement = insert_users!(users; 0 1 2 3 4 5 6 7 8 9);
                $run
            }
            100 => {
                let $statement = insert_users!(users;
                    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
                    20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39
                    40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59
                    60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79
                    80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99
                );
                $run
            }
            count => Err(format!("sqlmint's INSERT of {count} rows is not written out").into()),
        }
    }};
}

mod diesel;
mod postgres;
mod rusqlite;
mod sqlmint;
mod sqlmint_async;
mod sqlx;
mod tokio_postgres;

/// `peer`'s runner for `workload` on `backend`, its database made and filled.
pub(crate) fn runner(
    backend: Backend,
    peer: &str,
    workload: Workload,
) -> Result<Box<dyn Runner>, Error> {
    let script = workload.fixture(backend).script(backend);
    match (backend, peer) {
        (Backend::Sqlite, "sqlmint") => {
            let conn = ::sqlmint::sqlite::Connection::open_in_memory()?;
            conn.execute_batch(&script)?;
            Ok(sqlmint::runner(conn, workload))
        }
        (Backend::Sqlite, "rusqlite") => rusqlite::runner(&script, workload),
        (Backend::Sqlite, "diesel") => diesel::sqlite::runner(&script, workload),
        (Backend::Sqlite, "sqlx") => sqlx::sqlite::runner(&script, workload),
        (Backend::Postgres, "sqlmint") => {
            let url = postgres_database(&script)?;
            Ok(sqlmint::runner(
                ::sqlmint::postgres::Connection::connect(&url)?,
                workload,
            ))
        }
        (Backend::Postgres, "sqlmint_async") => {
            sqlmint_async::runner(&postgres_database(&script)?, workload)
        }
        (Backend::Postgres, "postgres") => postgres::runner(&postgres_database(&script)?, workload),
        (Backend::Postgres, "tokio_postgres") => {
            tokio_postgres::runner(&postgres_database(&script)?, workload)
        }
        (Backend::Postgres, "diesel") => {
            diesel::postgres::runner(&postgres_database(&script)?, workload)
        }
        (Backend::Postgres, "sqlx") => {
            sqlx::postgres::runner(&postgres_database(&script)?, workload)
        }
        _ => Err(format!(
            "no peer `{peer}` on {}; one of {}",
            backend.name(),
            backend.peers().join(", ")
        )
        .into()),
    }
}

/// A fresh database on the throwaway server (or `SQLMINT_PG_URL`'s), filled by `script`.
fn postgres_database(script: &str) -> Result<String, Error> {
    let url = sqlmint_test_support::database();
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls)?;
    client.batch_execute(script)?;
    Ok(url)
}

/// The users the workload inserts: none, unless it is an insert.
fn new_users(workload: Workload) -> Vec<data::NewUser> {
    match workload {
        Workload::Insert(count)
        | Workload::InsertRowAtATime(count)
        | Workload::BatchInsert(count)
        | Workload::BatchInsertReturning(count) => data::new_users(count),
        _ => Vec::new(),
    }
}

/// Rows per statement of the hand-written batched inserts on SQLite (rusqlite, and sqlx's
/// `push_values` on both backends): a round chunk size a careful program picks, its 2 000
/// parameters far under SQLite's 32 766 and PostgreSQL's 65 535, the last chunk (if shorter)
/// a statement of its own.
const ROWS_PER_INSERT: usize = 1_000;

/// `?, ?, ... ?`, `count` of them: the hand-written SQLite peers' IN lists and VALUES rows.
fn placeholders(count: usize) -> String {
    let mut text = String::with_capacity(count * 3);
    for index in 0..count {
        if index > 0 {
            text.push_str(", ");
        }
        text.push('?');
    }
    text
}

/// The users the hand-written peers read back after an insert, answered as an insert's.
fn inserted(count: u64, users: Vec<User>) -> crate::data::Answer {
    crate::data::Answer::Inserted { count, users }
}
