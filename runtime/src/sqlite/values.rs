//! How sqlmint's values cross into SQLite: parameters bound by slot (a list as `rarray`'s
//! array, an array column as JSON text) and row values read back as [`ValueRef`]s.

use rusqlite::types::ValueRef as SqliteValueRef;
use rusqlite::Statement;
use rust_decimal::Decimal;

use crate::decode::REAL_DECIMAL_DIGITS;
use crate::error::Error;
use crate::query::{BindDyn, Binder, RowSource};
use crate::value::{Value, ValueRef};
use crate::Result;

/// Binds every parameter of `query` to `stmt`. A statement fresh from rusqlite's cache has
/// none bound (the cache clears them when a statement returns to it); one rebound without
/// returning, as `execute_many` does, is cleared there.
pub(super) fn bind(stmt: &mut Statement<'_>, query: &dyn BindDyn) -> Result<()> {
    query.bind_dyn(&mut StatementBinder { stmt })
}

/// Binds parameter values to a prepared `rusqlite` statement, slot `i` to `?{i + 1}`.
struct StatementBinder<'s, 'c> {
    stmt: &'s mut Statement<'c>,
}

impl<'q> Binder<'q> for StatementBinder<'_, '_> {
    fn bind(&mut self, slot: usize, value: Value<'q>) -> Result<(), Error> {
        let index = slot + 1;
        match value {
            Value::Null => self.stmt.raw_bind_parameter(index, rusqlite::types::Null),
            Value::Int(i) => self.stmt.raw_bind_parameter(index, i),
            Value::UInt(u) => return Err(too_big_for_sqlite(slot, u)),
            Value::Float(f) => self.stmt.raw_bind_parameter(index, f),
            Value::Decimal(d) => match sqlite_decimal(slot, d)? {
                SqliteDecimal::Integer(i) => self.stmt.raw_bind_parameter(index, i),
                SqliteDecimal::Text(t) => self.stmt.raw_bind_parameter(index, t),
            },
            Value::Bool(b) => self.stmt.raw_bind_parameter(index, i64::from(b)),
            Value::Text(t) => self.stmt.raw_bind_parameter(index, t),
            Value::Blob(b) => self.stmt.raw_bind_parameter(index, b),
            // `x IN {list}` reads the list with `rarray(?N)`.
            Value::List(values) => self
                .stmt
                .raw_bind_parameter(index, sqlite_array(slot, values)?),
            // An array column holds its value as JSON text.
            Value::Array(values) => self
                .stmt
                .raw_bind_parameter(index, crate::json::array_text(&values)),
        }?;
        Ok(())
    }
}

impl RowSource for rusqlite::Row<'_> {
    fn value(&self, index: usize) -> Result<ValueRef<'_>, Error> {
        Ok(match self.get_ref(index)? {
            SqliteValueRef::Null => ValueRef::Null,
            SqliteValueRef::Integer(i) => ValueRef::Int(i),
            SqliteValueRef::Real(f) => ValueRef::Float(f),
            SqliteValueRef::Text(t) => ValueRef::Text(
                std::str::from_utf8(t).map_err(|e| rusqlite::Error::Utf8Error(index, e))?,
            ),
            SqliteValueRef::Blob(b) => ValueRef::Blob(b),
        })
    }
}

/// SQLite's integers are 64-bit signed: a larger `BIGINT UNSIGNED` value cannot be stored
/// as one, and as text or REAL it would not read back the same.
fn too_big_for_sqlite(slot: usize, value: u64) -> Error {
    Error::Bind {
        slot,
        message: format!(
            "{value} does not fit SQLite's 64-bit signed integers (a BIGINT UNSIGNED holds at \
             most {} there)",
            i64::MAX
        ),
    }
}

/// A decimal as SQLite can hold it: a whole number that fits 64 bits as an INTEGER, exactly;
/// any other as text, which a NUMERIC column's affinity turns into a REAL.
enum SqliteDecimal {
    Integer(i64),
    Text(String),
}

/// The REAL SQLite makes of a decimal's text keeps 15 significant digits (as its own
/// conversions do): a decimal with more would be stored, and read back, as another number,
/// so it is refused rather than changed.
fn sqlite_decimal(slot: usize, value: Decimal) -> Result<SqliteDecimal, Error> {
    if value.fract().is_zero() {
        if let Ok(whole) = i64::try_from(value) {
            return Ok(SqliteDecimal::Integer(whole));
        }
    }
    let mantissa = value.normalize().mantissa().unsigned_abs();
    let digits = mantissa.checked_ilog10().map_or(1, |log| log + 1);
    if digits > REAL_DECIMAL_DIGITS {
        return Err(Error::Bind {
            slot,
            message: format!(
                "{value} has {digits} significant digits, and SQLite keeps a NUMERIC that is \
                 not a 64-bit integer as a REAL, with {REAL_DECIMAL_DIGITS} significant digits: \
                 round it to {REAL_DECIMAL_DIGITS}, or store an integer (cents) or the text"
            ),
        });
    }
    Ok(SqliteDecimal::Text(value.to_string()))
}

/// A list parameter as the array `rarray()` reads: each value as it would be bound alone
/// (decimals as `sqlite_decimal` makes them; an array
/// as its JSON text, as an array column stores it).
fn sqlite_array(
    slot: usize,
    values: Vec<Value<'_>>,
) -> Result<rusqlite::vtab::array::Array, Error> {
    use rusqlite::types::Value as Sqlite;
    let values = values
        .into_iter()
        .map(|value| match value {
            Value::Null => Ok(Sqlite::Null),
            Value::Int(i) => Ok(Sqlite::Integer(i)),
            Value::UInt(u) => Err(too_big_for_sqlite(slot, u)),
            Value::Float(f) => Ok(Sqlite::Real(f)),
            Value::Decimal(d) => Ok(match sqlite_decimal(slot, d)? {
                SqliteDecimal::Integer(i) => Sqlite::Integer(i),
                SqliteDecimal::Text(t) => Sqlite::Text(t),
            }),
            Value::Bool(b) => Ok(Sqlite::Integer(i64::from(b))),
            Value::Text(t) => Ok(Sqlite::Text(t.into_owned())),
            Value::Blob(b) => Ok(Sqlite::Blob(b.to_vec())),
            Value::List(inner) | Value::Array(inner) => {
                Ok(Sqlite::Text(crate::json::array_text(&inner)))
            }
        })
        .collect::<Result<_, Error>>()?;
    Ok(std::rc::Rc::new(values))
}
