//! The asynchronous PostgreSQL executor, over `tokio-postgres`: the statements of the
//! synchronous executor with `.await`, on a connection that tasks can share.
//!
//! A [`Connection`] is `Send + Sync`: statements run through `&self`, so tasks holding an
//! `Arc<Connection>` pipeline their statements over the one connection. A transaction needs
//! the connection to itself, so [`Connection::begin`] takes `&mut self` (as
//! `tokio_postgres::Client::transaction` does): no other task's statement can slip into it.
//!
//! ```no_run
//! # use sqlmint_runtime::{Binder, Error, Postgres, Query, SqlFor};
//! # struct AddSandy;
//! # impl Query for AddSandy {
//! #     type Row = ();
//! #     fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> Result<(), Error> { Ok(()) }
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
use crate::pg::{as_refs, params, read_row};
use crate::query::{Postgres, SqlFor};
use crate::schema::{for_dialect, PerDialect};
use crate::Result;
use ::tokio_postgres::{Client, NoTls, Statement};
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use std::collections::HashMap;
use std::ops::DerefMut;
use std::sync::{Mutex, PoisonError};

const TARGET: &str = "sqlmint::sql";

/// A connection to a PostgreSQL server, shared by reference between tasks.
///
/// It owns a `tokio_postgres::Client`, or a pool's connection that holds one
/// ([`Connection::from_pooled`]); dropping the `Connection` drops what it owns, which for a
/// pooled connection returns it to its pool.
pub struct Connection {
    client: Box<dyn ClientHandle>,
    prepared: StatementCache,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("prepared", &self.prepared.len())
            .field("closed", &self.client().is_closed())
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
        pub async fn execute_ddl(&self, texts: &PerDialect) -> Result<()> {
            self.session()
                .execute_batch(for_dialect::<Postgres>(texts))
                .await
        }

        /// Runs a statement and returns how many rows it inserted, updated or deleted.
        pub async fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
            self.session().execute(query).await
        }

        /// Runs a query and reads every row.
        pub async fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
            self.session().fetch_all(query).await
        }

        /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
        pub async fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
            self.session()
                .fetch_optional(query)
                .await?
                .ok_or(Error::RowNotFound)
        }

        /// Runs a query and reads its first row, if any.
        pub async fn fetch_optional<Q: SqlFor<Postgres>>(
            &self,
            query: &Q,
        ) -> Result<Option<Q::Row>> {
            self.session().fetch_optional(query).await
        }

        /// The rows of a query as a stream, each read when it is polled; nothing is sent to
        /// the server before the first poll. Dropping the stream early discards the rest.
        ///
        /// The stream is not `Unpin`: pin it (`std::pin::pin!`) before calling
        /// `futures_util::TryStreamExt::try_next` on it.
        pub fn fetch<'a, Q: SqlFor<Postgres>>(
            &'a self,
            query: &'a Q,
        ) -> impl Stream<Item = Result<Q::Row>> + 'a {
            self.session().fetch(query)
        }
    };
}

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
    /// connection yourself, and wrap the client with [`Connection::from_client`].
    pub async fn connect(url: &str) -> Result<Self> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            Error::Usage(
                "no Tokio runtime to drive the connection: call `Connection::connect` \
                 from a task of a Tokio runtime (e.g. under `#[tokio::main]`)"
                    .to_owned(),
            )
        })?;
        let (client, connection) = ::tokio_postgres::connect(url, NoTls).await?;
        runtime.spawn(async move {
            if let Err(error) = connection.await {
                tracing::error!(error = %Error::from(error), "the PostgreSQL connection failed");
            }
        });
        Ok(Self::from_client(client))
    }

    /// Wraps a client connected by the caller, e.g. over TLS (`postgres-native-tls`,
    /// `postgres-openssl`, `tokio-postgres-rustls`); the caller spawns its connection task.
    pub fn from_client(client: Client) -> Self {
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
        }
    }

    /// The `tokio-postgres` client, for what sqlmint does not cover.
    pub fn client(&self) -> &Client {
        self.client.client()
    }

    /// Whether the connection to the server has closed (after an error, or the server's
    /// shutdown); a closed connection fails every statement.
    pub fn is_closed(&self) -> bool {
        self.client().is_closed()
    }

    /// Runs one prepared statement once per item, in one transaction, and returns the summed
    /// rowcount; a failing item rolls back them all. It takes `&mut self` because it opens a
    /// transaction.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return Ok(0);
        }
        execute_many_in(self.begin().await?, items).await
    }

    /// Starts a transaction (`BEGIN`). Commit it with [`Transaction::commit`]; one dropped
    /// without [`Transaction::commit`] or [`Transaction::rollback`] is rolled back (see
    /// [`Transaction`]).
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        tracing::debug!(target: TARGET, sql = "BEGIN", "transaction");
        let tx = self.client.client_mut().transaction().await?;
        Ok(Transaction {
            tx,
            prepared: &self.prepared,
            scope: Scope {
                depth: 1,
                savepoint: None,
                done: false,
            },
        })
    }

    fn session(&self) -> Session<'_> {
        Session {
            client: self.client(),
            prepared: &self.prepared,
        }
    }
}

/// A transaction, or a savepoint inside one, on a [`Connection`]: everything a connection
/// runs, it runs inside the transaction.
///
/// Dropped without [`Transaction::commit`] or [`Transaction::rollback`] (an early return
/// through `?`, a panic, a cancelled future), it is rolled back: `ROLLBACK`, or
/// `ROLLBACK TO` its savepoint, is queued on the connection at once, without waiting for the
/// server (`Drop` cannot await). The next statement on the connection runs after that
/// rollback; the rollback's own failure, if any, is not reported.
pub struct Transaction<'c> {
    tx: ::tokio_postgres::Transaction<'c>,
    prepared: &'c StatementCache,
    scope: Scope,
}

impl std::fmt::Debug for Transaction<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("depth", &self.scope.depth)
            .field("savepoint", &self.scope.savepoint)
            .finish_non_exhaustive()
    }
}

impl Transaction<'_> {
    session_methods!();

    /// The `tokio-postgres` client, for what sqlmint does not cover; what runs on it runs
    /// inside the transaction.
    pub fn client(&self) -> &Client {
        self.tx.client()
    }

    /// Runs one prepared statement once per item, inside a savepoint, and returns the summed
    /// rowcount; a failing item rolls back them all, and only them.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return Ok(0);
        }
        execute_many_in(self.begin().await?, items).await
    }

    /// Starts a nested transaction: a savepoint, released by [`Transaction::commit`] and
    /// rolled back to by [`Transaction::rollback`] or on drop. The outer transaction is
    /// borrowed until the nested one ends.
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        let name = format!("sqlmint_{}", self.scope.depth);
        tracing::debug!(target: TARGET, sql = %format!("SAVEPOINT {name}"), "transaction");
        let tx = self.tx.savepoint(name.as_str()).await?;
        Ok(Transaction {
            tx,
            prepared: self.prepared,
            scope: Scope {
                depth: self.scope.depth + 1,
                savepoint: Some(name),
                done: false,
            },
        })
    }

    /// Commits the transaction (`COMMIT`), or releases the savepoint of a nested one.
    pub async fn commit(self) -> Result<()> {
        let Transaction { tx, mut scope, .. } = self;
        scope.done = true;
        let sql = scope
            .savepoint
            .as_ref()
            .map_or_else(|| "COMMIT".to_owned(), |s| format!("RELEASE SAVEPOINT {s}"));
        tracing::debug!(target: TARGET, sql = %sql, "transaction");
        Ok(tx.commit().await?)
    }

    /// Rolls the transaction back (`ROLLBACK`), or a nested one back to its savepoint, and
    /// waits for the server to confirm.
    pub async fn rollback(self) -> Result<()> {
        let Transaction { tx, mut scope, .. } = self;
        scope.done = true;
        tracing::debug!(target: TARGET, sql = %scope.rollback_sql(), "transaction");
        Ok(tx.rollback().await?)
    }

    fn session(&self) -> Session<'_> {
        Session {
            client: self.tx.client(),
            prepared: self.prepared,
        }
    }
}

/// Where a [`Transaction`] sits, and the echo of the rollback that `tokio-postgres` queues
/// when one is dropped unfinished.
struct Scope {
    depth: u32,
    savepoint: Option<String>,
    done: bool,
}

impl Scope {
    fn rollback_sql(&self) -> String {
        self.savepoint
            .as_ref()
            .map_or_else(|| "ROLLBACK".to_owned(), |s| format!("ROLLBACK TO {s}"))
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        if !self.done {
            tracing::debug!(target: TARGET, sql = %self.rollback_sql(), "transaction dropped");
        }
    }
}

/// Runs `items` with one prepared statement inside `tx`, committing it when all succeed;
/// on an error, `tx` is dropped and so rolled back.
async fn execute_many_in<Q, I>(tx: Transaction<'_>, items: I) -> Result<u64>
where
    Q: SqlFor<Postgres>,
    I: Iterator<Item = Q>,
{
    let session = tx.session();
    let statement = session.prepare::<Q>("execute_many").await?;
    let mut total = 0;
    for item in items {
        let params = params(&item)?;
        total += session
            .client
            .execute(&statement, &as_refs(&params))
            .await?;
    }
    tx.commit().await?;
    Ok(total)
}

/// What both a connection and a transaction run statements with: the client (a
/// `tokio_postgres::Transaction` runs its statements on its connection's client) and the
/// connection's statement cache.
#[derive(Clone, Copy)]
struct Session<'a> {
    client: &'a Client,
    prepared: &'a StatementCache,
}

impl<'a> Session<'a> {
    async fn execute_batch(self, sql: &str) -> Result<()> {
        tracing::debug!(target: TARGET, sql, params = 0usize, "execute_batch");
        Ok(self.client.batch_execute(sql).await?)
    }

    async fn execute<Q: SqlFor<Postgres>>(self, query: &Q) -> Result<u64> {
        let statement = self.prepare::<Q>("execute").await?;
        let params = params(query)?;
        Ok(self.client.execute(&statement, &as_refs(&params)).await?)
    }

    async fn fetch_all<Q: SqlFor<Postgres>>(self, query: &Q) -> Result<Vec<Q::Row>> {
        let statement = self.prepare::<Q>("fetch_all").await?;
        let params = params(query)?;
        let rows = self.client.query(&statement, &as_refs(&params)).await?;
        rows.iter().map(read_row::<Q::Row>).collect()
    }

    /// The first row only; the rest are discarded as they arrive, as on SQLite. A write's
    /// failure is not lost that way: PostgreSQL runs an `INSERT`, `UPDATE` or `DELETE` with
    /// `RETURNING` (and a `WITH` that writes) to completion before it sends the first row.
    async fn fetch_optional<Q: SqlFor<Postgres>>(self, query: &Q) -> Result<Option<Q::Row>> {
        let statement = self.prepare::<Q>("fetch_optional").await?;
        let params = params(query)?;
        let rows = self.client.query_raw(&statement, params.iter()).await?;
        let mut rows = std::pin::pin!(rows);
        match rows.try_next().await? {
            Some(row) => read_row::<Q::Row>(&row).map(Some),
            None => Ok(None),
        }
    }

    fn fetch<Q: SqlFor<Postgres>>(self, query: &'a Q) -> impl Stream<Item = Result<Q::Row>> + 'a {
        stream::once(async move {
            let statement = self.prepare::<Q>("fetch").await?;
            let params = params(query)?;
            let rows = self.client.query_raw(&statement, params.iter()).await?;
            Ok::<_, Error>(rows.map(|row| read_row::<Q::Row>(&row?)))
        })
        .try_flatten()
    }

    /// `Q`'s prepared statement, preparing it on first use.
    async fn prepare<Q: SqlFor<Postgres>>(self, method: &'static str) -> Result<Statement> {
        tracing::debug!(target: TARGET, sql = Q::SQL, method);
        if let Some(statement) = self.prepared.get(Q::SQL) {
            return Ok(statement);
        }
        let statement = self.client.prepare(Q::SQL).await?;
        self.prepared.insert(Q::SQL, statement.clone());
        Ok(statement)
    }
}

/// Prepared statements by SQL text. The lock is only ever held inside these methods, never
/// across an `.await`; two tasks preparing the same statement at once both prepare it, and
/// one of the two is kept.
#[derive(Default)]
struct StatementCache(Mutex<HashMap<&'static str, Statement>>);

impl StatementCache {
    fn get(&self, sql: &str) -> Option<Statement> {
        self.lock().get(sql).cloned()
    }

    fn insert(&self, sql: &'static str, statement: Statement) {
        self.lock().insert(sql, statement);
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// A panic while the lock was held cannot leave the map half-updated, so a poisoned lock
    /// is used as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, Statement>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a [`Connection`] owns to reach its client: the client itself, or a pool's connection
/// holding one.
trait ClientHandle: Send + Sync {
    fn client(&self) -> &Client;
    fn client_mut(&mut self) -> &mut Client;
}

impl ClientHandle for Client {
    fn client(&self) -> &Client {
        self
    }

    fn client_mut(&mut self) -> &mut Client {
        self
    }
}

/// A pooled connection that derefs to a wrapper that derefs to the client.
struct Pooled<P>(P);

impl<P> ClientHandle for Pooled<P>
where
    P: DerefMut + Send + Sync,
    P::Target: DerefMut<Target = Client>,
{
    fn client(&self) -> &Client {
        &self.0
    }

    fn client_mut(&mut self) -> &mut Client {
        &mut self.0
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
