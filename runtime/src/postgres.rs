//! The synchronous PostgreSQL executor, over the `postgres` crate: the same statements as on
//! SQLite, with their PostgreSQL SQL, prepared once per connection.

use crate::batch;
use crate::copy_in;
use crate::error::Error;
use crate::pg::{as_refs, params, read_row, read_rows, Param, Row};
use crate::query::{CopyIn, Postgres, Query, SqlFor};
use crate::statement_cache::StatementCache;
use crate::trace::{self, LazyRead, Traced, TARGET};

/// The `db.system` of this executor's spans.
const BACKEND: &str = "postgresql";
use crate::transaction::{Failure, TransactionOptions, TransactionState};
use crate::Result;
use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::{Client, NoTls, SimpleQueryMessage, Statement};
use postgres_types::ToSql;
use std::cell::{RefCell, RefMut};
use std::io::Write;
use std::marker::PhantomData;

/// The driver this executor runs on (the `postgres` crate), at the version sqlmint links,
/// for [`Connection::from_driver`] and [`Connection::driver`].
pub use ::postgres as driver;

/// The r2d2 manager of a pool of [`Connection`]s (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Manager = crate::pool::r2d2::Manager<Connection>;

/// An r2d2 pool of [`Connection`]s, each keeping its prepared statements across checkouts:
/// `Pool::new(Manager::new(url)?)?` (feature `r2d2`).
#[cfg(feature = "r2d2")]
pub type Pool = ::r2d2::Pool<Manager>;

mod replicated;
pub use replicated::{ReplicaOptions, Replicated, Server};

/// A connection to a PostgreSQL server.
///
/// Statements are prepared on first use and kept, keyed by their SQL, for the life of the
/// connection. Methods take `&self`, as on SQLite; the connection is not `Sync`.
pub struct Connection {
    client: RefCell<Client>,
    prepared: StatementCache<Statement>,
    transactions: TransactionState,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("prepared", &self.prepared.len())
            .field("depth", &self.transactions.depth())
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Connects without TLS, e.g. to `postgres://user:password@localhost:5432/db`.
    pub fn connect(url: &str) -> Result<Self> {
        Ok(Self::from_driver(Client::connect(url, NoTls)?))
    }

    /// Wraps a client connected by the caller, for TLS (`postgres-native-tls`,
    /// `postgres-openssl`, `tokio-postgres-rustls`) or a pooled connection's client.
    pub fn from_driver(client: Client) -> Self {
        Connection {
            client: RefCell::new(client),
            prepared: StatementCache::default(),
            transactions: TransactionState::default(),
        }
    }

    /// The client back, for what sqlmint does not cover.
    pub fn into_driver(self) -> Client {
        self.client.into_inner()
    }

    /// The client, for what sqlmint does not cover; what runs on it inside a transaction runs
    /// in the transaction. It is borrowed mutably: [`Error::Usage`] while a [`Cursor`] or
    /// another borrow holds it, and sqlmint's statements fail the same way while this one
    /// is held.
    pub fn driver(&self) -> Result<RefMut<'_, Client>> {
        self.client_mut()
    }

    /// Runs `;`-separated statements without parameters (DDL).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        self.statement(|| Ok(self.client_mut()?.batch_execute(sql)?))
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    pub fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "execute").run(trace::count, || {
            self.execute_params(query.sql(), Q::COLUMNS, &params(query)?, "execute")
        })
    }

    /// Runs `sql` with `params` and returns its rowcount; [`Connection::execute`], not
    /// generic over the statement.
    fn execute_params(
        &self,
        sql: &'static str,
        columns: usize,
        params: &[Param<'_>],
        method: &'static str,
    ) -> Result<u64> {
        self.run_prepared(sql, columns, method, &|client, statement| {
            client.execute(statement, &as_refs(params))
        })
    }

    /// Runs one prepared statement once per item, in one transaction (a savepoint inside
    /// another, including one begun with SQL through [`Connection::execute_batch`]), and
    /// returns the summed rowcount; a failing item rolls back them all.
    ///
    /// An `INSERT ... VALUES` of one row (a table's `New...` struct, or a `query!` of that
    /// form) inserts the items as a few statements of many rows each (see
    /// [`crate::batch`]): up to 1 024 rows and 65 535 parameters a statement, one round trip
    /// each.
    pub fn execute_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<u64> {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(0);
        };
        Traced::new(BACKEND, Q::NAME, Q::SQL, "execute_many").run(trace::count, || {
            if let Some(template) = Q::BATCH {
                let bind_limit = crate::pg::BIND_LIMIT;
                return self
                    .transaction(|tx| batch::execute_chunks(tx, items, template, bind_limit));
            }
            self.transaction(|tx| {
                let mut total = 0;
                for item in items {
                    total +=
                        tx.execute_params(item.sql(), Q::COLUMNS, &params(&item)?, "execute_many")?;
                }
                Ok(total)
            })
        })
    }

    /// Runs one statement once per item, as [`Connection::execute_many`] does (all or
    /// nothing, an `INSERT ... VALUES` batched), and reads the rows of every item, in item
    /// order: `conn.fetch_many(new_posts.iter().map(NewPost::returning))` inserts the posts
    /// and reads them back as stored, their generated keys in the order of `new_posts`.
    pub fn fetch_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<Vec<Q::Row>> {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Vec::new());
        };
        Traced::new(BACKEND, Q::NAME, Q::SQL, "fetch_many").run(trace::len, || {
            let bind_limit = crate::pg::BIND_LIMIT;
            self.transaction(|tx| batch::fetch_items(tx, items, bind_limit))
        })
    }

    /// Loads rows of a table's insertable struct (its row struct, or its `New...` struct)
    /// with one `COPY ... FROM STDIN`, streamed to the server as it is written, and returns
    /// how many rows were stored: for bulk loads, where it beats even
    /// [`Connection::execute_many`]'s multi-row INSERTs (no parameter limit, no plan).
    ///
    /// One statement: all the rows or, when one fails (a constraint, a value the column's
    /// type does not take, a value out of its range), none. COPY has no `ON CONFLICT` and no
    /// `RETURNING`; use `execute_many` and `fetch_many` for those.
    pub fn copy_in<Q: CopyIn, I: IntoIterator<Item = Q>>(&self, rows: I) -> Result<u64> {
        Traced::new(BACKEND, Q::NAME, Q::COPY, "copy_in").run(trace::count, || {
            tracing::debug!(target: TARGET, sql = Q::COPY, "copy_in");
            self.statement(|| {
                let mut client = self.client_mut()?;
                // Dropped before `finish` (an error below), the writer aborts the COPY.
                let mut writer = client.copy_in(Q::COPY)?;
                let mut data = Vec::with_capacity(copy_in::SEND_AT);
                for row in rows {
                    copy_in::write_row(&row, &mut data)?;
                    if data.len() >= copy_in::SEND_AT {
                        writer.write_all(&data).map_err(copy_failed)?;
                        data.clear();
                    }
                }
                writer.write_all(&data).map_err(copy_failed)?;
                Ok(writer.finish()?)
            })
        })
    }

    /// Runs a query and reads every row.
    pub fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_all").run(trace::len, || {
            let rows = self.query_rows(query.sql(), Q::COLUMNS, &params(query)?, false)?;
            read_rows::<Q>(&rows)
        })
    }

    /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
    pub fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
        self.fetch_optional(query)?
            .ok_or_else(|| Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any.
    pub fn fetch_optional<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        Traced::new(BACKEND, Q::NAME, query.sql(), "fetch_optional").run(trace::one, || {
            let rows = self.query_rows(query.sql(), Q::COLUMNS, &params(query)?, true)?;
            rows.first().map(read_row::<Q>).transpose()
        })
    }

    /// Runs `sql` with `params` and returns its rows, or with `first_only` its first row at
    /// most (as on SQLite: `query_opt` would fail on a second one); what the methods that
    /// read rows share, not generic over the statement.
    fn query_rows(
        &self,
        sql: &'static str,
        columns: usize,
        params: &[Param<'_>],
        first_only: bool,
    ) -> Result<Vec<Row>> {
        let method = crate::trace::read_method(first_only);
        self.run_prepared(sql, columns, method, &|client, statement| {
            if first_only {
                Ok(client
                    .query_raw(statement, params.iter())?
                    .next()?
                    .into_iter()
                    .collect())
            } else {
                // All at once: the synchronous driver's row iterator blocks on its runtime
                // once per row, `query` once per statement.
                client.query(statement, &as_refs(params))
            }
        })
    }

    /// Prepares a query (once per connection) and collects its parameters, to read its rows
    /// lazily through [`Cursor::rows`], each decoded when the iterator reaches it.
    ///
    /// The statement runs when [`Cursor::rows`] is called; dropping the iterator early
    /// discards the remaining rows. The cursor holds the client
    /// while it lives, so other statements on the connection fail with [`Error::Usage`] until
    /// it is dropped.
    pub fn fetch<'c, Q: SqlFor<Postgres>>(&'c self, query: &'c Q) -> Result<Cursor<'c, Q>> {
        let params = params(query)?;
        let sql = query.sql();
        // Logged by `Cursor::rows`, inside the read's span, each time it runs the statement.
        let statement = self.statement(|| self.prepared_statement(sql, Q::COLUMNS))?;
        Ok(Cursor {
            conn: self,
            client: self.client_mut()?,
            sql,
            statement,
            params,
            query: PhantomData,
        })
    }

    crate::transaction::transaction_methods! {
        transaction: [
            /// PostgreSQL aborts a transaction at its first error; a transaction aborted so is
            /// rolled back and returned as [`Error::TransactionAborted`] even when `f` handled
            /// the error and returned `Ok`, and the statements `f` runs after the abort fail
            /// with it. A transaction begun with SQL (`BEGIN` through
            /// [`Connection::execute_batch`]) counts as open.
        ],
        retry: [
            /// On PostgreSQL the retryable errors are serialization failure (40001) and
            /// deadlock (40P01).
        ],
        begin: [],
    }

    /// Runs one statement: refused inside a transaction the server has aborted, and its
    /// failure kept when it aborts the transaction.
    fn statement<T>(&self, run: impl FnOnce() -> Result<T>) -> Result<T> {
        crate::transaction::statement(self, run)
    }

    /// Runs the prepared statement of `sql` through `run`. A statement the server no longer takes
    /// as prepared (after another connection's `ALTER TABLE` changed its result type, or a
    /// `DISCARD ALL`) is evicted from the cache; outside a transaction it is prepared again
    /// and run once more, inside one the error is returned (the server has aborted it).
    fn run_prepared<T>(
        &self,
        sql: &'static str,
        columns: usize,
        method: &'static str,
        run: &dyn Fn(&mut Client, &Statement) -> Result<T, ::postgres::Error>,
    ) -> Result<T> {
        self.statement(|| {
            let statement = self.prepare(sql, columns, method)?;
            let first = run(&mut *self.client_mut()?, &statement);
            match first {
                Err(error) if crate::pg::is_stale_statement(&error) => {
                    self.prepared.remove(sql);
                    if self.transactions.depth() > 0 {
                        return Err(error.into());
                    }
                    tracing::debug!(target: TARGET, sql, %error, "preparing a stale statement again");
                    let statement = self.prepare(sql, columns, method)?;
                    let again = run(&mut *self.client_mut()?, &statement);
                    match again {
                        // A transaction begun with SQL: the first error says why.
                        Err(e) if e.code().map(|c| c.code()) == Some("25P02") => Err(error.into()),
                        other => Ok(other?),
                    }
                }
                other => Ok(other?),
            }
        })
    }

    fn client_mut(&self) -> Result<std::cell::RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            Error::Usage("the connection is already in use by another statement".to_owned())
        })
    }

    /// The prepared statement of `sql`, preparing it on first use, when its column count is
    /// checked against the `columns` its statement's rows read.
    fn prepare(
        &self,
        sql: &'static str,
        columns: usize,
        method: &'static str,
    ) -> Result<Statement> {
        tracing::debug!(target: TARGET, sql, method);
        self.prepared_statement(sql, columns)
    }

    /// [`Connection::prepare`] without the log line.
    fn prepared_statement(&self, sql: &'static str, columns: usize) -> Result<Statement> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement);
        }
        let statement = self.client_mut()?.prepare(sql)?;
        crate::query::check_column_count(sql, columns, statement.columns().len())?;
        self.prepared.insert(sql, statement.clone());
        Ok(statement)
    }
}

/// The error of a COPY whose data the server refused: the driver's, which it hands over
/// wrapped as an I/O error.
fn copy_failed(error: std::io::Error) -> Error {
    match error
        .into_inner()
        .map(|inner| inner.downcast::<::postgres::Error>())
    {
        Some(Ok(error)) => Error::from(*error),
        Some(Err(other)) => Error::Usage(format!("COPY failed: {other}")),
        None => Error::Usage("COPY failed".to_owned()),
    }
}

/// An open transaction (a savepoint when nested) on a PostgreSQL [`Connection`], which it
/// dereferences to; see [`crate::Transaction`].
pub type Transaction<'c> = crate::transaction::Transaction<'c, Connection>;

/// A prepared statement with its parameters, whose rows are read lazily through
/// [`Cursor::rows`]; made by [`Connection::fetch`].
pub struct Cursor<'c, Q> {
    conn: &'c Connection,
    client: RefMut<'c, Client>,
    sql: &'static str,
    statement: Statement,
    params: Vec<Param<'c>>,
    query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Cursor<'_, Q> {
    /// Runs the statement and returns an iterator over its rows, read as the server sends
    /// them. The iterator ends after the last row or after the first error. Calling `rows`
    /// again runs the statement again, with the same parameters.
    ///
    /// A statement the server no longer has as prepared is evicted from the cache, and its
    /// error returned (unlike the other methods, the cursor does not prepare it again).
    ///
    /// Each call is a statement's `sql` span with `method = "fetch"` (see [`crate::trace`]),
    /// which ends with the iterator.
    pub fn rows(&mut self) -> Rows<'_, Q> {
        let conn = self.conn;
        let sql = self.sql;
        let mut read = LazyRead::new(BACKEND, Q::NAME, sql);
        let rows = read.in_scope(|| {
            tracing::debug!(target: TARGET, sql, method = "fetch");
            conn.statement(|| {
                let params = self.params.iter().map(|p| p as &(dyn ToSql + Sync));
                Ok(self.client.query_raw(&self.statement, params)?)
            })
        });
        Rows {
            conn,
            sql,
            rows: Some(rows),
            read,
            query: PhantomData,
        }
    }
}

impl<Q> std::fmt::Debug for Cursor<'_, Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("params", &self.params.len())
            .finish_non_exhaustive()
    }
}

/// The rows of a [`Cursor`], read as the server sends them.
pub struct Rows<'s, Q> {
    conn: &'s Connection,
    sql: &'static str,
    /// The running statement, or the error that started it; `None` once done.
    rows: Option<Result<::postgres::RowIter<'s>>>,
    read: LazyRead,
    query: PhantomData<fn() -> Q>,
}

impl<Q: Query> Iterator for Rows<'_, Q> {
    type Item = Result<Q::Row>;

    fn next(&mut self) -> Option<Result<Q::Row>> {
        let (conn, rows) = (self.conn, &mut self.rows);
        let item = self.read.next(|| {
            crate::transaction::next_lazy_row(conn, rows, |rows| match rows.next() {
                Ok(Some(row)) => read_row::<Q>(&row).map(Some),
                Ok(None) => Ok(None),
                Err(error) => Err(Error::from(error)),
            })
        })?;
        if let Err(Error::Postgres(error)) = &item {
            if crate::pg::is_stale_statement(error) {
                self.conn.prepared.remove(self.sql);
            }
        }
        Some(item)
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

/// Asks, in the message that begins the transaction, whether one was already open:
/// `transaction_timestamp()` is when the transaction began, `statement_timestamp()` when this
/// message arrived, and they are equal exactly when the transaction is this message's own
/// (the `postgres` crate does not expose the server's transaction status).
const IN_TRANSACTION_PROBE: &str = "SELECT transaction_timestamp() <> statement_timestamp()";

impl crate::transaction::Backend for Connection {
    fn control(&self, sql: &str) -> Result<()> {
        self.client_mut()?.batch_execute(sql)?;
        Ok(())
    }

    fn state(&self) -> &TransactionState {
        &self.transactions
    }

    fn begin_outermost(&self, options: &TransactionOptions, savepoint: &str) -> Result<bool> {
        // One round trip. Outside a transaction the `BEGIN` opens one at this message, and the
        // probe after it sees its own transaction (a probe before it would take the snapshot
        // that `ISOLATION LEVEL` must precede); inside one, the `BEGIN` is a no-op (with a
        // warning) and a savepoint follows.
        let sql = format!("{}; {IN_TRANSACTION_PROBE}", options.postgres_begin());
        tracing::debug!(target: TARGET, sql = %sql, "transaction");
        let messages = self.client_mut()?.simple_query(&sql)?;
        let already_open = messages.iter().any(
            |message| matches!(message, SimpleQueryMessage::Row(row) if row.get(0) == Some("t")),
        );
        if !already_open {
            return Ok(false);
        }
        options.check_nested()?;
        let sql = format!("SAVEPOINT {savepoint}");
        tracing::debug!(target: TARGET, sql = %sql, "transaction");
        self.control(&sql)?;
        Ok(true)
    }

    fn commit_outermost(&self) -> Result<()> {
        // The server answers the COMMIT of an aborted transaction with ROLLBACK and no error;
        // a statement before it, in the same message, fails instead (25P02), and the COMMIT
        // is then skipped, leaving the transaction for the rollback.
        match self.client_mut()?.batch_execute("SELECT 1; COMMIT") {
            Ok(()) => Ok(()),
            Err(error) => match error.as_db_error() {
                Some(db) if db.code().code() == "25P02" => {
                    Err(Failure::Postgres(Box::new(db.clone())).aborted())
                }
                _ => Err(error.into()),
            },
        }
    }

    fn transaction_open(&self) -> bool {
        true
    }

    fn aborted_at(&self, error: &Error, depth: u32) -> Option<u32> {
        // Any error the server reports aborts the transaction, back to the innermost
        // savepoint; one found before sending (a parameter that does not encode) does not.
        match error {
            Error::Postgres(e) if e.as_db_error().is_some() => Some(depth),
            _ => None,
        }
    }
}

crate::executor::delegate_executor!(Postgres => Connection, Transaction<'_>);

impl crate::verify::Inspect for Connection {
    type Dialect = Postgres;

    fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        let mut client = self.client_mut()?;
        let columns = client.query(crate::pg::CATALOG_COLUMNS, &[])?;
        let keys = client.query(crate::pg::CATALOG_FOREIGN_KEYS, &[])?;
        crate::pg::live_tables(&columns, &keys)
    }
}
