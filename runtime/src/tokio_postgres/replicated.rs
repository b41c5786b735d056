//! Reads that scale out, with `.await`: the synchronous set's routing (one `Router`) over
//! asynchronous connections, shared between tasks.

use super::{Connection, Transaction};
use crate::error::Error;
use crate::query::{Postgres, SqlFor};
use crate::routing::Router;
use crate::schema::{for_dialect, PerDialect};
use crate::trace::TARGET;
use crate::{Result, TransactionOptions};
use ::tokio_postgres::Config;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

pub use crate::routing::{ReplicaOptions, Server};

/// A PostgreSQL primary and its read replicas, used as one asynchronous connection: the
/// routing of `sqlmint::postgres::Replicated` (see `docs/book/src/backends/replicas.md`), with `.await`.
///
/// A statement `query!` checked as a `SELECT` run through `fetch_all`, `fetch_one` or
/// `fetch_optional` goes to the replicas in turn; everything else, streams
/// ([`Replicated::fetch`]) and transactions ([`Replicated::begin`], which takes `&mut self`
/// as on a [`Connection`]) go to the primary. A replica whose connection fails is left out
/// for [`ReplicaOptions::retry_after`] and the read runs on the next server; a SQL error is
/// returned as it is.
///
/// The set is `Send + Sync`: tasks share it through an `Arc`. Two tasks that find the same
/// replica down at once may both connect it; one connection is kept.
pub struct Replicated {
    primary: Connection,
    replicas: Vec<Replica>,
    router: Mutex<Router>,
    last_server: Mutex<Option<Server>>,
}

struct Replica {
    config: Config,
    /// `host:port`, for the log.
    name: String,
    connection: Mutex<Option<Arc<Connection>>>,
}

impl std::fmt::Debug for Replicated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let router = lock(&self.router);
        let replicas: Vec<(&str, bool)> = self
            .replicas
            .iter()
            .enumerate()
            .map(|(index, replica)| (replica.name.as_str(), !router.is_down(index)))
            .collect();
        f.debug_struct("Replicated")
            .field("primary", &self.primary)
            .field("replicas", &replicas)
            .finish_non_exhaustive()
    }
}

/// Locks `mutex`, poisoned or not: what it guards is routing state that a panic cannot leave
/// half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `$run` (an `.await`ing expression of `$connection: &Connection`) on the server the
/// router picks for `$query`, as the synchronous set's `route` does. A macro, not a method
/// taking an async closure: the future of a closure over a borrowed connection is not `Send`
/// for every lifetime, which a task spawned on a multi-threaded runtime needs.
macro_rules! route {
    ($set:expr, $query:ty, |$connection:ident| $run:expr) => {{
        let set: &Replicated = $set;
        if !<$query as SqlFor<Postgres>>::READ_ONLY {
            let $connection: &Connection = &set.primary;
            let result = $run;
            set.wrote();
            return result;
        }
        let now = Instant::now();
        let candidates = lock(&set.router).replicas_for(true, false, now);
        for index in candidates {
            let Some(replica) = set.replica(index, now).await else {
                continue;
            };
            let $connection: &Connection = &replica;
            match $run {
                Err(error) if error.is_connection_failure() || replica.is_closed() => {
                    set.mark_down(index, &error, now);
                }
                result => {
                    *lock(&set.last_server) = Some(Server::Replica(index));
                    return result;
                }
            }
        }
        *lock(&set.last_server) = Some(Server::Primary);
        let $connection: &Connection = &set.primary;
        $run
    }};
}

impl Replicated {
    /// Connects without TLS to the primary and the replicas, spawning their connection tasks
    /// on the current Tokio runtime. Fails when a URL does not parse or the primary cannot be
    /// connected; a replica that cannot be is left out until its back-off passes.
    pub async fn connect<I>(
        primary_url: &str,
        replica_urls: I,
        options: ReplicaOptions,
    ) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let config = |url: &str| -> Result<Config> {
            let mut config: Config = url.parse()?;
            if let (None, Some(timeout)) = (config.get_connect_timeout(), options.connect_timeout) {
                config.connect_timeout(timeout);
            }
            Ok(config)
        };
        let primary = Connection::connect_config(&config(primary_url)?).await?;
        let replicas = replica_urls
            .into_iter()
            .map(|url| {
                let config = config(url.as_ref())?;
                Ok(Replica {
                    name: server_name(&config),
                    config,
                    connection: Mutex::new(None),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let set = Replicated {
            primary,
            router: Mutex::new(Router::new(replicas.len(), options)),
            replicas,
            last_server: Mutex::new(None),
        };
        let now = Instant::now();
        for index in 0..set.replicas.len() {
            set.replica(index, now).await;
        }
        Ok(set)
    }

    /// The primary's connection.
    pub fn primary(&self) -> &Connection {
        &self.primary
    }

    /// The server that ran the set's last statement; `None` before the first.
    pub fn last_server(&self) -> Option<Server> {
        *lock(&self.last_server)
    }

    /// How many replicas the set was built with, up or down.
    pub fn replica_count(&self) -> usize {
        self.replicas.len()
    }

    /// Runs `;`-separated statements without parameters (DDL) on the primary.
    pub async fn execute_batch(&self, sql: &str) -> Result<()> {
        let result = self.primary.execute_batch(sql).await;
        self.wrote();
        result
    }

    /// Runs the PostgreSQL text of a schema's `CREATE_ALL` or `DROP_ALL` on the primary.
    pub async fn execute_ddl(&self, texts: &PerDialect<&'static str>) -> Result<()> {
        self.execute_batch(for_dialect::<Postgres, _>(texts)).await
    }

    /// Runs a statement on the primary and returns how many rows it changed.
    pub async fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
        let result = self.primary.execute(query).await;
        self.wrote();
        result
    }

    /// Runs one prepared statement per item on the primary, in one transaction.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let result = self.primary.execute_many(items).await;
        self.wrote();
        result
    }

    /// Runs one statement once per item on the primary and reads the rows of every item, as
    /// [`Connection::fetch_many`](super::Connection::fetch_many): writes, with their
    /// `RETURNING` rows.
    pub async fn fetch_many<Q, I>(&mut self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let result = self.primary.fetch_many(items).await;
        self.wrote();
        result
    }

    /// Runs a query and reads every row: on a replica when it is a read.
    pub async fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        route!(self, Q, |connection| connection.fetch_all(query).await)
    }

    /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none.
    pub async fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
        self.fetch_optional(query).await?.ok_or(Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any: on a replica when it is a read.
    pub async fn fetch_optional<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        route!(self, Q, |connection| connection.fetch_optional(query).await)
    }

    /// The rows of a query as a stream, from the primary: a stream holds its connection
    /// while it lives, and a replica's connection is one the set may have to drop.
    pub fn fetch<'a, Q: SqlFor<Postgres>>(
        &'a self,
        query: &'a Q,
    ) -> impl futures_util::stream::Stream<Item = Result<Q::Row>> + 'a {
        *lock(&self.last_server) = Some(Server::Primary);
        if !Q::READ_ONLY {
            self.wrote();
        }
        self.primary.fetch(query)
    }

    /// Begins a transaction on the primary; the read-your-writes window counts from here.
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        self.begin_with(TransactionOptions::new()).await
    }

    /// [`Replicated::begin`] with `options`.
    pub async fn begin_with(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        self.wrote();
        self.primary.begin_with(options).await
    }

    /// A statement that may write ran on the primary.
    fn wrote(&self) {
        *lock(&self.last_server) = Some(Server::Primary);
        lock(&self.router).wrote(Instant::now());
    }

    /// Replica `index`'s connection, connected first when it has none or it closed; `None`,
    /// with the replica marked down, when it cannot be connected or is not a replica.
    async fn replica(&self, index: usize, now: Instant) -> Option<Arc<Connection>> {
        let replica = self.replicas.get(index)?;
        let open = lock(&replica.connection).clone();
        if let Some(connection) = open.filter(|c| !c.is_closed()) {
            return Some(connection);
        }
        match self.connect_replica(replica).await {
            Ok(connection) => {
                tracing::debug!(target: TARGET, replica = %replica.name, "replica connected");
                let connection = Arc::new(connection);
                *lock(&replica.connection) = Some(Arc::clone(&connection));
                lock(&self.router).recovered(index);
                Some(connection)
            }
            Err(error) => {
                self.mark_down(index, &error, now);
                None
            }
        }
    }

    async fn connect_replica(&self, replica: &Replica) -> Result<Connection> {
        let connection = Connection::connect_config(&replica.config).await?;
        if lock(&self.router).options().check_recovery {
            let in_recovery: bool = connection
                .driver()
                .query_one("SELECT pg_is_in_recovery()", &[])
                .await?
                .try_get(0)?;
            if !in_recovery {
                return Err(Error::Usage(format!(
                    "{} is not in recovery (a promoted replica, or a primary's URL among the \
                     replicas'); it is not used as a replica",
                    replica.name
                )));
            }
        }
        Ok(connection)
    }

    fn mark_down(&self, index: usize, error: &Error, now: Instant) {
        let Some(replica) = self.replicas.get(index) else {
            return;
        };
        let mut router = lock(&self.router);
        tracing::warn!(
            target: TARGET,
            replica = %replica.name,
            %error,
            back_off = ?router.options().retry_after,
            "replica left out of the set"
        );
        *lock(&replica.connection) = None;
        router.failed(index, now);
    }
}

/// `host:port` of the first host of `config`, for the log.
fn server_name(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(::tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(::tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}
