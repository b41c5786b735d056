//! The one trait the synchronous executors share, so code generic over it (`create_all`,
//! `examples/books.rs`, the tests' scenarios) runs the same statements, and the same
//! transactions, on SQLite and PostgreSQL.

use crate::error::Error;
use crate::query::{Dialect, SqlFor};

/// Something that runs statements in one dialect: a connection or a transaction of any
/// synchronous backend. Code generic over it runs the same `query!` statements on SQLite or
/// PostgreSQL; each backend's inherent methods are the same, for code that knows its backend.
pub trait Executor {
    /// The dialect it speaks.
    type Dialect: Dialect;

    /// The transaction [`Executor::transaction`] hands its closure: it runs statements in
    /// the same dialect, and opens savepoints through its own `transaction`.
    type Transaction<'t>: Executor<Dialect = Self::Dialect>
    where
        Self: 't;

    /// Runs several `;`-separated statements that take no parameters (DDL).
    fn execute_batch(&self, sql: &str) -> crate::Result<()>;

    /// Runs a statement and returns how many rows it changed.
    fn execute<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<u64>;

    /// Runs the statement once per item, all or nothing, and returns the summed rowcount;
    /// the items of an `INSERT ... VALUES` run as a few statements of many rows each.
    fn execute_many<Q: SqlFor<Self::Dialect>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> crate::Result<u64>;

    /// [`Executor::execute_many`], reading the rows of every item in item order (the rows
    /// an `INSERT ... RETURNING` stored).
    fn fetch_many<Q: SqlFor<Self::Dialect>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> crate::Result<Vec<Q::Row>>;

    /// Runs a query and reads every row.
    fn fetch_all<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Vec<Q::Row>>;

    /// Runs a query and reads its first row: `Error::RowNotFound` when there is none.
    fn fetch_one<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Q::Row>;

    /// Runs a query and reads its first row, if any.
    fn fetch_optional<Q: SqlFor<Self::Dialect>>(&self, query: &Q) -> crate::Result<Option<Q::Row>>;

    /// Runs `f` in a transaction (a savepoint inside one already open): committed when it
    /// returns `Ok`, rolled back when it returns `Err` or panics. The backend's own
    /// `transaction` method, for code that does not know its backend.
    fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Self::Transaction<'_>) -> Result<T, E>,
        E: From<Error>;
}

/// `items`, unless there are none: `execute_many` runs nothing (no transaction, no
/// statement prepared) for an empty list.
pub(crate) fn non_empty<I: IntoIterator>(items: I) -> Option<std::iter::Peekable<I::IntoIter>> {
    let mut items = items.into_iter().peekable();
    items.peek()?;
    Some(items)
}

/// Implements [`Executor`] for a backend's `Connection` and `Transaction` (which derefs to
/// it, and whose transactions are savepoints of the same `Transaction` type) by delegating to the connection's inherent methods of the same names; expanded in each
/// backend's module, where `Connection` names that backend's connection.
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
macro_rules! delegate_executor {
    ($dialect:ty => $($executor:ty),+) => {$(
        impl $crate::executor::Executor for $executor {
            type Dialect = $dialect;
            type Transaction<'t> = Transaction<'t> where Self: 't;

            fn execute_batch(&self, sql: &str) -> $crate::Result<()> {
                Connection::execute_batch(self, sql)
            }

            fn execute<Q: $crate::SqlFor<$dialect>>(&self, query: &Q) -> $crate::Result<u64> {
                Connection::execute(self, query)
            }

            fn execute_many<Q: $crate::SqlFor<$dialect>, I: IntoIterator<Item = Q>>(&self, items: I) -> $crate::Result<u64> {
                Connection::execute_many(self, items)
            }

            fn fetch_many<Q: $crate::SqlFor<$dialect>, I: IntoIterator<Item = Q>>(&self, items: I) -> $crate::Result<Vec<Q::Row>> {
                Connection::fetch_many(self, items)
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

            fn transaction<T, E, F>(&self, f: F) -> ::std::result::Result<T, E>
            where
                F: FnOnce(&Transaction<'_>) -> ::std::result::Result<T, E>,
                E: From<$crate::Error>,
            {
                Connection::transaction(self, f)
            }
        }
    )+};
}
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub(crate) use delegate_executor;
