//! Runs each record and prints one line per event for `cargo xtask slt` to compare:
//! `<record>\trow\t<value>\t<value>...`, `<record>\tok`, `<record>\terror\t<message>`,
//! `<record>\tstopped\t<message>` (a query's result ended early by a SQLite error).
//! Values are already formatted by the query's type letters (see `slt_format.rs`), so they
//! hold no tab or newline. What runs a record is in `engine.rs`, one per database.

use crate::slt_format::{format_value, Value};
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

    pub(crate) fn line(&mut self, record: usize, event: &str, rest: &str) {
        // A closed pipe means the runner is gone; nothing is left to report to.
        let _ = writeln!(self.out, "{record}\t{event}{rest}");
    }

    pub(crate) fn error(&mut self, record: usize, error: &dyn Display) {
        let message = error.to_string().replace(['\n', '\t', '\r'], " ");
        self.line(record, "error", &format!("\t{message}"));
    }

    /// One result row, each value formatted by its column's type letter.
    pub(crate) fn row(&mut self, record: usize, types: &str, values: &[Value]) {
        let values: Vec<String> = values
            .iter()
            .zip(types.chars())
            .map(|(value, letter)| format_value(value, letter))
            .collect();
        self.line(record, "row", &format!("\t{}", values.join("\t")));
    }

    pub fn finish(mut self) {
        let _ = self.out.flush();
    }
}
