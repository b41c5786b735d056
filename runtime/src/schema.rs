//! Traits implemented by the zero-sized table and column types that `schema!` generates, so
//! generic code (and rust-analyzer) can see a schema's shape as types.

use crate::query::Dialect;

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

/// Something that runs SQL in one dialect: a connection or a transaction.
pub trait Executor {
    /// The dialect it speaks.
    type Dialect: Dialect;

    /// Runs several `;`-separated statements that take no parameters (DDL).
    fn execute_batch(&self, sql: &str) -> crate::Result<()>;
}

/// One SQL text per dialect, indexed by [`Dialect::INDEX`].
pub type PerDialect = [&'static str; 3];

/// The text for `D`.
pub fn for_dialect<D: Dialect>(texts: &PerDialect) -> &'static str {
    texts[D::INDEX]
}
