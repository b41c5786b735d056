//! The asynchronous MariaDB and MySQL executor, over `mysql_async`: the statements of the
//! synchronous `mysql` executor with `.await`, on a connection that tasks can share.
//!
//! A [`Connection`] is `Send + Sync`: statements run through `&self`, one at a time (the
//! protocol answers one statement before it takes the next), so tasks holding an
//! `Arc<Connection>` queue their statements on it. A transaction needs the connection to
//! itself, so [`Connection::begin`] takes `&mut self`, as does [`Connection::fetch`], whose
//! rows stream over the connection while they are read.
//!
//! ```no_run
//! # use sqlmint_runtime::{Binder, Error, MySql, Query, RowSource, SqlFor};
//! # struct AddSandy;
//! # impl Query for AddSandy {
//! #     type Row = ();
//! #     const COLUMNS: usize = 0;
//! #     fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> Result<(), Error> { Ok(()) }
//! #     fn decode_row<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> { Ok(()) }
//! # }
//! # impl SqlFor<MySql> for AddSandy {
//! #     const SQL: &'static str = "INSERT INTO user_account (name) VALUES ('sandy')";
//! # }
//! # async fn run() -> Result<(), Error> {
//! use sqlmint_runtime::mysql_async::Connection;
//!
//! let mut conn = Connection::connect("mysql://root@localhost/app").await?;
//! // `conn.execute_ddl(&db::CREATE_ALL)` for a `schema!`'s tables.
//! conn.execute_batch("CREATE TABLE IF NOT EXISTS user_account (id SERIAL, name TEXT)").await?;
//! // `AddSandy` is a statement made by `query!`: INSERT INTO user_account (name) VALUES ("sandy")
//! let tx = conn.begin().await?;
//! tx.execute(&AddSandy).await?;
//! tx.commit().await?;
//! # Ok(())
//! # }
//! ```
//!
//! Statements are prepared on first use and kept by the driver, keyed by their SQL. Every
//! statement is logged before it runs as a `tracing` event at `DEBUG` level with target
//! `sqlmint::sql`, as on the other executors. The server family it promises is the
//! synchronous executor's: MariaDB 10.5 and newer.

use crate::batch::Many;
use crate::error::Error;
use crate::my::values::{params, MyRow};
use crate::my::{IN_TRANSACTION, SESSION, STATEMENT_CACHE};
use crate::query::{MySql, Query, SqlFor};
use crate::trace::TARGET;
use crate::transaction::{FailureSlot, TransactionOptions};
use crate::Result;
use ::mysql_async::prelude::Queryable;
use ::mysql_async::{Conn, Opts, OptsBuilder, Row};
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use std::sync::{Mutex, PoisonError};

/// The driver this executor runs on (`mysql_async`), at the version sqlmint links, for
/// [`Connection::from_driver`] and [`Connection::driver`].
pub use ::mysql_async as driver;

/// The deadpool manager of a pool of [`Connection`]s (feature `deadpool`).
#[cfg(feature = "deadpool")]
pub use crate::pool::deadpool::MySqlManager as Manager;

/// A deadpool pool of [`Connection`]s: `Pool::builder(Manager::new(url)?).build()?` (feature
/// `deadpool`).
#[cfg(feature = "deadpool")]
pub type Pool = ::deadpool::managed::Pool<Manager>;

/// Why [`Pool::get`] gave no connection: a timeout, a closed pool, or the error connecting
/// (feature `deadpool`).
#[cfg(feature = "deadpool")]
pub type PoolError = ::deadpool::managed::PoolError<Error>;

mod session;
mod transaction;

use session::{aborts, Session};

pub use transaction::Transaction;

/// A connection to a MariaDB (or MySQL) server, shared by reference between tasks.
///
/// It owns a `mysql_async::Conn`, which may be a pool's (`mysql_async::Pool::get_conn`):
/// dropping the `Connection` drops it, which returns a pooled one to its pool.
pub struct Connection {
    conn: tokio::sync::Mutex<Conn>,
    /// The rollback a [`Transaction`] dropped unfinished left to run before the next
    /// statement (`Drop` cannot await).
    pending_rollback: Mutex<Option<String>>,
    /// The first failure that aborted the open transaction (a deadlock).
    failure: FailureSlot,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("pending_rollback", &*self.pending())
            .finish_non_exhaustive()
    }
}

/// The statement methods a [`Connection`] and a [`Transaction`] share: each runs through the
/// `session()` of its owner, so they are written once.
macro_rules! session_methods {
    () => {
        /// Runs `;`-separated statements without parameters (DDL), reading every result, so
        /// a failing statement after the first is an error too. MySQL commits an open
        /// transaction before most DDL statements: a `CREATE TABLE` inside a transaction ends
        /// it.
        pub async fn execute_batch(&self, sql: &str) -> $crate::Result<()> {
            self.session().execute_batch(sql).await
        }

        /// Runs the MySQL text of a schema's `CREATE_ALL` or `DROP_ALL`:
        /// `conn.execute_ddl(&db::CREATE_ALL).await?` does what `db::create_all(&conn)?` does
        /// on a synchronous connection.
        pub async fn execute_ddl(
            &self,
            texts: &$crate::schema::PerDialect<&'static str>,
        ) -> $crate::Result<()> {
            self.session()
                .execute_batch($crate::schema::for_dialect::<$crate::MySql, _>(texts))
                .await
        }

        /// Runs a statement and returns how many rows it inserted, updated (matched) or
        /// deleted; an `INSERT ... ON DUPLICATE KEY UPDATE` counts 1 for a row inserted and 2
        /// for one updated, as MySQL reports it.
        pub async fn execute<Q: $crate::SqlFor<$crate::MySql>>(
            &self,
            query: &Q,
        ) -> $crate::Result<u64> {
            $crate::trace::Traced::new("mysql", Q::NAME, query.sql(), "execute")
                .run_async($crate::trace::count, async {
                    let params = $crate::my::values::params(query, query.placeholder_slots())?;
                    self.session()
                        .execute_params(query.sql(), params, "execute")
                        .await
                })
                .await
        }

        /// Runs a query and reads every row.
        pub async fn fetch_all<Q: $crate::SqlFor<$crate::MySql>>(
            &self,
            query: &Q,
        ) -> $crate::Result<Vec<Q::Row>> {
            $crate::trace::Traced::new("mysql", Q::NAME, query.sql(), "fetch_all")
                .run_async($crate::trace::len, async {
                    let params = $crate::my::values::params(query, query.placeholder_slots())?;
                    let rows = self
                        .session()
                        .query_rows(query.sql(), Q::COLUMNS, params, false)
                        .await?;
                    $crate::mysql_async::read_rows::<Q>(&rows)
                })
                .await
        }

        /// Runs a query and reads its first row: [`Error::RowNotFound`]($crate::Error::RowNotFound) when there is none.
        pub async fn fetch_one<Q: $crate::SqlFor<$crate::MySql>>(
            &self,
            query: &Q,
        ) -> $crate::Result<Q::Row> {
            self.fetch_optional(query)
                .await?
                .ok_or($crate::Error::RowNotFound)
        }

        /// Runs a query and reads its first row, if any; the rest are read and dropped (the
        /// protocol has no way to stop a result early), so a failure on a later row is an
        /// error too.
        pub async fn fetch_optional<Q: $crate::SqlFor<$crate::MySql>>(
            &self,
            query: &Q,
        ) -> $crate::Result<Option<Q::Row>> {
            $crate::trace::Traced::new("mysql", Q::NAME, query.sql(), "fetch_optional")
                .run_async($crate::trace::one, async {
                    let params = $crate::my::values::params(query, query.placeholder_slots())?;
                    let rows = self
                        .session()
                        .query_rows(query.sql(), Q::COLUMNS, params, true)
                        .await?;
                    rows.first()
                        .map(|row| Q::decode_row(&$crate::my::values::MyRow::new(row)))
                        .transpose()
                })
                .await
        }

        /// The `AUTO_INCREMENT` key the last `INSERT` on this connection generated (its first
        /// row's, for an INSERT of several rows), as MySQL's `LAST_INSERT_ID()`; 0 before any.
        /// MariaDB's `INSERT ... RETURNING` reads every generated key instead.
        pub async fn last_insert_id(&self) -> $crate::Result<u64> {
            self.session().last_insert_id().await
        }
    };
}
use session_methods;

impl Connection {
    session_methods!();

    /// Connects without TLS, e.g. to `mysql://user:password@localhost:3306/db`, with the
    /// settings of [`options`].
    pub async fn connect(url: &str) -> Result<Self> {
        Ok(Self::from_driver(Conn::new(options(url)?).await?))
    }

    /// Connects with the driver's options (TLS, timeouts, a socket), adding sqlmint's (see
    /// [`with_session`]).
    pub async fn connect_with(options: OptsBuilder) -> Result<Self> {
        let conn = Conn::new(with_session(options)).await?;
        Ok(Self::from_driver(conn))
    }

    /// Wraps a connection made by the caller, such as a pool's
    /// (`Connection::from_driver(pool.get_conn().await?)`); make the pool with [`options`]
    /// or [`with_session`], so its connections count matched rows and hold TIMESTAMPTZ
    /// values in UTC. Dropping the `Connection` returns a pooled connection to its pool.
    pub fn from_driver(conn: Conn) -> Self {
        Connection {
            conn: tokio::sync::Mutex::new(conn),
            pending_rollback: Mutex::new(None),
            failure: FailureSlot::default(),
        }
    }

    /// The connection back, for what sqlmint does not cover. A transaction dropped
    /// unfinished whose rollback has not run yet is rolled back first.
    pub async fn into_driver(self) -> Result<Conn> {
        drop(self.session().lock().await?);
        Ok(self.conn.into_inner())
    }

    /// The connection, for what sqlmint does not cover, held until the guard is dropped;
    /// other statements on this `Connection` wait for it.
    pub async fn driver(&self) -> Result<tokio::sync::MutexGuard<'_, Conn>> {
        self.session().lock().await
    }

    /// Ends the connection cleanly (`COM_QUIT`), rather than when the driver gets to it after
    /// a drop; a pooled connection goes back to its pool.
    pub async fn disconnect(self) -> Result<()> {
        Ok(self.into_driver().await?.disconnect().await?)
    }

    /// Every table of the current database, with columns and foreign keys, as
    /// `information_schema` has them: what `verify::Inspect::live_tables` reads on a
    /// synchronous connection.
    pub async fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        use crate::my::catalog;
        let mut conn = self.session().lock().await?;
        let columns: Vec<catalog::CatalogRow> = conn.query(catalog::COLUMNS).await?;
        let keys: Vec<catalog::CatalogRow> = conn.query(catalog::FOREIGN_KEYS).await?;
        Ok(catalog::live_tables(columns, keys))
    }

    /// Compares `schema` (a `schema!`'s `db::SCHEMA`) with the database and reports every
    /// difference: `conn.verify(&db::SCHEMA).await?` does what `db::verify(&conn)?` does on a
    /// synchronous connection.
    pub async fn verify(
        &self,
        schema: &crate::verify::SchemaInfo,
    ) -> Result<crate::verify::Report> {
        let live = self.live_tables().await?;
        Ok(crate::verify::compare::<MySql>(schema, &live))
    }

    /// The rows of a query as a stream, each read from the server when it is polled; nothing
    /// is sent before the first poll. The stream holds the connection (hence `&mut self`);
    /// dropping it early leaves the rest of the result to be read and discarded before the
    /// connection's next statement.
    ///
    /// Pin the stream (`std::pin::pin!`) before calling
    /// `futures_util::TryStreamExt::try_next` on it: it is not promised to be `Unpin`.
    ///
    /// The read is a statement's `sql` span with `method = "fetch"` (see [`crate::trace`]),
    /// from the first poll to the stream's end or drop.
    pub fn fetch<'a, Q: SqlFor<MySql>>(
        &'a mut self,
        query: &'a Q,
    ) -> impl Stream<Item = Result<Q::Row>> + 'a {
        stream_rows(self, 0, query)
    }

    /// Runs one statement once per item, in one transaction (a savepoint inside a
    /// transaction begun with SQL), and returns the summed rowcount; a failing item rolls
    /// back them all. It takes `&mut self` because it opens a transaction.
    ///
    /// An `INSERT ... VALUES` of one row (a table's `New...` struct, or a `query!` of that
    /// form) inserts the items as a few statements of many rows each (see
    /// [`crate::batch`]): up to 1 024 rows and 65 535 parameters a statement.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<MySql>,
        I: IntoIterator<Item = Q>,
    {
        let many = crate::trace::Traced::new("mysql", Q::NAME, Q::SQL, "execute_many")
            .run_async(
                |many: &Many<Q::Row>| many.count,
                self.run_many(items, false),
            )
            .await?;
        Ok(many.count)
    }

    /// Runs one statement once per item, as [`Connection::execute_many`] does (all or
    /// nothing, an `INSERT ... VALUES` batched), and reads the rows of every item, in item
    /// order: MariaDB's `INSERT ... RETURNING` reads back the rows as stored.
    pub async fn fetch_many<Q, I>(&mut self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<MySql>,
        I: IntoIterator<Item = Q>,
    {
        let many = crate::trace::Traced::new("mysql", Q::NAME, Q::SQL, "fetch_many")
            .run_async(
                |many: &Many<Q::Row>| many.rows.len() as u64,
                self.run_many(items, true),
            )
            .await?;
        Ok(many.rows)
    }

    async fn run_many<Q, I>(&mut self, items: I, read_rows: bool) -> Result<Many<Q::Row>>
    where
        Q: SqlFor<MySql>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Many::default());
        };
        if !self.in_transaction().await? {
            let tx = self.begin_unchecked(TransactionOptions::new()).await?;
            return transaction::run_many_in(tx, items, read_rows).await;
        }
        // A transaction begun with SQL: a savepoint of it, left open for its owner.
        let session = self.session();
        session.execute_batch("SAVEPOINT sqlmint_0").await?;
        let result = session.run_many(items, read_rows).await;
        let end = if result.is_ok() {
            "RELEASE SAVEPOINT sqlmint_0"
        } else {
            "ROLLBACK TO SAVEPOINT sqlmint_0; RELEASE SAVEPOINT sqlmint_0"
        };
        let ended = session.execute_batch(end).await;
        let many = result?;
        ended?;
        Ok(many)
    }

    /// Starts a transaction (`START TRANSACTION`). Commit it with [`Transaction::commit`];
    /// one dropped without [`Transaction::commit`] or [`Transaction::rollback`] is rolled
    /// back (see [`Transaction`]).
    ///
    /// While a transaction begun with SQL (`START TRANSACTION` through
    /// [`Connection::execute_batch`]) is open it is an [`Error::Usage`]: a second `START
    /// TRANSACTION` would commit that transaction. Knowing costs one round trip.
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        self.begin_with(TransactionOptions::new()).await
    }

    /// [`Connection::begin`] with `options` (isolation level, `READ ONLY`).
    pub async fn begin_with(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        if self.in_transaction().await? {
            return Err(Error::Usage(
                "a transaction begun outside sqlmint is open on this connection: end it \
                 first, or run the statements in it without `begin`"
                    .to_owned(),
            ));
        }
        self.begin_unchecked(options).await
    }

    crate::transaction::async_transaction_with_retry! {
        /// On MariaDB the retryable errors are a deadlock (1213), whose victim the server has
        /// rolled back, and a lock wait timeout (1205).
    }

    /// Whether the server has a transaction open on this connection.
    async fn in_transaction(&self) -> Result<bool> {
        tracing::debug!(target: TARGET, sql = IN_TRANSACTION, "transaction");
        let open: Option<i64> = self
            .session()
            .lock()
            .await?
            .query_first(IN_TRANSACTION)
            .await?;
        Ok(open == Some(1))
    }

    async fn begin_unchecked(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        let (isolation, begin) = options.mysql_begin();
        let session = self.session();
        if let Some(isolation) = isolation {
            session.control(&isolation).await?;
        }
        session.control(begin).await?;
        self.failure.clear();
        Ok(Transaction::outermost(self))
    }

    fn session(&self) -> Session<'_> {
        Session {
            conn: self,
            depth: 0,
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.pending_rollback
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The options [`Connection::connect`] connects with: `url` (e.g.
/// `mysql://user:password@localhost:3306/db`) with sqlmint's settings (see
/// [`with_session`]). A pool made with them (`mysql_async::Pool::new(options(url)?)`) hands
/// out connections that [`Connection::from_driver`] wraps.
pub fn options(url: &str) -> Result<OptsBuilder> {
    let opts = Opts::from_url(url).map_err(::mysql_async::Error::Url)?;
    Ok(with_session(OptsBuilder::from_opts(opts)))
}

/// `options` with what sqlmint needs added: matched rows for `UPDATE` (`CLIENT_FOUND_ROWS`),
/// a statement cache, and, on every new or reset connection (the driver's `setup`
/// statements, which a pool runs again after resetting a connection), the session's time
/// zone set to UTC, in which a TIMESTAMPTZ column holds its values, and
/// `NO_AUTO_VALUE_ON_ZERO`, so a key written as 0 is 0; as on SQLite and PostgreSQL. The
/// caller's own `setup` statements run after these.
pub fn with_session(options: OptsBuilder) -> OptsBuilder {
    let opts = Opts::from(options);
    let mut setup = vec![SESSION.to_owned()];
    setup.extend(opts.setup().iter().cloned());
    OptsBuilder::from_opts(opts)
        .client_found_rows(true)
        .stmt_cache_size(STATEMENT_CACHE)
        .setup(setup)
}

/// The rows of `query` run on `conn` inside a transaction of `depth` (0 for none), read
/// from the server as they are polled. `conn` is borrowed whole, so the stream reaches the
/// driver's connection without a lock it would have to keep.
fn stream_rows<'a, Q: SqlFor<MySql>>(
    conn: &'a mut Connection,
    depth: u32,
    query: &'a Q,
) -> impl Stream<Item = Result<Q::Row>> + 'a {
    let Connection {
        conn: driver,
        pending_rollback,
        failure,
    } = conn;
    let failure: &'a FailureSlot = failure;
    let record = move |error: Error| {
        if depth > 0 && aborts(&error) {
            failure.record(1, &error);
        }
        error
    };
    let rows = stream::once(async move {
        let driver = driver.get_mut();
        let pending = pending_rollback
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(rollback) = pending {
            tracing::debug!(target: TARGET, sql = %rollback, "transaction dropped");
            run_all(driver, &rollback).await?;
        }
        if let Some(aborted) = failure.from(1).filter(|_| depth > 0) {
            return Err(aborted.aborted());
        }
        let params = params(query, query.placeholder_slots())?;
        let sql = query.sql();
        tracing::debug!(target: TARGET, sql, method = "fetch");
        let result = driver
            .exec_iter(sql, params)
            .await
            .map_err(|e| record(e.into()))?;
        crate::query::check_column_count(sql, Q::COLUMNS, result.columns_ref().len())?;
        let rows = result
            .stream_and_drop::<Row>()
            .await
            .map_err(|e| record(e.into()))?;
        Ok(stream::iter(rows).flatten().map_err(Error::from))
    })
    .try_flatten()
    .map(move |row| Q::decode_row(&MyRow::new(&row.map_err(record)?)));
    crate::trace::TracedRows::new("mysql", Q::NAME, query.sql(), rows)
}

/// Runs `sql`, one statement or several separated by `;`, reading every result, so that a
/// failing statement after the first is an error.
async fn run_all(conn: &mut Conn, sql: &str) -> Result<()> {
    Ok(conn.query_iter(sql).await?.drop_result().await?)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn connections_and_transactions_cross_tasks() {
        assert_send_sync::<Connection>();
        assert_send_sync::<Transaction<'static>>();
    }
}
