//! Runs each record and prints one line per event for `cargo xtask slt` to compare:
//! `<record>\trow\t<value>\t<value>...`, `<record>\tok`, `<record>\terror\t<message>`,
//! `<record>\tstopped\t<message>` (a query's result ended early by a SQLite error).
//! Values are already formatted by the query's type letters (see `slt_format.rs`), so they
//! hold no tab or newline.

use crate::slt_format::{format_value, Value};
use sqlmint::sqlite::Connection;
use sqlmint::{SqlFor, Sqlite};
use std::fmt::Display;
use std::io::{BufWriter, Stdout, Write};

/// A typed row field, as a value to format.
pub trait Field {
    fn value(&self) -> Value;
}

macro_rules! int_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}

int_field!(i16, i32, i64, bool);

impl Field for f32 {
    fn value(&self) -> Value {
        Value::Float(f64::from(*self))
    }
}

impl Field for f64 {
    fn value(&self) -> Value {
        Value::Float(*self)
    }
}

impl Field for String {
    fn value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl Field for sqlmint::Decimal {
    fn value(&self) -> Value {
        Value::Decimal(self.to_string())
    }
}

impl Field for Vec<u8> {
    fn value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl<T: Field> Field for Option<T> {
    fn value(&self) -> Value {
        match self {
            None => Value::Null,
            Some(value) => value.value(),
        }
    }
}

/// Where the results go.
pub struct Out {
    out: BufWriter<Stdout>,
}

impl Out {
    pub fn new() -> Self {
        Out {
            out: BufWriter::new(std::io::stdout()),
        }
    }

    fn line(&mut self, record: usize, event: &str, rest: &str) {
        // A closed pipe means the runner is gone; nothing is left to report to.
        let _ = writeln!(self.out, "{record}\t{event}{rest}");
    }

    fn error(&mut self, record: usize, error: &dyn Display) {
        let message = error.to_string().replace(['\n', '\t', '\r'], " ");
        self.line(record, "error", &format!("\t{message}"));
    }

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
        let mut cursor = match conn.cursor(query) {
            Ok(cursor) => cursor,
            Err(error) => return self.error(record, &error),
        };
        for row in cursor.rows() {
            match row {
                Ok(row) => {
                    let values: Vec<String> = fields(&row)
                        .iter()
                        .zip(types.chars())
                        .map(|(value, letter)| format_value(value, letter))
                        .collect();
                    self.line(record, "row", &format!("\t{}", values.join("\t")));
                }
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
                let _ = conn.as_rusqlite().execute_batch(fallback);
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
        match conn.as_rusqlite().execute_batch(sql) {
            Ok(()) => self.line(record, "ok", ""),
            Err(error) => self.error(record, &error),
        }
    }

    pub fn finish(mut self) {
        let _ = self.out.flush();
    }
}
