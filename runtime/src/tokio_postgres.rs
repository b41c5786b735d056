//! The asynchronous PostgreSQL executor, over `tokio-postgres`: the statements of the
//! synchronous executor with `.await`, on a connection that tasks can share.
//!
//! A [`Connection`] is `Send + Sync`: statements run through `&self`, so tasks holding an
//! `Arc<Connection>` pipeline their statements over the one connection. A transaction needs
//! the connection to itself, so [`Connection::begin`] takes `&mut self` (as
//! `tokio_postgres::Client::transaction` does): no other task's statement can slip into it.
//!
//! ```no_run
//! # use sqlmint_runtime::{Binder, Error, Postgres, Query, RowSource, SqlFor};
//! # struct AddSandy;
//! # impl Query for AddSandy {
//! #     type Row = ();
//! #     const COLUMNS: usize = 0;
//! #     fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> Result<(), Error> { Ok(()) }
//! #     fn decode_row<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> { Ok(()) }
//! # }
//! # impl SqlFor<Postgres> for AddSandy {
//! #     const SQL: &'static str = "INSERT INTO user_account (name) VALUES ('sandy')";
//! # }
//! # async fn run() -> Result<(), Error> {
//! use sqlmint_runtime::tokio_postgres::Connection;
//!
//! let mut conn = Connection::connect("postgres://postgres@localhost/app").await?;
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
//! Statements are prepared on first use and kept, keyed by their SQL, for the life of the
//! [`Connection`] value. Every statement is logged before it runs as a `tracing` event at
//! `DEBUG` level with target `sqlmint::sql`, as on SQLite.

use crate::error::Error;
use crate::query::{Postgres, SqlFor};
use crate::schema::{for_dialect, PerDialect};
use crate::statement_cache::StatementCache;
use crate::trace::TARGET;
use crate::transaction::{IsolationLevel, TransactionOptions};
use crate::Result;
use ::tokio_postgres::{Client, NoTls, SimpleQueryMessage, Statement};
use futures_util::stream::Stream;
use std::ops::DerefMut;

/// The driver this executor runs on (`tokio-postgres`), at the version sqlmint links, for
/// [`Connection::from_driver`] and [`Connection::driver`].
pub use ::tokio_postgres as driver;

/// The deadpool manager of a pool of [`Connection`]s (feature `deadpool`).
#[cfg(feature = "deadpool")]
pub use crate::pool::deadpool::PostgresManager as Manager;

/// A deadpool pool of [`Connection`]s, each keeping its prepared statements across checkouts:
/// `Pool::builder(Manager::new(url)?).build()?` (feature `deadpool`).
#[cfg(feature = "deadpool")]
pub type Pool = ::deadpool::managed::Pool<Manager>;

/// Why [`Pool::get`] gave no connection: a timeout, a closed pool, or the error connecting
/// (feature `deadpool`).
#[cfg(feature = "deadpool")]
pub type PoolError = ::deadpool::managed::PoolError<Error>;

/// A connection to a PostgreSQL server, shared by reference between tasks.
///
/// It owns a `tokio_postgres::Client`, or a pool's connection that holds one
/// ([`Connection::from_pooled`]); dropping the `Connection` drops what it owns, which for a
/// pooled connection returns it to its pool.
pub struct Connection {
    client: Box<dyn ClientHandle>,
    prepared: StatementCache<Statement>,
    /// The first failure that aborted the open transaction, with the depth it happened at.
    failure: FailureSlot,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("prepared", &self.prepared.len())
            .field("closed", &self.driver().is_closed())
            .finish_non_exhaustive()
    }
}

/// The statement methods a [`Connection`] and a [`Transaction`] share: each runs through the
/// `session()` of its owner (the client it speaks through and the statement cache), so they
/// are written once.
macro_rules! session_methods {
    () => {
        /// Runs `;`-separated statements without parameters (DDL).
        pub async fn execute_batch(&self, sql: &str) -> Result<()> {
            self.session().execute_batch(sql).await
        }

        /// Runs the PostgreSQL text of a schema's `CREATE_ALL` or `DROP_ALL`:
        /// `conn.execute_ddl(&db::CREATE_ALL).await?` does what `db::create_all(&conn)?` does
        /// on a synchronous connection.
        pub async fn execute_ddl(&self, texts: &PerDialect<&'static str>) -> Result<()> {
            self.session()
                .execute_batch(for_dialect::<Postgres, _>(texts))
                .await
        }

        /// Runs a statement and returns how many rows it inserted, updated or deleted.
        pub async fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
            crate::trace::Traced::new("postgresql", Q::NAME, query.sql(), "execute")
                .run_async(crate::trace::count, self.session().execute(query))
                .await
        }

        /// Runs a query and reads every row.
        pub async fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
            crate::trace::Traced::new("postgresql", Q::NAME, query.sql(), "fetch_all")
                .run_async(crate::trace::len, self.session().fetch_all(query))
                .await
        }

        /// Loads rows of a table's insertable struct with one `COPY ... FROM STDIN`, streamed
        /// as it is written, and returns how many rows were stored; all of them or, when one
        /// fails, none. See the synchronous `Connection::copy_in`.
        pub async fn copy_in<Q, I>(&self, rows: I) -> Result<u64>
        where
            Q: $crate::query::CopyIn,
            I: IntoIterator<Item = Q>,
        {
            crate::trace::Traced::new("postgresql", Q::NAME, Q::COPY, "copy_in")
                .run_async(crate::trace::count, self.session().copy_in(rows))
                .await
        }

        /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
        pub async fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
            crate::trace::Traced::new("postgresql", Q::NAME, query.sql(), "fetch_one")
                .run_async(crate::trace::one, self.session().fetch_optional(query))
                .await?
                .ok_or_else(|| Error::RowNotFound)
        }

        /// Runs a query and reads its first row, if any.
        pub async fn fetch_optional<Q: SqlFor<Postgres>>(
            &self,
            query: &Q,
        ) -> Result<Option<Q::Row>> {
            crate::trace::Traced::new("postgresql", Q::NAME, query.sql(), "fetch_optional")
                .run_async(crate::trace::one, self.session().fetch_optional(query))
                .await
        }

        /// The rows of a query as a stream, each read when it is polled; nothing is sent to
        /// the server before the first poll. Dropping the stream early discards the rest.
        ///
        /// Pin the stream (`std::pin::pin!`) before calling
        /// `futures_util::TryStreamExt::try_next` on it: it is not promised to be `Unpin`.
        ///
        /// The read is a statement's `sql` span with `method = "fetch"` (see
        /// [`crate::trace`]), from the first poll to the stream's end or drop.
        pub fn fetch<'a, Q: SqlFor<Postgres>>(
            &'a self,
            query: &'a Q,
        ) -> impl Stream<Item = Result<Q::Row>> + 'a {
            let rows = self.session().fetch(query);
            crate::trace::TracedRows::new("postgresql", Q::NAME, query.sql(), rows)
        }
    };
}

mod replicated;
mod session;
mod transaction;

use crate::batch::Many;
use crate::transaction::FailureSlot;
pub use replicated::{ReplicaOptions, Replicated, Server};
use session::Session;
pub use transaction::Transaction;
use transaction::{run_many_in, Scope};

impl Connection {
    session_methods!();

    /// Connects without TLS, e.g. to `postgres://user:password@localhost:5432/db`, and spawns
    /// the task that drives the connection on the current Tokio runtime.
    ///
    /// That task ends when the connection closes; if the connection fails, it logs the error
    /// as a `tracing` event at `ERROR` level, and the statements that were waiting on the
    /// connection fail with it. Called outside a Tokio runtime, it returns an error
    /// ([`Error::Usage`], saying so) instead of connecting.
    ///
    /// For TLS, connect with `tokio_postgres::connect(url, tls_connector)`, spawn its
    /// connection yourself, and wrap the client with [`Connection::from_driver`].
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_config(&url.parse()?).await
    }

    /// [`Connection::connect`] with the settings parsed already.
    pub(crate) async fn connect_config(config: &::tokio_postgres::Config) -> Result<Self> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            Error::Usage(
                "no Tokio runtime to drive the connection: call `Connection::connect` \
                 from a task of a Tokio runtime (e.g. under `#[tokio::main]`)"
                    .to_owned(),
            )
        })?;
        let (client, connection) = config.connect(NoTls).await?;
        runtime.spawn(async move {
            if let Err(error) = connection.await {
                tracing::error!(error = %Error::from(error), "the PostgreSQL connection failed");
            }
        });
        Ok(Self::from_driver(client))
    }

    /// Wraps a client connected by the caller, e.g. over TLS (`postgres-native-tls`,
    /// `postgres-openssl`, `tokio-postgres-rustls`); the caller spawns its connection task.
    pub fn from_driver(client: Client) -> Self {
        Self::from_handle(Box::new(client))
    }

    /// Wraps a pool's connection that holds a client one wrapper deep, e.g. a
    /// `deadpool_postgres::Object` (which derefs to `deadpool_postgres::ClientWrapper`, which
    /// derefs to `tokio_postgres::Client`). The connection goes back to its pool when the
    /// `Connection` is dropped.
    ///
    /// A pool whose connection derefs to the client directly (bb8's `PooledConnection`)
    /// fits once boxed: `Connection::from_pooled(Box::new(pooled))`.
    ///
    /// The statement cache belongs to the `Connection`, so a statement is prepared once per
    /// checkout, not once per pooled connection.
    pub fn from_pooled<P>(pooled: P) -> Self
    where
        P: DerefMut + Send + Sync + 'static,
        P::Target: DerefMut<Target = Client>,
    {
        Self::from_handle(Box::new(Pooled(pooled)))
    }

    fn from_handle(client: Box<dyn ClientHandle>) -> Self {
        Connection {
            client,
            prepared: StatementCache::default(),
            failure: FailureSlot::default(),
        }
    }

    /// The `tokio-postgres` client, for what sqlmint does not cover.
    pub fn driver(&self) -> &Client {
        self.client.client()
    }

    /// Gives back the `tokio-postgres` client the connection was made with; a pooled one
    /// ([`Connection::from_pooled`]) belongs to its pool, and comes back as the `Err`.
    pub fn into_driver(self) -> std::result::Result<Client, Self> {
        let Connection {
            client,
            prepared,
            failure,
        } = self;
        client.into_client().map_err(|client| Connection {
            client,
            prepared,
            failure,
        })
    }

    /// Whether the connection to the server has closed (after an error, or the server's
    /// shutdown); a closed connection fails every statement.
    pub fn is_closed(&self) -> bool {
        self.driver().is_closed()
    }

    /// Every table of the current schema, with columns and foreign keys, as the catalog has
    /// them: what `verify::Inspect::live_tables` reads on a synchronous connection.
    pub async fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        let client = self.driver();
        let columns = client.query(crate::pg::CATALOG_COLUMNS, &[]).await?;
        let keys = client.query(crate::pg::CATALOG_FOREIGN_KEYS, &[]).await?;
        crate::pg::live_tables(&columns, &keys)
    }

    /// Compares `schema` (a `schema!`'s `db::SCHEMA`) with the database and reports every
    /// difference: `conn.verify(&db::SCHEMA).await?` does what `db::verify(&conn)?` does on a
    /// synchronous connection.
    pub async fn verify(
        &self,
        schema: &crate::verify::SchemaInfo,
    ) -> Result<crate::verify::Report> {
        let live = self.live_tables().await?;
        Ok(crate::verify::compare::<Postgres>(schema, &live))
    }

    /// Runs one prepared statement once per item, in one transaction, and returns the summed
    /// rowcount; a failing item rolls back them all. It takes `&mut self` because it opens a
    /// transaction.
    ///
    /// An `INSERT ... VALUES` of one row (a table's `New...` struct, or a `query!` of that
    /// form) inserts the items as a few statements of many rows each (see
    /// [`crate::batch`]). Any other statement's items are pipelined: up to 64 run on the
    /// connection at a time, so their round trips overlap.
    ///
    /// Inside a transaction begun with SQL (`BEGIN` through [`Connection::execute_batch`]) it
    /// runs in a savepoint of that transaction and leaves it open. There, a future dropped
    /// before it finishes leaves the savepoint open (to be rolled back with the transaction).
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let many = crate::trace::Traced::new("postgresql", Q::NAME, Q::SQL, "execute_many")
            .run_async(
                |many: &Many<Q::Row>| many.count,
                self.run_many(items, false),
            )
            .await?;
        Ok(many.count)
    }

    /// Runs one statement once per item, as [`Connection::execute_many`] does (all or
    /// nothing, an `INSERT ... VALUES` batched, anything else pipelined), and reads the rows
    /// of every item, in item order: `conn.fetch_many(new_posts.iter().map(NewPost::returning))`
    /// inserts the posts and reads them back as stored, their generated keys in the order of
    /// `new_posts`.
    pub async fn fetch_many<Q, I>(&mut self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let many = crate::trace::Traced::new("postgresql", Q::NAME, Q::SQL, "fetch_many")
            .run_async(
                |many: &Many<Q::Row>| many.rows.len() as u64,
                self.run_many(items, true),
            )
            .await?;
        Ok(many.rows)
    }

    async fn run_many<Q, I>(&mut self, items: I, read_rows: bool) -> Result<Many<Q::Row>>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Many::default());
        };
        if !self.in_transaction().await? {
            let tx = self.begin_unchecked(TransactionOptions::new()).await?;
            return run_many_in(tx, items, read_rows).await;
        }
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

    /// Starts a transaction (`BEGIN`). Commit it with [`Transaction::commit`]; one dropped
    /// without [`Transaction::commit`] or [`Transaction::rollback`] is rolled back (see
    /// [`Transaction`]).
    ///
    /// While a transaction begun with SQL (`BEGIN` through [`Connection::execute_batch`]) is
    /// open it is an [`Error::Usage`]: its `COMMIT` would commit that transaction. Knowing
    /// costs one round trip before the `BEGIN`.
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
        /// On PostgreSQL the retryable errors are serialization failures (40001) and
        /// deadlocks (40P01), which SERIALIZABLE and REPEATABLE READ transactions must
        /// expect:
        ///
        /// ```no_run
        /// # use sqlmint_runtime::tokio_postgres::Connection;
        /// # use sqlmint_runtime::{IsolationLevel, RetryOptions, TransactionOptions};
        /// # async fn run(conn: &mut Connection) -> sqlmint_runtime::Result<()> {
        /// let serializable = TransactionOptions::new().isolation(IsolationLevel::Serializable);
        /// conn.transaction_with_retry(RetryOptions::new(), serializable, async |tx| {
        ///     tx.execute_batch("UPDATE account SET balance = balance - 10 WHERE id = 1")
        ///         .await?;
        ///     tx.execute_batch("UPDATE account SET balance = balance + 10 WHERE id = 2")
        ///         .await
        /// })
        /// .await
        /// # }
        /// ```
    }

    /// Whether the server has a transaction open on this connection (see
    /// `IN_TRANSACTION_PROBE` in the synchronous executor for how it is asked).
    async fn in_transaction(&self) -> Result<bool> {
        let sql = "SELECT transaction_timestamp() <> statement_timestamp()";
        tracing::debug!(target: TARGET, sql, "transaction");
        let messages = self.driver().simple_query(sql).await?;
        Ok(messages.iter().any(
            |message| matches!(message, SimpleQueryMessage::Row(row) if row.get(0) == Some("t")),
        ))
    }

    async fn begin_unchecked(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        tracing::debug!(target: TARGET, sql = %options.postgres_begin(), "transaction");
        let (isolation, read_only) = options.postgres_parts();
        let mut builder = self.client.client_mut().build_transaction();
        if let Some(level) = isolation {
            builder = builder.isolation_level(match level {
                IsolationLevel::ReadUncommitted => {
                    ::tokio_postgres::IsolationLevel::ReadUncommitted
                }
                IsolationLevel::ReadCommitted => ::tokio_postgres::IsolationLevel::ReadCommitted,
                IsolationLevel::RepeatableRead => ::tokio_postgres::IsolationLevel::RepeatableRead,
                IsolationLevel::Serializable => ::tokio_postgres::IsolationLevel::Serializable,
            });
        }
        if read_only {
            builder = builder.read_only(true);
        }
        let tx = builder.start().await?;
        self.failure.clear();
        Ok(Transaction {
            tx,
            prepared: &self.prepared,
            scope: Scope {
                depth: 1,
                savepoint: None,
                done: false,
                failure: &self.failure,
            },
        })
    }

    fn session(&self) -> Session<'_> {
        Session {
            client: self.driver(),
            prepared: &self.prepared,
            abort: None,
        }
    }
}

/// What a [`Connection`] owns to reach its client: the client itself, or a pool's connection
/// holding one.
trait ClientHandle: Send + Sync {
    fn client(&self) -> &Client;
    fn client_mut(&mut self) -> &mut Client;
    /// The client itself, when this is one; a pool's connection comes back as it is.
    fn into_client(self: Box<Self>) -> std::result::Result<Client, Box<dyn ClientHandle>>;
}

impl ClientHandle for Client {
    fn client(&self) -> &Client {
        self
    }

    fn client_mut(&mut self) -> &mut Client {
        self
    }

    fn into_client(self: Box<Self>) -> std::result::Result<Client, Box<dyn ClientHandle>> {
        Ok(*self)
    }
}

/// A pooled connection that derefs to a wrapper that derefs to the client.
struct Pooled<P>(P);

impl<P> ClientHandle for Pooled<P>
where
    P: DerefMut + Send + Sync + 'static,
    P::Target: DerefMut<Target = Client>,
{
    fn client(&self) -> &Client {
        &self.0
    }

    fn client_mut(&mut self) -> &mut Client {
        &mut self.0
    }

    fn into_client(self: Box<Self>) -> std::result::Result<Client, Box<dyn ClientHandle>> {
        Err(self)
    }
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

    #[test]
    fn a_pooled_client_is_reached_through_both_wrappers() {
        fn accepts<P>()
        where
            P: DerefMut + Send + Sync + 'static,
            P::Target: DerefMut<Target = Client>,
        {
        }
        accepts::<Box<Box<Client>>>();
    }
}
