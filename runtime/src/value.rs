//! The values that cross the boundary between typed Rust and a database driver, in both
//! directions, without allocating: borrowed text and bytes stay borrowed.

use rust_decimal::Decimal;
use std::borrow::Cow;

/// A parameter value on its way to the database.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value<'a> {
    /// SQL NULL.
    Null,
    /// Any integer that fits `i64`.
    Int(i64),
    /// An unsigned integer above `i64::MAX` (a `BIGINT UNSIGNED`'s): MySQL's own, a NUMERIC on
    /// PostgreSQL, and refused on SQLite, whose integers are 64-bit signed.
    UInt(u64),
    /// Any float.
    Float(f64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A boolean.
    Bool(bool),
    /// Text: borrowed from the caller's value, or made for the occasion (a formatted date,
    /// a UUID).
    Text(Cow<'a, str>),
    /// Bytes.
    Blob(&'a [u8]),
    /// The values of `x IN {list}`: one parameter, any length.
    List(Vec<Value<'a>>),
    /// An array column's value: a PostgreSQL array, JSON text on SQLite.
    Array(Vec<Value<'a>>),
}

/// A column value as the driver hands it back, borrowed from the driver's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

impl ValueRef<'_> {
    /// The kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "NULL",
            ValueRef::Int(_) => "integer",
            ValueRef::Float(_) => "float",
            ValueRef::Decimal(_) => "decimal",
            ValueRef::Bool(_) => "boolean",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "blob",
        }
    }
}
