//! Lazy rows on SQLite: a bound statement whose rows are read one SQLite step at a time.

use std::fmt;
use std::marker::PhantomData;

use rusqlite::CachedStatement;

use super::{Connection, BACKEND};
use crate::error::Error;
use crate::query::Query;
use crate::trace::{LazyRead, TARGET};
use crate::Result;

/// A prepared statement with its parameters bound, whose rows are read lazily through
/// [`Cursor::rows`]; made by [`Connection::fetch`].
pub struct Cursor<'c, Q> {
    pub(super) conn: &'c Connection,
    pub(super) stmt: CachedStatement<'c>,
    pub(super) sql: &'static str,
    pub(super) query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Cursor<'_, Q> {
    /// Runs the statement from its start and returns an iterator over its rows that steps
    /// SQLite once per row it yields.
    ///
    /// The iterator ends after the last row or after the first error. Calling `rows` again
    /// runs the statement again, with the same parameters.
    ///
    /// Each call is a statement's `sql` span with `method = "fetch"` (see [`crate::trace`]),
    /// which ends with the iterator.
    pub fn rows(&mut self) -> Rows<'_, Q> {
        let sql = self.sql;
        let mut read = LazyRead::new(BACKEND, Q::NAME, sql);
        let params = self.stmt.parameter_count();
        read.in_scope(|| tracing::debug!(target: TARGET, sql, params, method = "fetch"));
        Rows {
            conn: self.conn,
            rows: self.stmt.raw_query(),
            read,
            done: false,
            query: PhantomData,
        }
    }
}

impl<Q> fmt::Debug for Cursor<'_, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cursor").field("stmt", &*self.stmt).finish()
    }
}

/// The rows of a [`Cursor`], read one SQLite step at a time.
pub struct Rows<'s, Q> {
    conn: &'s Connection,
    rows: rusqlite::Rows<'s>,
    read: LazyRead,
    done: bool,
    query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Iterator for Rows<'_, Q> {
    type Item = Result<Q::Row>;

    fn next(&mut self) -> Option<Result<Q::Row>> {
        if self.done {
            return None;
        }
        let (conn, rows) = (self.conn, &mut self.rows);
        let item = self.read.next(|| {
            conn.statement(|| match rows.next() {
                Ok(Some(row)) => Q::decode_row(row).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(Error::from(e)),
            })
            .transpose()
        });
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

impl<Q: Query> std::iter::FusedIterator for Rows<'_, Q> {}

impl<Q> fmt::Debug for Rows<'_, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rows").field("done", &self.done).finish()
    }
}
