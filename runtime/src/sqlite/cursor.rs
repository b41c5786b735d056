//! Lazy rows on SQLite: a bound statement whose rows are read one SQLite step at a time.

use std::fmt;
use std::marker::PhantomData;

use rusqlite::CachedStatement;

use super::Connection;
use crate::error::Error;
use crate::query::FromRow;
use crate::Result;

/// A prepared statement with its parameters bound, whose rows are read lazily through
/// [`Cursor::rows`]; made by [`Connection::fetch`].
pub struct Cursor<'c, R> {
    pub(super) conn: &'c Connection,
    pub(super) stmt: CachedStatement<'c>,
    pub(super) row: PhantomData<fn() -> R>,
}

impl<R: FromRow> Cursor<'_, R> {
    /// Runs the statement from its start and returns an iterator over its rows that steps
    /// SQLite once per row it yields.
    ///
    /// The iterator ends after the last row or after the first error. Calling `rows` again
    /// runs the statement again, with the same parameters.
    pub fn rows(&mut self) -> Rows<'_, R> {
        Rows {
            conn: self.conn,
            rows: self.stmt.raw_query(),
            done: false,
            row: PhantomData,
        }
    }
}

impl<R> fmt::Debug for Cursor<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cursor").field("stmt", &*self.stmt).finish()
    }
}

/// The rows of a [`Cursor`], read one SQLite step at a time.
pub struct Rows<'s, R> {
    conn: &'s Connection,
    rows: rusqlite::Rows<'s>,
    done: bool,
    row: PhantomData<fn() -> R>,
}

impl<R: FromRow> Iterator for Rows<'_, R> {
    type Item = Result<R>;

    fn next(&mut self) -> Option<Result<R>> {
        if self.done {
            return None;
        }
        let rows = &mut self.rows;
        let item = self
            .conn
            .statement(|| match rows.next() {
                Ok(Some(row)) => R::from_row(row).map(Some),
                Ok(None) => Ok(None),
                Err(e) => Err(Error::from(e)),
            })
            .transpose();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

impl<R: FromRow> std::iter::FusedIterator for Rows<'_, R> {}

impl<R> fmt::Debug for Rows<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rows").field("done", &self.done).finish()
    }
}
