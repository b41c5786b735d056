//! Runs the statements that `query!` checked on SQLite, through `rusqlite`.
//!
//! A [`Connection`] takes any statement that implements [`SqlFor<Sqlite>`]: it prepares the
//! statement's static SQL once (rusqlite's statement cache, keyed by the SQL text), binds the
//! parameters the statement hands over and reads rows through the statement's [`FromRow`](crate::FromRow).
//!
//! Every statement is logged before it runs as a `tracing` event at `DEBUG` level with target
//! `sqlmint::sql` (fields `sql` and `params`), as are `BEGIN`, `COMMIT`, `ROLLBACK` and the
//! savepoints of nested transactions; a subscriber that enables `sqlmint::sql=debug` echoes every
//! statement the way SQLAlchemy's `echo=True` does.

use std::marker::PhantomData;
use std::path::Path;

use rusqlite::{CachedStatement, Statement};

mod catalog;
mod cursor;
mod values;

pub use cursor::{Cursor, Rows};
use values::bind;

use crate::batch;
use crate::error::Error;
use crate::query::{BindDyn, SqlFor, Sqlite};
use crate::transaction::{TransactionOptions, TransactionState};

use crate::trace::{self, Traced, TARGET};

/// The `db.system` of this executor's spans.
const BACKEND: &str = "sqlite";
use crate::Result;

/// The r2d2 manager of a pool of [`Connection`]s to one database file (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Manager = crate::pool::r2d2::Manager<Connection>;

/// An r2d2 pool of [`Connection`]s: `Pool::new(Manager::new("app.db"))?` (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Pool = ::r2d2::Pool<Manager>;

/// How many prepared statements a [`Connection`] keeps in its cache.
pub const STATEMENT_CACHE_CAPACITY: usize = 128;

/// A connection to a SQLite database that runs sqlmint statements.
///
/// It is `Send` but not `Sync`, like the `rusqlite::Connection` it wraps: share it between
/// threads behind a `Mutex`, or open one per thread.
#[derive(Debug)]
pub struct Connection {
    conn: rusqlite::Connection,
    /// The transactions open on this connection (naming the savepoints of nested ones), and
    /// the failure that aborted them, if any.
    transactions: TransactionState,
}

impl Connection {
    /// Opens (creating it if needed) the database file at `path`.
    pub fn open<P: AsRef<Path>>(path: P) -> Result<Self> {
        Ok(Self::from_driver(rusqlite::Connection::open(path)?))
    }

    /// Opens a new, private, in-memory database.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self::from_driver(rusqlite::Connection::open_in_memory()?))
    }

    /// Wraps a connection opened and configured with `rusqlite`, and sets its prepared statement
    /// cache to [`STATEMENT_CACHE_CAPACITY`] statements (change it afterwards through
    /// [`Connection::driver`] if needed).
    ///
    /// It also registers SQLite's `rarray` table-valued function on the connection, through
    /// which `x IN {list}` reads its list.
    pub fn from_driver(conn: rusqlite::Connection) -> Self {
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
        // Registering a module fails only when SQLite is out of memory; a statement with a
        // list parameter then fails to prepare with "no such table: rarray", as an `Err`.
        if let Err(error) = rusqlite::vtab::array::load_module(&conn) {
            tracing::warn!(target: TARGET, %error, "cannot register rarray: list parameters will fail");
        }
        Self {
            conn,
            transactions: TransactionState::default(),
        }
    }

    /// The underlying `rusqlite` connection, for what sqlmint does not cover (pragmas, user
    /// functions, backups, ad hoc SQL).
    pub fn driver(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// Gives back the underlying `rusqlite` connection.
    pub fn into_driver(self) -> rusqlite::Connection {
        self.conn
    }

    /// The rowid of the row most recently inserted on this connection: for a table with an
    /// `INTEGER PRIMARY KEY`, its primary key (SQLAlchemy's `inserted_primary_key`).
    pub fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }

    /// Runs one or more `;`-separated statements that take no parameters and return no rows,
    /// such as the `CREATE TABLE` statements of a schema.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.statement(|| Ok(self.conn.execute_batch(sql)?))
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    ///
    /// A statement that returns rows (`INSERT … RETURNING`, `SELECT`) is run to completion and
    /// its rows are discarded; a `SELECT` counts 0.
    pub fn execute<Q: SqlFor<Sqlite>>(&self, query: &Q) -> Result<u64> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "execute")
            .run(trace::count, || self.execute_bound(query.sql(), query))
    }

    /// [`Connection::execute`], not generic over the statement.
    fn execute_bound(&self, sql: &'static str, query: &dyn BindDyn) -> Result<u64> {
        self.statement(|| {
            let mut stmt = self.prepare_bound(sql, query, "execute")?;
            self.run_to_completion(&mut stmt)
        })
    }

    /// Runs one statement once for each item, all inside one transaction (a savepoint when a
    /// transaction is already open), and returns the summed row counts.
    ///
    /// An `INSERT ... VALUES` of one row (a table's `New...` struct, or a `query!` of that
    /// form) inserts the items as a few statements of many rows each (see
    /// [`crate::batch`]): up to 1 024 rows a statement, within SQLite's limit on bound
    /// parameters. Any other statement is prepared once and rebound for each item. When an
    /// item fails, the work of every item before it is rolled back too and the error is
    /// returned. An empty `items` runs nothing and returns 0.
    pub fn execute_many<Q, I>(&self, items: I) -> Result<u64>
    where
        Q: SqlFor<Sqlite>,
        I: IntoIterator<Item = Q>,
    {
        Traced::new(BACKEND, Q::NAME, Q::SQL, "execute_many").run(trace::count, || {
            let Some(items) = crate::executor::non_empty(items) else {
                return Ok(0);
            };
            if let Some(template) = Q::BATCH {
                let bind_limit = self.bind_limit();
                return self
                    .transaction(|tx| batch::execute_chunks(tx, items, template, bind_limit));
            }
            self.transaction(|tx| {
                // Items of a statement with optional predicates may run different SQL: the
                // statement is prepared again (from the cache) only when an item's differs.
                let mut prepared: Option<(&'static str, CachedStatement<'_>)> = None;
                let mut total = 0u64;
                for item in items {
                    let sql = item.sql();
                    let stmt = match &mut prepared {
                        Some((last, stmt)) if std::ptr::eq(*last, sql) || *last == sql => {
                            // What the last item bound must not stand in for a slot this one
                            // leaves unbound.
                            stmt.clear_bindings();
                            stmt
                        }
                        _ => {
                            let stmt = tx.driver().prepare_cached(sql)?;
                            tracing::debug!(
                                target: TARGET,
                                sql,
                                params = stmt.parameter_count(),
                                "execute_many"
                            );
                            &mut prepared.insert((sql, stmt)).1
                        }
                    };
                    total += tx.statement(|| {
                        bind(stmt, &item)?;
                        tx.run_to_completion(stmt)
                    })?;
                }
                Ok(total)
            })
        })
    }

    /// Runs one statement once for each item, as [`Connection::execute_many`] does (all or
    /// nothing, an `INSERT ... VALUES` batched), and reads the rows of every item, in item
    /// order: `conn.fetch_many(new_posts.iter().map(NewPost::returning))` inserts the posts
    /// and reads them back as stored, their generated keys in the order of `new_posts`.
    pub fn fetch_many<Q, I>(&self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<Sqlite>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Vec::new());
        };
        let bind_limit = self.bind_limit();
        Traced::new(BACKEND, Q::NAME, Q::SQL, "fetch_many").run(trace::len, || {
            self.transaction(|tx| batch::fetch_items(tx, items, bind_limit))
        })
    }

    /// The most parameters one statement may bind on this connection (SQLite's
    /// `SQLITE_LIMIT_VARIABLE_NUMBER`, 32 766 unless lowered).
    fn bind_limit(&self) -> usize {
        self.conn
            .limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER)
            .ok()
            .and_then(|limit| usize::try_from(limit).ok())
            // SQLite's own default before 3.32, which every build accepts.
            .unwrap_or(999)
    }

    /// Runs a query and reads all its rows.
    pub fn fetch_all<Q: SqlFor<Sqlite>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_all").run(trace::len, || {
            let mut out = Vec::new();
            self.for_each_row(query.sql(), Q::COLUMNS, query, "fetch_all", &mut |row| {
                out.push(Q::decode_row(row)?);
                Ok(true)
            })?;
            Ok(out)
        })
    }

    /// Runs a query and reads its first row; [`Error::RowNotFound`] when it returns none.
    ///
    /// Rows after the first are not read.
    pub fn fetch_one<Q: SqlFor<Sqlite>>(&self, query: &Q) -> Result<Q::Row> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_one")
            .run(trace::one, || self.fetch_first(query, "fetch_one"))?
            .ok_or_else(|| Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any.
    ///
    /// Rows after the first are not read.
    pub fn fetch_optional<Q: SqlFor<Sqlite>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_optional")
            .run(trace::one, || self.fetch_first(query, "fetch_optional"))
    }

    /// Prepares a query and binds its parameters, to read its rows lazily, one SQLite step per
    /// row, through [`Cursor::rows`].
    ///
    /// Nothing runs until the iterator from [`Cursor::rows`] is first advanced; stopping early
    /// (dropping the iterator, or taking only a few rows) leaves the remaining rows unread. The
    /// cursor borrows the connection, so the statement goes back to the statement cache when
    /// the cursor is dropped.
    ///
    /// For example, to read only the first two users: call `conn.fetch(&query)?`, keep the
    /// cursor in a `let mut` binding, then `cursor.rows().take(2)` yields two
    /// `Result<Row>` items and SQLite has stepped only twice:
    ///
    /// ```
    /// # use sqlmint_runtime::{sqlite::Connection, Binder, Error, Query, RowSource, SqlFor, Sqlite};
    /// # use sqlmint_runtime::{query::decode_column, sql_types::TEXT};
    /// # #[derive(Debug, PartialEq)]
    /// # struct Name(String);
    /// # struct Names;
    /// # impl Query for Names {
    /// #     type Row = Name;
    /// #     const COLUMNS: usize = 1;
    /// #     fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> Result<(), Error> { Ok(()) }
    /// #     fn decode_row<R: RowSource + ?Sized>(row: &R) -> Result<Name, Error> {
    /// #         decode_column::<TEXT, String, _>(row, 0, "name").map(Name)
    /// #     }
    /// # }
    /// # impl SqlFor<Sqlite> for Names {
    /// #     const SQL: &'static str = "SELECT name FROM t ORDER BY name";
    /// # }
    /// # fn main() -> Result<(), Error> {
    /// let conn = Connection::open_in_memory()?;
    /// conn.execute_batch("CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('a'), ('b'), ('c');")?;
    /// // `Names` is a statement made by `query!`: SELECT name FROM t ORDER BY name
    /// let mut cursor = conn.fetch(&Names)?;
    /// let first_two = cursor.rows().take(2).collect::<Result<Vec<Name>, Error>>()?;
    /// assert_eq!(first_two, [Name("a".into()), Name("b".into())]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn fetch<Q: SqlFor<Sqlite>>(&self, query: &Q) -> Result<Cursor<'_, Q>> {
        let sql = query.sql();
        // Logged by `Cursor::rows`, inside the read's span, each time it runs the statement.
        let stmt = self.statement(|| {
            let stmt = self.bound(sql, query)?;
            crate::query::check_column_count(sql, Q::COLUMNS, stmt.column_count())?;
            Ok(stmt)
        })?;
        Ok(Cursor {
            conn: self,
            stmt,
            sql,
            query: PhantomData,
        })
    }

    crate::transaction::transaction_methods! {
        transaction: [
            /// A failing `COMMIT` rolls the transaction back and returns the error. A
            /// transaction SQLite rolled back by itself (after `SQLITE_FULL`, say, even when `f`
            /// handled that error and returned `Ok`) is [`Error::TransactionAborted`], never
            /// `Ok`.
        ],
        retry: [
            /// On SQLite the retryable errors are `SQLITE_BUSY` and `SQLITE_LOCKED`:
            ///
            /// ```
            /// # use sqlmint_runtime::{sqlite::Connection, Error, RetryOptions, TransactionOptions};
            /// # fn main() -> Result<(), Error> {
            /// let conn = Connection::open_in_memory()?;
            /// conn.execute_batch("CREATE TABLE t (n INTEGER)")?;
            /// let options = TransactionOptions::new().immediate();
            /// conn.transaction_with_retry(RetryOptions::new().max_attempts(3), options, |tx| {
            ///     tx.execute_batch("INSERT INTO t VALUES (1)")
            /// })?;
            /// # Ok(())
            /// # }
            /// ```
        ],
        begin: [
            /// ```
            /// # use sqlmint_runtime::{sqlite::Connection, Error};
            /// # fn main() -> Result<(), Error> {
            /// let conn = Connection::open_in_memory()?;
            /// conn.execute_batch("CREATE TABLE t (n INTEGER)")?;
            /// let tx = conn.begin()?;
            /// tx.execute_batch("INSERT INTO t VALUES (1)")?;
            /// tx.commit()?;
            /// # Ok(())
            /// # }
            /// ```
        ],
    }

    /// Runs one statement: refused inside a transaction SQLite has rolled back, so that it
    /// does not run (and commit) in autocommit; its failure kept when it ends the transaction.
    fn statement<T>(&self, run: impl FnOnce() -> Result<T>) -> Result<T> {
        crate::transaction::statement(self, run)
    }

    /// Prepares (or takes from the cache) `sql` and binds `query`'s parameters.
    fn prepare_bound(
        &self,
        sql: &'static str,
        query: &dyn BindDyn,
        method: &'static str,
    ) -> Result<CachedStatement<'_>> {
        let stmt = self.bound(sql, query)?;
        tracing::debug!(
            target: TARGET,
            sql,
            params = stmt.parameter_count(),
            method
        );
        Ok(stmt)
    }

    /// [`Connection::prepare_bound`] without the log line.
    fn bound(&self, sql: &'static str, query: &dyn BindDyn) -> Result<CachedStatement<'_>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        bind(&mut stmt, query)?;
        Ok(stmt)
    }

    /// [`Connection::prepare_bound`] for a method that reads rows: the statement's column
    /// count is checked against the `columns` its row type reads (a field SQLite keeps on the
    /// statement).
    fn prepare_rows(
        &self,
        sql: &'static str,
        columns: usize,
        query: &dyn BindDyn,
        method: &'static str,
    ) -> Result<CachedStatement<'_>> {
        let stmt = self.prepare_bound(sql, query, method)?;
        crate::query::check_column_count(sql, columns, stmt.column_count())?;
        Ok(stmt)
    }

    /// Steps a bound statement until it is done and returns the rows it changed.
    fn run_to_completion(&self, stmt: &mut Statement<'_>) -> Result<u64> {
        if stmt.column_count() == 0 {
            return Ok(stmt.raw_execute()? as u64);
        }
        let readonly = stmt.readonly();
        let mut rows = stmt.raw_query();
        while rows.next()?.is_some() {}
        drop(rows);
        Ok(if readonly { 0 } else { self.conn.changes() })
    }

    /// Runs a query and hands its rows to `each` until it returns `false`: what every method
    /// that reads rows runs, so only the decoding of its rows is generic over the statement.
    fn for_each_row(
        &self,
        sql: &'static str,
        columns: usize,
        query: &dyn BindDyn,
        method: &'static str,
        each: &mut dyn FnMut(&rusqlite::Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        self.statement(|| {
            let mut stmt = self.prepare_rows(sql, columns, query, method)?;
            let mut rows = stmt.raw_query();
            while let Some(row) = rows.next()? {
                if !each(row)? {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Runs a query and reads its first row, if any.
    fn fetch_first<Q: SqlFor<Sqlite>>(
        &self,
        query: &Q,
        method: &'static str,
    ) -> Result<Option<Q::Row>> {
        let mut first = None;
        self.for_each_row(query.sql(), Q::COLUMNS, query, method, &mut |row| {
            first = Some(Q::decode_row(row)?);
            Ok(false)
        })?;
        Ok(first)
    }
}

/// An open transaction (a savepoint when nested) on a SQLite [`Connection`], which it
/// dereferences to; see [`crate::Transaction`].
pub type Transaction<'c> = crate::transaction::Transaction<'c, Connection>;

impl crate::transaction::Backend for Connection {
    fn control(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(Error::from)
    }

    fn state(&self) -> &TransactionState {
        &self.transactions
    }

    fn begin_outermost(&self, options: &TransactionOptions, savepoint: &str) -> Result<bool> {
        let begin = options.sqlite_begin()?;
        if !self.conn.is_autocommit() {
            // A transaction begun outside sqlmint: nest inside it rather than fail.
            options.check_nested()?;
            let sql = format!("SAVEPOINT {savepoint}");
            tracing::debug!(target: TARGET, sql = %sql, "transaction");
            self.control(&sql)?;
            return Ok(true);
        }
        tracing::debug!(target: TARGET, sql = begin, "transaction");
        self.control(begin)?;
        Ok(false)
    }

    fn commit_outermost(&self) -> Result<()> {
        self.control("COMMIT")
    }

    fn transaction_open(&self) -> bool {
        !self.conn.is_autocommit()
    }

    fn aborted_at(&self, _error: &Error, _depth: u32) -> Option<u32> {
        // SQLite ends the whole transaction (never one savepoint) when it rolls back by itself.
        self.conn.is_autocommit().then_some(1)
    }
}

crate::executor::delegate_executor!(Sqlite => Connection, Transaction<'_>);
