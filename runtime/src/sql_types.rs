//! Marker types naming SQL types, so Rust's trait system can check a bound value against the
//! column it is compared with or written to.
//!
//! The names are SQL's own (upper case) on purpose: rustc prints them in messages such as
//! ``the trait `Encode<INTEGER>` is not implemented for `&str` ``, which a user reads as SQL.
#![allow(non_camel_case_types)]

macro_rules! sql_types {
    ($($(#[$doc:meta])* $name:ident = $sql:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl SqlType for $name {
            const NAME: &'static str = $sql;
        }
    )*};
}

/// A SQL type known to sqlmint.
pub trait SqlType {
    /// The type as SQL writes it, for messages.
    const NAME: &'static str;
}

sql_types! {
    /// `SMALLINT`: a 16-bit integer, read as `i16`.
    SMALLINT = "SMALLINT";
    /// `INTEGER`: a 32-bit integer, read as `i32`.
    INTEGER = "INTEGER";
    /// `BIGINT`: a 64-bit integer, read as `i64` (also the type of `count(*)`).
    BIGINT = "BIGINT";
    /// `INTEGER UNSIGNED` (MySQL's `INT UNSIGNED`): a 32-bit unsigned integer, read as `u32`;
    /// a `BIGINT` on PostgreSQL, an `INTEGER` on SQLite.
    INTEGER_UNSIGNED = "INTEGER UNSIGNED";
    /// `BIGINT UNSIGNED`: a 64-bit unsigned integer, read as `u64`; a `NUMERIC(20, 0)` on
    /// PostgreSQL, an `INTEGER` on SQLite (which holds it up to `i64::MAX`).
    BIGINT_UNSIGNED = "BIGINT UNSIGNED";
    /// `REAL`: a single-precision float, read as `f32`.
    REAL = "REAL";
    /// `DOUBLE PRECISION`: a double-precision float, read as `f64`.
    DOUBLE = "DOUBLE";
    /// `NUMERIC(p, s)`: an exact decimal, read as [`rust_decimal::Decimal`].
    NUMERIC = "NUMERIC";
    /// `TEXT` and `VARCHAR(n)`: read as `String`.
    TEXT = "TEXT";
    /// `BOOLEAN`: read as `bool`.
    BOOLEAN = "BOOLEAN";
    /// `BLOB` (`BYTEA`): read as `Vec<u8>`.
    BLOB = "BLOB";
    /// `DATE`: an ISO-8601 date, read as `String` (`YYYY-MM-DD`; `chrono::NaiveDate` with the
    /// `chrono` feature).
    DATE = "DATE";
    /// `TIMESTAMP`: an ISO-8601 date and time, read as `String` (`chrono::NaiveDateTime`
    /// with the `chrono` feature).
    TIMESTAMP = "TIMESTAMP";
    /// `TIMESTAMPTZ`: a point in time, read as `String` (`chrono::DateTime<Utc>` with the
    /// `chrono` feature).
    TIMESTAMPTZ = "TIMESTAMPTZ";
    /// `UUID`: read as `String` (`uuid::Uuid` with the `uuid` feature).
    UUID = "UUID";
    /// `JSON` / `JSONB`: read as `String` (`serde_json::Value` with the `json` feature).
    JSON = "JSON";
}

/// A list of values of SQL type `T`: what `x IN {list}` binds as one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct List<T>(core::marker::PhantomData<T>);

impl<T: SqlType> SqlType for List<T> {
    const NAME: &'static str = T::NAME;
}

/// An array of SQL type `T` (`INTEGER[]`), read as `Vec<T>`: PostgreSQL's own arrays, stored
/// as JSON text on SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Array<T>(core::marker::PhantomData<T>);

impl<T: SqlType> SqlType for Array<T> {
    const NAME: &'static str = "ARRAY";
}

/// A value of SQL type `T` that may be NULL: the target of a nullable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Nullable<T>(core::marker::PhantomData<T>);

impl<T: SqlType> SqlType for Nullable<T> {
    const NAME: &'static str = T::NAME;
}
