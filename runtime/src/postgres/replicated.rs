//! Reads that scale out: one primary and its streaming replicas behind one executor, which
//! sends each statement `query!` checked as a read to a replica and everything else to the
//! primary, because the statement says which it is at compile time.

use super::{Connection, Cursor, Transaction};
use crate::error::Error;
use crate::query::{Postgres, SqlFor};
use crate::routing::Router;
use crate::trace::TARGET;
use crate::{Result, RetryOptions, TransactionOptions};
use ::postgres::tls::{MakeTlsConnect, TlsConnect};
use ::postgres::{Client, Config, NoTls, Socket};
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::time::Instant;

pub use crate::routing::{ReplicaOptions, Server};

/// Connects to one server of the set: the caller's TLS connector, or none.
type Connector = Box<dyn Fn(&Config) -> Result<Client, ::postgres::Error> + Send>;

/// A PostgreSQL primary and its read replicas, used as one connection.
///
/// A statement goes to the primary unless it is a read: a statement `query!` checked as a
/// `SELECT` ([`SqlFor::READ_ONLY`]) run through [`Replicated::fetch_all`],
/// [`Replicated::fetch_one`] or [`Replicated::fetch_optional`] goes to the replicas in turn
/// (round robin). Writes (`execute`, `execute_many`, `execute_batch`, an `INSERT ...
/// RETURNING` read through `fetch_*`), hand-written statements that do not declare
/// `READ_ONLY`, lazy cursors ([`Replicated::fetch`]) and every statement of a transaction go
/// to the primary; so does a read while a transaction begun with [`Replicated::begin`] is
/// open, and, with [`ReplicaOptions::read_your_writes`], every read for a while after a
/// write.
///
/// A replica whose connection fails (see [`Error::is_connection_failure`]; a SQL error is
/// returned as it is) is left out for [`ReplicaOptions::retry_after`] and the read runs on
/// the next replica, then on the primary, so the caller sees no error; the first read after
/// the back-off connects it again. An error of the primary is returned.
///
/// Methods take `&self`, as on [`Connection`]; the set is `Send` but not `Sync`. A replica
/// serves reads as of its replay position, which may lag the primary; reads that must see a
/// write the same session just made want read-your-writes.
///
/// ```no_run
/// use sqlmint_runtime::postgres::{ReplicaOptions, Replicated};
/// use std::time::Duration;
///
/// # fn main() -> sqlmint_runtime::Result<()> {
/// let db = Replicated::connect(
///     "postgres://app@primary.internal/app",
///     ["postgres://app@replica-1.internal/app", "postgres://app@replica-2.internal/app"],
///     ReplicaOptions::new().read_your_writes(Duration::from_secs(2)),
/// )?;
/// // Statements run as on a `Connection`; generic code takes it as an `Executor`.
/// db.execute_batch("CREATE TABLE IF NOT EXISTS note (id SERIAL PRIMARY KEY, body TEXT)")?;
/// println!("served by {:?}", db.last_server());
/// # Ok(())
/// # }
/// ```
pub struct Replicated {
    primary: Connection,
    replicas: Vec<Replica>,
    router: RefCell<Router>,
    last_server: Cell<Option<Server>>,
    connector: Connector,
}

/// One replica: where it is, and its connection while it is up.
struct Replica {
    config: Config,
    /// `host:port`, for the log.
    name: String,
    connection: RefCell<Option<Connection>>,
}

impl std::fmt::Debug for Replicated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let router = self.router.try_borrow();
        let replicas: Vec<(&str, Option<bool>)> = self
            .replicas
            .iter()
            .enumerate()
            .map(|(index, replica)| {
                let up = router.as_ref().ok().map(|router| !router.is_down(index));
                (replica.name.as_str(), up)
            })
            .collect();
        f.debug_struct("Replicated")
            .field("primary", &self.primary)
            .field("replicas", &replicas)
            .field("last_server", &self.last_server.get())
            .finish_non_exhaustive()
    }
}

impl Replicated {
    /// Connects without TLS to the primary at `primary_url` and to the replicas at
    /// `replica_urls`, e.g. `postgres://user:password@replica-1:5432/db`.
    ///
    /// Fails when a URL does not parse or the primary cannot be connected; a replica that
    /// cannot be connected is logged, left out for [`ReplicaOptions::retry_after`], and
    /// tried again after it.
    pub fn connect<I>(primary_url: &str, replica_urls: I, options: ReplicaOptions) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::with_connector(
            primary_url,
            replica_urls,
            options,
            Box::new(|config| config.connect(NoTls)),
        )
    }

    /// [`Replicated::connect`] through a TLS connector (`postgres-native-tls`,
    /// `postgres-openssl`), cloned for each connection the set makes.
    pub fn connect_tls<I, T>(
        primary_url: &str,
        replica_urls: I,
        options: ReplicaOptions,
        tls: T,
    ) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
        T: MakeTlsConnect<Socket> + Clone + Send + 'static,
        T::TlsConnect: Send,
        T::Stream: Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        Self::with_connector(
            primary_url,
            replica_urls,
            options,
            Box::new(move |config| config.connect(tls.clone())),
        )
    }

    fn with_connector<I>(
        primary_url: &str,
        replica_urls: I,
        options: ReplicaOptions,
        connector: Connector,
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
        let primary = Connection::from_driver(connector(&config(primary_url)?)?);
        let replicas = replica_urls
            .into_iter()
            .map(|url| {
                let config = config(url.as_ref())?;
                Ok(Replica {
                    name: server_name(&config),
                    config,
                    connection: RefCell::new(None),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let set = Replicated {
            primary,
            router: RefCell::new(Router::new(replicas.len(), options)),
            replicas,
            last_server: Cell::new(None),
            connector,
        };
        set.check_replicas();
        Ok(set)
    }

    /// The primary's connection, for what must run there whatever it is.
    pub fn primary(&self) -> &Connection {
        &self.primary
    }

    /// The primary's connection back; the replicas' are closed.
    pub fn into_primary(self) -> Connection {
        self.primary
    }

    /// The primary's client, as [`Connection::driver`].
    pub fn driver(&self) -> Result<RefMut<'_, Client>> {
        self.primary.driver()
    }

    /// The server that ran the set's last statement (a transaction counts as one); `None`
    /// before the first.
    pub fn last_server(&self) -> Option<Server> {
        self.last_server.get()
    }

    /// How many replicas the set was built with, up or down.
    pub fn replica_count(&self) -> usize {
        self.replicas.len()
    }

    /// Checks every replica now rather than at its next read: a connected one is asked
    /// `SELECT 1` (marked down when its connection fails), one down past its back-off is
    /// connected again. Returns how many are up, for a health endpoint or a periodic check.
    pub fn check_replicas(&self) -> usize {
        let now = Instant::now();
        (0..self.replicas.len())
            .filter(|&index| {
                if !self.router.borrow().usable(index, now) {
                    return false;
                }
                let Some(connection) = self.replica(index, now) else {
                    return false;
                };
                let alive = connection.execute_batch("SELECT 1");
                drop(connection);
                // A SQL error from `SELECT 1` would not mean the replica is down.
                !matches!(alive, Err(error) if self.lost(index, &error, now))
            })
            .count()
    }

    /// Runs `;`-separated statements without parameters (DDL) on the primary.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        self.on_primary(|primary| primary.execute_batch(sql))
    }

    /// Runs a statement on the primary and returns how many rows it inserted, updated or
    /// deleted.
    pub fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
        self.on_primary(|primary| primary.execute(query))
    }

    /// Runs one prepared statement once per item on the primary, in one transaction, as
    /// [`Connection::execute_many`].
    pub fn execute_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<u64> {
        self.on_primary(|primary| primary.execute_many(items))
    }

    /// Runs one statement once per item on the primary and reads the rows of every item, as
    /// [`Connection::fetch_many`]: writes, with their `RETURNING` rows.
    pub fn fetch_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<Vec<Q::Row>> {
        self.on_primary(|primary| primary.fetch_many(items))
    }

    /// Runs a query and reads every row: on a replica when it is a read.
    pub fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        self.route::<Q, _>(|connection| connection.fetch_all(query))
    }

    /// Runs a query and reads its first row: [`Error::RowNotFound`] when there is none. On a
    /// replica when it is a read.
    pub fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
        self.fetch_optional(query)?.ok_or(Error::RowNotFound)
    }

    /// Runs a query and reads its first row, if any: on a replica when it is a read.
    pub fn fetch_optional<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        self.route::<Q, _>(|connection| connection.fetch_optional(query))
    }

    /// Prepares a query on the primary to read its rows lazily, as [`Connection::fetch`].
    ///
    /// Always the primary: a cursor holds its connection while it lives, and a replica's
    /// connection is one the set may have to drop and make again in the meantime. Read
    /// through [`Replicated::fetch_all`] to read from a replica.
    pub fn fetch<'c, Q: SqlFor<Postgres>>(&'c self, query: &'c Q) -> Result<Cursor<'c, Q>> {
        if Q::READ_ONLY {
            self.last_server.set(Some(Server::Primary));
            self.primary.fetch(query)
        } else {
            // An `INSERT ... RETURNING` read lazily is a write all the same.
            self.on_primary(|primary| primary.fetch(query))
        }
    }

    /// Runs `f` in a transaction on the primary, as [`Connection::transaction`]: every
    /// statement of `f` runs there, reads included.
    pub fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E>,
        E: From<Error>,
    {
        self.on_primary(|primary| primary.transaction(f))
    }

    /// [`Replicated::transaction`] begun with `options`, as [`Connection::transaction_with`].
    pub fn transaction_with<T, E, F>(&self, options: TransactionOptions, f: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E>,
        E: From<Error>,
    {
        self.on_primary(|primary| primary.transaction_with(options, f))
    }

    /// [`Replicated::transaction_with`] retried, as [`Connection::transaction_with_retry`].
    pub fn transaction_with_retry<T, F>(
        &self,
        retry: RetryOptions,
        options: TransactionOptions,
        f: F,
    ) -> Result<T>
    where
        F: FnMut(&Transaction<'_>) -> Result<T>,
    {
        self.on_primary(|primary| primary.transaction_with_retry(retry, options, f))
    }

    /// Begins a transaction on the primary, as [`Connection::begin`]. While it is open, reads
    /// through the set go to the primary too (they run inside it, as on a `Connection`); the
    /// read-your-writes window counts from when it was begun.
    pub fn begin(&self) -> Result<Transaction<'_>> {
        self.on_primary(|primary| primary.begin())
    }

    /// [`Replicated::begin`] with `options`.
    pub fn begin_with(&self, options: TransactionOptions) -> Result<Transaction<'_>> {
        self.on_primary(|primary| primary.begin_with(options))
    }

    /// Runs what may write on the primary, then starts the read-your-writes window, even when
    /// it failed: a failed batch may have run some of its statements.
    fn on_primary<'s, T>(&'s self, run: impl FnOnce(&'s Connection) -> T) -> T {
        self.last_server.set(Some(Server::Primary));
        let result = run(&self.primary);
        self.router.borrow_mut().wrote(Instant::now());
        result
    }

    /// Runs `Q` through `run` on the server the router picks: the replicas in turn for a
    /// read, the primary for anything else or when no replica can take it.
    fn route<Q: SqlFor<Postgres>, T>(&self, run: impl Fn(&Connection) -> Result<T>) -> Result<T> {
        if !Q::READ_ONLY {
            return self.on_primary(run);
        }
        let now = Instant::now();
        let in_transaction = self.primary.transactions.depth() > 0;
        let candidates = self
            .router
            .borrow_mut()
            .replicas_for(true, in_transaction, now);
        for index in candidates {
            let Some(connection) = self.replica(index, now) else {
                continue;
            };
            let result = run(&connection);
            drop(connection);
            match result {
                Err(error) if self.lost(index, &error, now) => {
                    tracing::debug!(target: TARGET, %error, "running the read on the next server");
                }
                result => {
                    self.last_server.set(Some(Server::Replica(index)));
                    return result;
                }
            }
        }
        self.last_server.set(Some(Server::Primary));
        run(&self.primary)
    }

    /// Replica `index`'s connection, connected first when it has none (at the start, or after
    /// a failure); `None`, with the replica marked down, when it cannot be connected or is
    /// not a replica.
    fn replica(&self, index: usize, now: Instant) -> Option<Ref<'_, Connection>> {
        let replica = self.replicas.get(index)?;
        let closed = match replica.connection.try_borrow() {
            Ok(connection) => match &*connection {
                Some(open) => open.driver().is_ok_and(|client| client.is_closed()),
                None => true,
            },
            // Only `replica` itself borrows it mutably, and not across a call to here.
            Err(_) => return None,
        };
        if closed {
            match self.connect_replica(replica) {
                Ok(connection) => {
                    tracing::debug!(target: TARGET, replica = %replica.name, "replica connected");
                    *replica.connection.try_borrow_mut().ok()? = Some(connection);
                    self.router.borrow_mut().recovered(index);
                }
                Err(error) => {
                    self.mark_down(index, &error, now);
                    return None;
                }
            }
        }
        Ref::filter_map(replica.connection.try_borrow().ok()?, Option::as_ref).ok()
    }

    fn connect_replica(&self, replica: &Replica) -> Result<Connection> {
        let connection = Connection::from_driver((self.connector)(&replica.config)?);
        if self.router.borrow().options().check_recovery {
            let in_recovery = connection
                .driver()?
                .query_one("SELECT pg_is_in_recovery()", &[])?
                .try_get::<_, bool>(0)?;
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

    /// Whether `error`, from replica `index`, means its connection is gone (then the replica
    /// is marked down and its connection dropped) rather than the statement failing.
    fn lost(&self, index: usize, error: &Error, now: Instant) -> bool {
        let closed = || {
            self.replicas[index]
                .connection
                .try_borrow()
                .is_ok_and(|connection| {
                    connection
                        .as_ref()
                        .is_some_and(|c| c.driver().is_ok_and(|client| client.is_closed()))
                })
        };
        if !error.is_connection_failure() && !closed() {
            return false;
        }
        self.mark_down(index, error, now);
        true
    }

    fn mark_down(&self, index: usize, error: &Error, now: Instant) {
        let Some(replica) = self.replicas.get(index) else {
            return;
        };
        let back_off = self.router.borrow().options().retry_after;
        tracing::warn!(
            target: TARGET,
            replica = %replica.name,
            %error,
            ?back_off,
            "replica left out of the set"
        );
        if let Ok(mut connection) = replica.connection.try_borrow_mut() {
            *connection = None;
        }
        self.router.borrow_mut().failed(index, now);
    }
}

/// `host:port` of the first host of `config`, for the log.
fn server_name(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(::postgres::config::Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(::postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

impl crate::executor::Executor for Replicated {
    type Dialect = Postgres;
    type Transaction<'t> = Transaction<'t>;

    fn execute_batch(&self, sql: &str) -> Result<()> {
        Replicated::execute_batch(self, sql)
    }

    fn execute<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<u64> {
        Replicated::execute(self, query)
    }

    fn execute_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<u64> {
        Replicated::execute_many(self, items)
    }

    fn fetch_many<Q: SqlFor<Postgres>, I: IntoIterator<Item = Q>>(
        &self,
        items: I,
    ) -> Result<Vec<Q::Row>> {
        Replicated::fetch_many(self, items)
    }

    fn fetch_all<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Vec<Q::Row>> {
        Replicated::fetch_all(self, query)
    }

    fn fetch_one<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Q::Row> {
        Replicated::fetch_one(self, query)
    }

    fn fetch_optional<Q: SqlFor<Postgres>>(&self, query: &Q) -> Result<Option<Q::Row>> {
        Replicated::fetch_optional(self, query)
    }

    fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E>,
        E: From<Error>,
    {
        Replicated::transaction(self, f)
    }
}

impl crate::verify::Inspect for Replicated {
    type Dialect = Postgres;

    /// The primary's tables.
    fn live_tables(&self) -> Result<Vec<crate::verify::LiveTable>> {
        crate::verify::Inspect::live_tables(&self.primary)
    }
}
