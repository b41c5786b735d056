//! The database-server side of the generated program (PostgreSQL or MariaDB: xtask writes in
//! the executor module and dialect where this template names `postgres` and `Postgres`):
//! every record runs on one connection to the database whose URL `cargo xtask slt` passes in
//! `SLT_DATABASE_URL` (a fresh database per file), in autocommit mode, so a failing statement
//! leaves no transaction behind.

use crate::harness::Out;
use crate::slt_format::Value;
pub use sqlmint::__EXECUTOR__::Connection;
use sqlmint::{SqlFor, __DIALECT__ as Dialect};

/// The environment variable holding the database's URL.
const URL_VARIABLE: &str = "SLT_DATABASE_URL";

/// The database the records run on.
pub fn connect() -> Connection {
    let Ok(url) = std::env::var(URL_VARIABLE) else {
        eprintln!("{URL_VARIABLE} is not set: run this program through `cargo xtask slt --dialect __EXECUTOR__`");
        std::process::exit(2);
    };
    match Connection::connect(&url) {
        Ok(conn) => conn,
        Err(error) => {
            eprintln!("cannot connect to {url}: {error}");
            std::process::exit(2);
        }
    }
}

impl Out {
    /// A `query` record: every row formatted by `types`, then `ok`. The driver returns the
    /// whole result or an error, so an error at any point is the record's error.
    pub fn query<Q, F>(
        &mut self,
        conn: &Connection,
        record: usize,
        types: &str,
        query: &Q,
        fields: F,
    ) where
        Q: SqlFor<Dialect>,
        F: Fn(&Q::Row) -> Vec<Value>,
    {
        match conn.fetch_all(query) {
            Ok(rows) => {
                for row in &rows {
                    self.row(record, types, &fields(row));
                }
                self.line(record, "ok", "");
            }
            Err(error) => self.error(record, &error),
        }
    }

    /// A `statement` record through `query!`; when it fails, `fallback` runs as plain SQL so
    /// the rest of the file sees the data it expects.
    pub fn execute<Q: SqlFor<Dialect>>(
        &mut self,
        conn: &Connection,
        record: usize,
        query: &Q,
        fallback: &str,
    ) {
        match conn.execute(query) {
            Ok(_) => self.line(record, "ok", ""),
            Err(error) => {
                self.error(record, &error);
                let _ = conn.execute_batch(fallback);
            }
        }
    }

    /// A `statement` record that is a SELECT: run, rows dropped.
    pub fn fetch<Q: SqlFor<Dialect>>(&mut self, conn: &Connection, record: usize, query: &Q) {
        match conn.fetch_all(query) {
            Ok(_) => self.line(record, "ok", ""),
            Err(error) => self.error(record, &error),
        }
    }

    /// Set-up the library cannot express, run as plain SQL.
    pub fn raw(&mut self, conn: &Connection, record: usize, sql: &str) {
        match conn.execute_batch(sql) {
            Ok(()) => self.line(record, "ok", ""),
            Err(error) => self.error(record, &error),
        }
    }
}
