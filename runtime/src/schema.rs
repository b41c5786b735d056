//! Traits implemented by the zero-sized table and column types that `schema!` generates, so
//! generic code (and rust-analyzer) can see a schema's shape as types.

use crate::query::{Dialect, SqlFor};

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

/// Something that runs statements in one dialect: a connection or a transaction of any
/// synchronous backend. Code generic over it runs the same `query!` statements on SQLite or
/// PostgreSQL; each backend's inherent methods are the same, for code that knows its backend.
pub trait Executor {
    /// The dialect it speaks.
    type Dialect: Dialect;

    /// Runs several `;`-separated statements that take no parameters (DDL).
    fn execute_batch(&self, sql: &str) -> crate::Result<()>;

    /// Runs a statement and returns how many rows it changed.
    fn execute<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<u64>;

    /// Runs one prepared statement per item, all or nothing, and returns the summed rowcount.
    fn execute_many<Q: SqlFor<Self::Dialect>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> crate::Result<u64>;

    /// Runs a query and reads every row.
    fn fetch_all<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Vec<Q::Row>>;

    /// Runs a query and reads its first row: `Error::RowNotFound` when there is none.
    fn fetch_one<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Q::Row>;

    /// Runs a query and reads its first row, if any.
    fn fetch_optional<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Option<Q::Row>>;
}

/// Implements [`Executor`] for a backend's `Connection` and `Transaction` (which derefs to
/// it) by delegating to the connection's inherent methods of the same names; expanded in each
/// backend's module, where `Connection` names that backend's connection.
macro_rules! delegate_executor {
    ($dialect:ty => $($executor:ty),+) => {$(
        impl $crate::schema::Executor for $executor {
            type Dialect = $dialect;

            fn execute_batch(&self, sql: &str) -> $crate::Result<()> {
                Connection::execute_batch(self, sql)
            }

            fn execute<Q: $crate::SqlFor<$dialect>>(&self, query: &Q) -> $crate::Result<u64> {
                Connection::execute(self, query)
            }

            fn execute_many<Q: $crate::SqlFor<$dialect>, I: IntoIterator<Item = Q>>(&self, items: I) -> $crate::Result<u64> {
                Connection::execute_many(self, items)
            }

            fn fetch_all<Q: $crate::SqlFor<$dialect>>(&self, query: &Q) -> $crate::Result<Vec<Q::Row>> {
                Connection::fetch_all(self, query)
            }

            fn fetch_one<Q: $crate::SqlFor<$dialect>>(&self, query: &Q) -> $crate::Result<Q::Row> {
                Connection::fetch_one(self, query)
            }

            fn fetch_optional<Q: $crate::SqlFor<$dialect>>(&self, query: &Q) -> $crate::Result<Option<Q::Row>> {
                Connection::fetch_optional(self, query)
            }
        }
    )+};
}
pub(crate) use delegate_executor;

pub use crate::dialect::{for_dialect, PerDialect};
