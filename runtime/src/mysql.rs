//! The synchronous MariaDB and MySQL executor, over the `mysql` crate: the same statements as
//! on SQLite and PostgreSQL, with their MySQL SQL (positional `?` placeholders, backtick
//! quoting), prepared once per connection by the driver's statement cache.
//!
//! The server family it promises is MariaDB 10.5 and newer (10.11 is what CI runs): it reads
//! whether a transaction is open from MariaDB's `@@in_transaction`, and `INSERT ... RETURNING`
//! is MariaDB's.

use crate::batch;
use crate::error::Error;
use crate::query::{MySql, Query, SqlFor};
use crate::trace::{self, LazyRead, Traced, TARGET};

/// The `db.system` of this executor's spans.
const BACKEND: &str = "mysql";
use crate::transaction::{TransactionOptions, TransactionState};
use crate::Result;
use ::mysql::prelude::Queryable;
use ::mysql::{Binary, Conn, Opts, OptsBuilder, Params, QueryResult, Row};
use std::cell::{RefCell, RefMut};
use std::marker::PhantomData;

/// The driver this executor runs on (the `mysql` crate), at the version sqlmint links, for
/// [`Connection::from_driver`] and [`Connection::driver`].
pub use ::mysql as driver;

/// The r2d2 manager of a pool of [`Connection`]s (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Manager = crate::pool::r2d2::Manager<Connection>;

/// An r2d2 pool of [`Connection`]s: `Pool::new(Manager::new(url)?)?` (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Pool = ::r2d2::Pool<Manager>;

use crate::my::values::{params, MyRow};
use crate::my::{BIND_LIMIT, DEADLOCK, IN_TRANSACTION, LAST_INSERT_ID, SESSION, STATEMENT_CACHE};

/// A connection to a MariaDB (or MySQL) server.
///
/// Statements are prepared on first use and kept by the driver, keyed by their SQL. Methods
/// take `&self`, as on SQLite and PostgreSQL; the connection is not `Sync`.
pub struct Connection {
    conn: RefCell<Conn>,
    transactions: TransactionState,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("depth", &self.transactions.depth())
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Connects without TLS, e.g. to `mysql://user:password@localhost:3306/db`.
    ///
    /// The connection counts the rows an `UPDATE` matched, as SQLite and PostgreSQL do (the
    /// driver's `CLIENT_FOUND_ROWS`), rather than only those it changed.
    pub fn connect(url: &str) -> Result<Self> {
        let opts = Opts::from_url(url).map_err(::mysql::Error::UrlError)?;
        Self::connect_with(OptsBuilder::from_opts(opts))
    }

    /// Connects with the driver's options (TLS, timeouts, a socket), adding the ones sqlmint
    /// needs: matched rows for `UPDATE`, a statement cache, the session's time zone set to
    /// UTC, in which a TIMESTAMPTZ column (a `DATETIME(6)`) holds its values and `now()` and
    /// `current_timestamp` answer, and `NO_AUTO_VALUE_ON_ZERO`, so a key written as 0 is 0; as
    /// on SQLite and PostgreSQL (the `init` statements of `options` run after these).
    pub fn connect_with(options: OptsBuilder) -> Result<Self> {
        let opts = Opts::from(options);
        let mut init = vec![SESSION.to_owned()];
        init.extend(opts.get_init());
        let options = OptsBuilder::from_opts(opts)
            .additional_capabilities(::mysql::consts::CapabilityFlags::CLIENT_FOUND_ROWS)
            .stmt_cache_size(STATEMENT_CACHE)
            .init(init);
        Ok(Self::from_driver(Conn::new(options)?))
    }

    /// Wraps a connection made by the caller (a pooled connection's, say). Without
    /// `CLIENT_FOUND_ROWS` among its options, an `UPDATE` counts only the rows it changed;
    /// without `SET time_zone = '+00:00'` among its `init` statements, `now()` answers in the
    /// session's time zone while TIMESTAMPTZ columns hold UTC; without `NO_AUTO_VALUE_ON_ZERO`
    /// in its `sql_mode`, an `AUTO_INCREMENT` key written as 0 gets a generated value.
    pub fn from_driver(conn: Conn) -> Self {
        Connection {
            conn: RefCell::new(conn),
            transactions: TransactionState::default(),
        }
    }

    /// The connection back, for what sqlmint does not cover.
    pub fn into_driver(self) -> Conn {
        self.conn.into_inner()
    }

    /// The connection, for what sqlmint does not cover; what runs on it inside a transaction
    /// runs in the transaction. [`Error::Usage`] while another borrow holds it.
    pub fn driver(&self) -> Result<RefMut<'_, Conn>> {
        self.conn_mut()
    }

    /// Runs `;`-separated statements without parameters (DDL). MySQL commits an open
    /// transaction before most DDL statements: a `CREATE TABLE` inside a transaction ends it.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.statement(|| run_all(&mut *self.conn_mut()?, sql))
    }

    /// Runs a statement and returns how many rows it inserted, updated (matched) or deleted;
    /// an `INSERT ... ON DUPLICATE KEY UPDATE` counts 1 for a row inserted and 2 for one
    /// updated, as MySQL reports it.
    pub fn execute<Q: SqlFor<MySql>>(&self, query: &Q) -> Result<u64> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "execute").run(trace::count, || {
            let params = params(query, query.placeholder_slots())?;
            self.execute_params(query.sql(), params, "execute")
        })
    }

    /// Runs `sql` with `params` and returns its rowcount; [`Connection::execute`], not generic
    /// over the statement.
    fn execute_params(
        &self,
        sql: &'static str,
        params: Params,
        method: &'static str,
    ) -> Result<u64> {
        tracing::debug!(target: TARGET, sql, method);
        self.statement(|| {
            let mut conn = self.conn_mut()?;
            let result = conn.exec_iter(sql, params)?;
            Ok(result.affected_rows())
        })
    }

    /// The `AUTO_INCREMENT` key the last `INSERT` on this connection generated (its first
    /// row's, for an INSERT of several rows), as MySQL's `LAST_INSERT_ID()`; 0 before any.
    /// MariaDB's `INSERT ... RETURNING` reads every generated key instead.
    pub fn last_insert_id(&self) -> Result<u64> {
        tracing::debug!(target: TARGET, sql = LAST_INSERT_ID, method = "last_insert_id");
        let id: Option<u64> =
            self.statement(|| Ok(self.conn_mut()?.query_first(LAST_INSERT_ID)?))?;
        Ok(id.unwrap_or(0))
    }

    /// Runs one statement once per item, in one transaction (a savepoint inside another),
    /// and returns the summed rowcount; a failing item rolls back them all.
    ///
    /// An `INSERT ... VALUES` of one row (a table's `New...` struct, or a `query!` of that
    /// form) inserts the items as a few statements of many rows each (see [`crate::batch`]):
    /// up to 1 024 rows and 65 535 parameters a statement.
    pub fn execute_many<Q: SqlFor<MySql>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<u64> {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(0);
        };
        Traced::new(BACKEND, Q::NAME, Q::SQL, "execute_many").run(trace::count, || {
            if let Some(template) = Q::BATCH {
                return self
                    .transaction(|tx| batch::execute_chunks(tx, items, template, BIND_LIMIT));
            }
            self.transaction(|tx| {
                let mut total = 0;
                for item in items {
                    let params = params(&item, item.placeholder_slots())?;
                    total += tx.execute_params(item.sql(), params, "execute_many")?;
                }
                Ok(total)
            })
        })
    }

    /// Runs one statement once per item, as [`Connection::execute_many`] does (all or
    /// nothing, an `INSERT ... VALUES` batched), and reads the rows of every item, in item
    /// order: MariaDB's `INSERT ... RETURNING` reads back the rows as stored.
    pub fn fetch_many<Q: SqlFor<MySql>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<Vec<Q::Row>> {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Vec::new());
        };
        Traced::new(BACKEND, Q::NAME, Q::SQL, "fetch_many").run(trace::len, || {
            self.transaction(|tx| batch::fetch_items(tx, items, BIND_LIMIT))
        })
    }

    /// Runs a query and reads every row.
    pub fn fetch_all<Q: SqlFor<MySql>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_all").run(trace::len, || {
            let params = params(query, query.placeholder_slots())?;
            let rows = self.query_rows(query.sql(), Q::COLUMNS, params, false)?;
            read_rows::<Q>(&rows)
        })
    }

    /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
    pub fn fetch_one<Q: SqlFor<MySql>>(&self, query: &Q) -> Result<Q::Row> {
        self.fetch_optional(query)?.ok_or(Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any.
    pub fn fetch_optional<Q: SqlFor<MySql>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_optional").run(trace::one, || {
            let params = params(query, query.placeholder_slots())?;
            let rows = self.query_rows(query.sql(), Q::COLUMNS, params, true)?;
            rows.first()
                .map(|row| Q::decode_row(&MyRow::new(row)))
                .transpose()
        })
    }

    /// Runs `sql` with `params` and returns its rows, or with `first_only` its first row at
    /// most (the rest are read and dropped: the protocol has no way to stop a result early);
    /// what the methods that read rows share, not generic over the statement.
    fn query_rows(
        &self,
        sql: &'static str,
        columns: usize,
        params: Params,
        first_only: bool,
    ) -> Result<Vec<Row>> {
        let method = crate::trace::read_method(first_only);
        tracing::debug!(target: TARGET, sql, method);
        self.statement(|| {
            let mut conn = self.conn_mut()?;
            let mut result = conn.exec_iter(sql, params)?;
            crate::query::check_column_count(sql, columns, result.columns().as_ref().len())?;
            let mut rows = Vec::new();
            for row in result.by_ref() {
                let row = row?;
                if first_only && !rows.is_empty() {
                    continue;
                }
                rows.push(row);
            }
            Ok(rows)
        })
    }

    /// Collects a query's parameters, to read its rows lazily through [`Cursor::rows`], each
    /// decoded when the iterator reaches it: for results too large to hold at once.
    ///
    /// The statement runs when [`Cursor::rows`] is called. The cursor holds the connection
    /// while it lives, so other statements on it fail with [`Error::Usage`] until it is
    /// dropped; dropping the iterator early still reads (and discards) the rest of the result,
    /// as the protocol has no way to stop one.
    pub fn fetch<'c, Q: SqlFor<MySql>>(&'c self, query: &'c Q) -> Result<Cursor<'c, Q>> {
        let params = params(query, query.placeholder_slots())?;
        Ok(Cursor {
            conn: self,
            driver: self.conn_mut()?,
            sql: query.sql(),
            params,
            query: PhantomData,
        })
    }

    crate::transaction::transaction_methods! {
        transaction: [
            /// MariaDB rolls back only the failing statement, and the transaction goes on;
            /// a deadlock (error 1213) rolls back the whole transaction, which is then
            /// [`Error::TransactionAborted`] for the statements after it. DDL commits the
            /// open transaction (MySQL's implicit commit) and cannot be rolled back.
        ],
        retry: [
            /// On MariaDB and MySQL the retryable errors are deadlock (1213) and lock wait
            /// timeout (1205).
        ],
        begin: [],
    }

    /// Runs one statement: refused inside a transaction the server has rolled back, and its
    /// failure kept when it rolls one back.
    fn statement<T>(&self, run: impl FnOnce() -> Result<T>) -> Result<T> {
        crate::transaction::statement(self, run)
    }

    fn conn_mut(&self) -> Result<RefMut<'_, Conn>> {
        self.conn.try_borrow_mut().map_err(|_| {
            Error::Usage("the connection is already in use by another statement".to_owned())
        })
    }
}

/// Runs `sql`, one statement or several separated by `;`, reading every result, so that a
/// failing statement after the first is an error: the driver's `query_drop` reads the first
/// result only, and dropping the rest drops their errors.
fn run_all(conn: &mut Conn, sql: &str) -> Result<()> {
    let mut results = conn.query_iter(sql)?;
    while let Some(set) = results.iter() {
        for row in set {
            row?;
        }
    }
    Ok(())
}

/// Every row of `rows` read as `Q`'s: the only part of `fetch_all` generic over the
/// statement.
fn read_rows<Q: Query>(rows: &[Row]) -> Result<Vec<Q::Row>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(Q::decode_row(&MyRow::new(row))?);
    }
    Ok(out)
}

/// A query with its parameters, whose rows are read lazily through [`Cursor::rows`]; made by
/// [`Connection::fetch`].
pub struct Cursor<'c, Q> {
    conn: &'c Connection,
    driver: RefMut<'c, Conn>,
    sql: &'static str,
    params: Params,
    query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Cursor<'_, Q> {
    /// Runs the query and returns an iterator over its rows, read as the server sends them.
    /// The iterator ends after the last row or after the first error. Calling `rows` again
    /// runs the query again, with the same parameters.
    ///
    /// Each call is a statement's `sql` span with `method = "fetch"` (see [`crate::trace`]),
    /// which ends with the iterator.
    pub fn rows(&mut self) -> Rows<'_, Q> {
        let conn = self.conn;
        let sql = self.sql;
        let mut read = LazyRead::new(BACKEND, Q::NAME, sql);
        let driver = &mut *self.driver;
        let params = self.params.clone();
        let result = read.in_scope(|| {
            tracing::debug!(target: TARGET, sql, method = "fetch");
            conn.statement(|| {
                let result = driver.exec_iter(sql, params)?;
                let columns = result.columns().as_ref().len();
                crate::query::check_column_count(sql, Q::COLUMNS, columns)?;
                Ok(result)
            })
        });
        Rows {
            conn,
            rows: Some(result),
            read,
            query: PhantomData,
        }
    }
}

impl<Q> std::fmt::Debug for Cursor<'_, Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("sql", &self.sql)
            .finish_non_exhaustive()
    }
}

/// The rows of a [`Cursor`], read as the server sends them.
pub struct Rows<'s, Q> {
    conn: &'s Connection,
    /// The running query, or the error that started it; `None` once done.
    rows: Option<Result<QueryResult<'s, 's, 's, Binary>>>,
    read: LazyRead,
    query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Iterator for Rows<'_, Q> {
    type Item = Result<Q::Row>;

    fn next(&mut self) -> Option<Result<Q::Row>> {
        let (conn, rows) = (self.conn, &mut self.rows);
        self.read.next(|| {
            crate::transaction::next_lazy_row(conn, rows, |rows| match rows.next() {
                Some(Ok(row)) => Q::decode_row(&MyRow::new(&row)).map(Some),
                Some(Err(error)) => Err(Error::from(error)),
                None => Ok(None),
            })
        })
    }
}

impl<Q: Query> std::iter::FusedIterator for Rows<'_, Q> {}

impl<Q> std::fmt::Debug for Rows<'_, Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("done", &self.rows.is_none())
            .finish_non_exhaustive()
    }
}

/// An open transaction (a savepoint when nested) on a MySQL [`Connection`], which it
/// dereferences to; see [`crate::Transaction`].
pub type Transaction<'c> = crate::transaction::Transaction<'c, Connection>;

impl crate::transaction::Backend for Connection {
    fn control(&self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, "transaction");
        run_all(&mut *self.conn_mut()?, sql)
    }

    fn state(&self) -> &TransactionState {
        &self.transactions
    }

    fn begin_outermost(&self, options: &TransactionOptions, savepoint: &str) -> Result<bool> {
        // `START TRANSACTION` inside an open transaction would commit it: ask first.
        let open: Option<i64> = self.conn_mut()?.query_first(IN_TRANSACTION)?;
        if open == Some(1) {
            options.check_nested()?;
            self.control(&format!("SAVEPOINT {savepoint}"))?;
            return Ok(true);
        }
        let (before, begin) = options.mysql_begin();
        if let Some(isolation) = before {
            self.control(&isolation)?;
        }
        self.control(begin)?;
        Ok(false)
    }

    fn commit_outermost(&self) -> Result<()> {
        self.control("COMMIT")
    }

    fn transaction_open(&self) -> bool {
        true
    }

    fn aborted_at(&self, error: &Error, _depth: u32) -> Option<u32> {
        // Other errors roll back their statement only.
        (error.mysql_code() == Some(DEADLOCK)).then_some(1)
    }
}

crate::executor::delegate_executor!(MySql => Connection, Transaction<'_>);

impl crate::verify::Inspect for Connection {
    type Dialect = MySql;

    fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        use crate::my::catalog;
        let mut conn = self.conn_mut()?;
        let columns: Vec<catalog::CatalogRow> = conn.query(catalog::COLUMNS)?;
        let keys: Vec<catalog::CatalogRow> = conn.query(catalog::FOREIGN_KEYS)?;
        Ok(catalog::live_tables(columns, keys))
    }
}
