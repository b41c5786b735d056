//! How a transaction begins (SQLite's locking behavior, PostgreSQL's and MySQL's isolation
//! level and `READ ONLY`) and how a failed one is retried: one definition for every backend.

use crate::error::Error;
use crate::trace::TARGET;
use std::time::Duration;

/// How SQLite takes its locks at `BEGIN`.
///
/// A deferred transaction that reads and then writes must upgrade its lock, and under WAL
/// fails at once with `SQLITE_BUSY_SNAPSHOT` (517) when another connection wrote meanwhile;
/// an immediate one takes the write lock at `BEGIN`, where waiting (the busy timeout) works.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransactionBehavior {
    /// `BEGIN DEFERRED`: no lock until the first read or write (SQLite's default).
    #[default]
    Deferred,
    /// `BEGIN IMMEDIATE`: the write lock at once.
    Immediate,
    /// `BEGIN EXCLUSIVE`: the write lock at once, and (outside WAL) no readers either.
    Exclusive,
}

/// A PostgreSQL or MySQL isolation level (`BEGIN ISOLATION LEVEL ...`, MySQL's
/// `SET TRANSACTION ISOLATION LEVEL ...` before its `START TRANSACTION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED` (PostgreSQL runs it as `READ COMMITTED`).
    ReadUncommitted,
    /// `READ COMMITTED`, PostgreSQL's default (MySQL's is `REPEATABLE READ`).
    ReadCommitted,
    /// `REPEATABLE READ`.
    RepeatableRead,
    /// `SERIALIZABLE`: may fail with SQLSTATE 40001, which
    /// [`Error::is_retryable`] recognises.
    Serializable,
}

impl IsolationLevel {
    #[cfg(any(
        feature = "postgres",
        feature = "tokio-postgres",
        feature = "mysql",
        feature = "mysql-async"
    ))]
    fn sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// How to begin a transaction: one definition for every backend, each reading what it has.
///
/// SQLite takes the [`TransactionBehavior`]; its transactions are serializable, so an
/// isolation level asks for nothing more, and it refuses [`TransactionOptions::read_only`].
/// PostgreSQL and MySQL take the isolation level and `READ ONLY`, and have no use for the
/// behavior (they lock rows, not the database).
///
/// ```
/// use sqlmint_runtime::{IsolationLevel, TransactionOptions};
///
/// let sqlite = TransactionOptions::new().immediate();
/// let report = TransactionOptions::new()
///     .isolation(IsolationLevel::RepeatableRead)
///     .read_only();
/// # let _ = (sqlite, report);
/// ```
///
/// Options apply to an outermost transaction only: a nested one is a savepoint, which takes
/// none, so asking for any there is an [`Error::Usage`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TransactionOptions {
    behavior: TransactionBehavior,
    isolation: Option<IsolationLevel>,
    read_only: bool,
}

impl TransactionOptions {
    /// A plain `BEGIN`.
    pub const fn new() -> Self {
        TransactionOptions {
            behavior: TransactionBehavior::Deferred,
            isolation: None,
            read_only: false,
        }
    }

    /// SQLite: how to take locks at `BEGIN`.
    pub const fn behavior(mut self, behavior: TransactionBehavior) -> Self {
        self.behavior = behavior;
        self
    }

    /// SQLite: `BEGIN IMMEDIATE`.
    pub const fn immediate(self) -> Self {
        self.behavior(TransactionBehavior::Immediate)
    }

    /// SQLite: `BEGIN EXCLUSIVE`.
    pub const fn exclusive(self) -> Self {
        self.behavior(TransactionBehavior::Exclusive)
    }

    /// PostgreSQL and MySQL: the transaction's isolation level.
    pub const fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }

    /// PostgreSQL and MySQL: `READ ONLY`; a write inside fails (SQLSTATE 25006 on PostgreSQL,
    /// error 1792 on MySQL).
    pub const fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    fn is_plain(&self) -> bool {
        *self == TransactionOptions::new()
    }

    /// An error when options were asked for a transaction that is a savepoint.
    pub(crate) fn check_nested(&self) -> Result<(), Error> {
        if self.is_plain() {
            Ok(())
        } else {
            Err(Error::Usage(
                "transaction options apply to an outermost transaction only, and one is \
                 already open: begin without options, or set them on the outer transaction"
                    .to_owned(),
            ))
        }
    }

    /// SQLite's `BEGIN`.
    #[cfg(feature = "sqlite")]
    pub(crate) fn sqlite_begin(&self) -> Result<&'static str, Error> {
        if self.read_only {
            return Err(Error::Usage(
                "SQLite has no READ ONLY transactions: open the database read-only instead"
                    .to_owned(),
            ));
        }
        Ok(match self.behavior {
            TransactionBehavior::Deferred => "BEGIN",
            TransactionBehavior::Immediate => "BEGIN IMMEDIATE",
            TransactionBehavior::Exclusive => "BEGIN EXCLUSIVE",
        })
    }

    /// PostgreSQL's `BEGIN`.
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    pub(crate) fn postgres_begin(&self) -> String {
        let mut sql = String::from("BEGIN");
        if let Some(level) = self.isolation {
            sql.push_str(" ISOLATION LEVEL ");
            sql.push_str(level.sql());
        }
        if self.read_only {
            sql.push_str(" READ ONLY");
        }
        sql
    }

    /// MySQL's `SET TRANSACTION ISOLATION LEVEL` (for the next transaction only) when an
    /// isolation level is asked for, and its `START TRANSACTION`.
    #[cfg(any(feature = "mysql", feature = "mysql-async"))]
    pub(crate) fn mysql_begin(&self) -> (Option<String>, &'static str) {
        let isolation = self
            .isolation
            .map(|level| format!("SET TRANSACTION ISOLATION LEVEL {}", level.sql()));
        let begin = if self.read_only {
            "START TRANSACTION READ ONLY"
        } else {
            "START TRANSACTION"
        };
        (isolation, begin)
    }

    /// The options as `tokio-postgres`'s transaction builder takes them.
    #[cfg(feature = "tokio-postgres")]
    pub(crate) fn postgres_parts(&self) -> (Option<IsolationLevel>, bool) {
        (self.isolation, self.read_only)
    }
}

/// How `transaction_with_retry` retries: how many attempts in all, and how long it waits
/// between them (doubling from `initial_backoff` up to `max_backoff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryOptions {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions::new()
    }
}

impl RetryOptions {
    /// Five attempts, waiting 10 ms, 20 ms, 40 ms and 80 ms between them.
    pub const fn new() -> Self {
        RetryOptions {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(1),
        }
    }

    /// How many attempts in all, the first included (at least one).
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The wait after the first failed attempt, doubled after each one up to `max`.
    pub const fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The wait before attempt `attempt + 1` (1-based), with up to a quarter of it added at
    /// random so that connections that collided do not collide again in step.
    pub(crate) fn wait_after(&self, attempt: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let wait = doubled.min(self.max_backoff);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        wait + wait / 4 * (nanos % 1000) / 1000
    }

    /// Runs `attempt` until it succeeds, fails with an error that is not
    /// [retryable](Error::is_retryable), or has run `max_attempts` times.
    pub(crate) fn run<T>(&self, mut attempt: impl FnMut() -> Result<T, Error>) -> Result<T, Error> {
        let mut tries = 1;
        loop {
            match attempt() {
                Err(error) if error.is_retryable() && tries < self.max_attempts => {
                    let wait = self.wait_after(tries);
                    tracing::debug!(target: TARGET, %error, attempt = tries, ?wait, "retrying the transaction");
                    std::thread::sleep(wait);
                    tries += 1;
                }
                result => return result,
            }
        }
    }

    /// [`RetryOptions::run`] for the asynchronous executors: `attempt` is awaited, and the
    /// waits between attempts do not block the runtime's thread.
    #[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
    pub(crate) async fn run_async<T>(
        &self,
        mut attempt: impl AsyncFnMut() -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut tries = 1;
        loop {
            match attempt().await {
                Err(error) if error.is_retryable() && tries < self.max_attempts => {
                    let wait = self.wait_after(tries);
                    tracing::debug!(target: TARGET, %error, attempt = tries, ?wait, "retrying the transaction");
                    tokio::time::sleep(wait).await;
                    tries += 1;
                }
                result => return result,
            }
        }
    }
}
