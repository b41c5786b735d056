//! Traits implemented by the zero-sized table and column types that `schema!` generates, so
//! generic code (and rust-analyzer) can see a schema's shape as types.

/// A table declared in `schema!`.
pub trait Table {
    /// The table's SQL name.
    const NAME: &'static str;
    /// Its columns' SQL names, in declared order.
    const COLUMNS: &'static [&'static str];
    /// Its primary key's columns.
    const PRIMARY_KEY: &'static [&'static str];
}

/// A column declared in `schema!`.
pub trait Column {
    /// The table it belongs to.
    type Table: Table;
    /// Its SQL type, one of `sqlmint::sql_types`.
    type SqlType;
    /// The column's SQL name.
    const NAME: &'static str;
    /// Whether it may hold NULL.
    const NULLABLE: bool;
    /// Whether it is part of the primary key.
    const PRIMARY_KEY: bool;
}

pub use crate::dialect::{for_dialect, PerDialect};
