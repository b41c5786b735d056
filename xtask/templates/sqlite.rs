//! The SQLite side of the generated program: every record runs on one in-memory database.

use crate::harness::Out;
use crate::slt_format::Value;
pub use sqlmint::sqlite::Connection;
use sqlmint::{SqlFor, Sqlite};

/// The database the records run on.
pub fn connect() -> Connection {
    match Connection::open_in_memory() {
        Ok(conn) => conn,
        Err(error) => {
            eprintln!("cannot open an in-memory database: {error}");
            std::process::exit(2);
        }
    }
}

impl Out {
    /// A `query` record: every row formatted by `types`, then `ok`.
    ///
    /// Like the reference driver, a SQLite error while stepping ends the result with the rows
    /// read so far (reported as `stopped`); an error preparing it, or reading a value into
    /// the row struct, is an error.
    pub fn query<Q, F>(
        &mut self,
        conn: &Connection,
        record: usize,
        types: &str,
        query: &Q,
        fields: F,
    ) where
        Q: SqlFor<Sqlite>,
        F: Fn(&Q::Row) -> Vec<Value>,
    {
        let mut cursor = match conn.fetch(query) {
            Ok(cursor) => cursor,
            Err(error) => return self.error(record, &error),
        };
        for row in cursor.rows() {
            match row {
                Ok(row) => self.row(record, types, &fields(&row)),
                Err(sqlmint::Error::Sqlite(error)) => {
                    let message = error.to_string().replace(['\n', '\t', '\r'], " ");
                    self.line(record, "stopped", &format!("\t{message}"));
                    break;
                }
                Err(error) => return self.error(record, &error),
            }
        }
        self.line(record, "ok", "");
    }

    /// A `statement` record through `query!`; when it fails, `fallback` runs as plain SQL so
    /// the rest of the file sees the data it expects.
    pub fn execute<Q: SqlFor<Sqlite>>(
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
                let _ = conn.driver().execute_batch(fallback);
            }
        }
    }

    /// A `statement` record that is a SELECT: run, rows dropped.
    pub fn fetch<Q: SqlFor<Sqlite>>(&mut self, conn: &Connection, record: usize, query: &Q) {
        match conn.fetch_all(query) {
            Ok(_) => self.line(record, "ok", ""),
            Err(error) => self.error(record, &error),
        }
    }

    /// Set-up the library cannot express, run as plain SQL.
    pub fn raw(&mut self, conn: &Connection, record: usize, sql: &str) {
        match conn.driver().execute_batch(sql) {
            Ok(()) => self.line(record, "ok", ""),
            Err(error) => self.error(record, &error),
        }
    }
}
