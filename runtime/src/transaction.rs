//! Transactions, the same on every synchronous backend: `BEGIN` (a savepoint when one is
//! already open), `COMMIT` or `ROLLBACK`, and the bookkeeping that keeps a transaction the
//! database aborted from being reported as committed.

use crate::error::Error;
use std::cell::{Cell, RefCell};
use std::time::Duration;

const TARGET: &str = "sqlmint::sql";

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

/// A PostgreSQL isolation level (`BEGIN ISOLATION LEVEL ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED` (PostgreSQL runs it as `READ COMMITTED`).
    ReadUncommitted,
    /// `READ COMMITTED`, PostgreSQL's default.
    ReadCommitted,
    /// `REPEATABLE READ`.
    RepeatableRead,
    /// `SERIALIZABLE`: may fail with SQLSTATE 40001, which
    /// [`Error::is_retryable`] recognises.
    Serializable,
}

impl IsolationLevel {
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
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
/// PostgreSQL takes the isolation level and `READ ONLY`, and has no use for the behavior
/// (it locks rows, not the database).
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

    /// PostgreSQL: the transaction's isolation level.
    pub const fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }

    /// PostgreSQL: `READ ONLY`; a write inside fails with SQLSTATE 25006.
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
}

/// The first failure that aborted a transaction, kept so that `commit` and every later
/// statement can report it (the driver's errors are not `Clone`).
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    Sqlite(rusqlite::ffi::Error, Option<String>),
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    Postgres(Box<crate::error::DbError>),
    Other(String),
}

impl Failure {
    pub(crate) fn of(error: &Error) -> Failure {
        match error {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, message)) => {
                Failure::Sqlite(*e, message.clone())
            }
            #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
            Error::Postgres(e) if e.as_db_error().is_some() => match e.as_db_error() {
                Some(db) => Failure::Postgres(Box::new(db.clone())),
                None => Failure::Other(error.to_string()),
            },
            other => Failure::Other(other.to_string()),
        }
    }

    /// [`Error::TransactionAborted`] for this failure.
    pub(crate) fn aborted(&self) -> Error {
        let source: Box<dyn std::error::Error + Send + Sync> = match self {
            Failure::Sqlite(e, message) => {
                Box::new(rusqlite::Error::SqliteFailure(*e, message.clone()))
            }
            #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
            Failure::Postgres(db) => Box::new((**db).clone()),
            Failure::Other(message) => message.clone().into(),
        };
        Error::TransactionAborted { source }
    }

    /// The cause when the database ended a transaction and no statement of sqlmint's failed.
    pub(crate) fn unknown() -> Failure {
        Failure::Other("the database ended the transaction by itself".to_owned())
    }
}

/// A connection's open transactions: how many (savepoints counted), and the first failure
/// that aborted one, with the depth it happened at.
#[derive(Debug, Default)]
pub(crate) struct TransactionState {
    depth: Cell<u32>,
    failure: RefCell<Option<(u32, Failure)>>,
}

impl TransactionState {
    pub(crate) fn depth(&self) -> u32 {
        self.depth.get()
    }

    fn record(&self, depth: u32, failure: Failure) {
        let mut slot = self.failure.borrow_mut();
        if slot.is_none() {
            *slot = Some((depth, failure));
        }
    }

    /// The failure that aborted the transaction at `level` or one inside it.
    fn failure_from(&self, level: u32) -> Option<Failure> {
        match &*self.failure.borrow() {
            Some((depth, failure)) if *depth >= level => Some(failure.clone()),
            _ => None,
        }
    }

    /// Rolling back to the savepoint at `level` undoes the failures recorded inside it.
    fn forget_from(&self, level: u32) {
        let mut slot = self.failure.borrow_mut();
        if matches!(&*slot, Some((depth, _)) if *depth >= level) {
            *slot = None;
        }
    }
}

/// What a connection offers for transactions.
pub(crate) trait TransactionControl {
    /// Runs a transaction-control statement (`SAVEPOINT`, `ROLLBACK`, ...).
    fn control(&self, sql: &str) -> Result<(), Error>;
    /// The connection's transaction bookkeeping.
    fn state(&self) -> &TransactionState;
    /// Begins the outermost sqlmint transaction; when the database already has one open
    /// (begun outside sqlmint), opens savepoint `savepoint` in it instead and returns `true`.
    fn begin_outermost(&self, options: &TransactionOptions, savepoint: &str)
        -> Result<bool, Error>;
    /// Commits the outermost transaction; an aborted one is [`Error::TransactionAborted`].
    fn commit_outermost(&self) -> Result<(), Error>;
    /// Whether the database still has the transaction open: SQLite ends one by itself after
    /// some errors, and there is then nothing to roll back.
    fn transaction_open(&self) -> bool;
    /// Whether `error`, met inside a transaction, aborted it (at `level` and everything
    /// inside; `Some(1)` for the whole transaction).
    fn aborted_at(&self, error: &Error, depth: u32) -> Option<u32>;
}

/// Fails with [`Error::TransactionAborted`] when the transaction statements would run in
/// is aborted, so that none runs outside it.
fn check_open<C: TransactionControl>(conn: &C) -> Result<(), Error> {
    if let Some(failure) = conn.state().failure_from(1) {
        return Err(failure.aborted());
    }
    if !conn.transaction_open() {
        let failure = Failure::unknown();
        conn.state().record(1, failure.clone());
        return Err(failure.aborted());
    }
    Ok(())
}

/// Runs one statement on `conn`: refused when the transaction it would run in is aborted,
/// and its failure recorded when it aborts the transaction.
pub(crate) fn statement<C: TransactionControl, T>(
    conn: &C,
    run: impl FnOnce() -> Result<T, Error>,
) -> Result<T, Error> {
    let depth = conn.state().depth();
    if depth == 0 {
        return run();
    }
    check_open(conn)?;
    let result = run();
    if let Err(error) = &result {
        if let Some(level) = conn.aborted_at(error, depth) {
            conn.state().record(level, Failure::of(error));
        }
    }
    result
}

/// An open transaction or savepoint on `conn`: committed by [`Scope::commit`], rolled back
/// when dropped without it, including while a panic unwinds.
pub(crate) struct Scope<'c, C: TransactionControl> {
    conn: &'c C,
    /// The savepoint of a nested transaction; `None` for a `BEGIN`.
    savepoint: Option<String>,
    /// The connection's depth while this transaction is the innermost one.
    level: u32,
    done: bool,
}

impl<C: TransactionControl> std::fmt::Debug for Scope<'_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("depth", &self.level)
            .field("savepoint", &self.savepoint)
            .finish_non_exhaustive()
    }
}

impl<'c, C: TransactionControl> Scope<'c, C> {
    /// Begins a transaction, or a savepoint inside the one open.
    pub(crate) fn begin(conn: &'c C, options: TransactionOptions) -> Result<Self, Error> {
        let depth = conn.state().depth();
        let name = format!("sqlmint_{depth}");
        let nested = if depth > 0 {
            check_open(conn)?;
            options.check_nested()?;
            let sql = format!("SAVEPOINT {name}");
            tracing::debug!(target: TARGET, sql = %sql, "transaction");
            conn.control(&sql)?;
            true
        } else {
            conn.begin_outermost(&options, &name)?
        };
        conn.state().depth.set(depth.saturating_add(1));
        Ok(Scope {
            conn,
            savepoint: nested.then_some(name),
            level: depth.saturating_add(1),
            done: false,
        })
    }

    pub(crate) fn conn(&self) -> &'c C {
        self.conn
    }

    /// Commits (or releases the savepoint); an aborted transaction is rolled back and
    /// reported as [`Error::TransactionAborted`].
    pub(crate) fn commit(self) -> Result<(), Error> {
        let mut this = self;
        if this.conn.state().depth() != this.level {
            return Err(Error::Usage(
                "a transaction begun inside this one is still open: commit or roll it back first"
                    .to_owned(),
            ));
        }
        if let Some(failure) = this.conn.state().failure_from(this.level) {
            return Err(failure.aborted());
        }
        if !this.conn.transaction_open() {
            return Err(Failure::unknown().aborted());
        }
        match &this.savepoint {
            Some(s) => {
                let sql = format!("RELEASE SAVEPOINT {s}");
                tracing::debug!(target: TARGET, sql = %sql, "transaction");
                this.conn.control(&sql)?;
            }
            None => {
                tracing::debug!(target: TARGET, sql = "COMMIT", "transaction");
                this.conn.commit_outermost()?;
            }
        }
        this.done = true;
        Ok(())
    }

    /// Rolls back (or back to the savepoint) and reports the rollback's own failure.
    pub(crate) fn rollback(self) -> Result<(), Error> {
        let mut this = self;
        this.done = true;
        this.roll_back()
    }

    fn roll_back(&self) -> Result<(), Error> {
        if !self.conn.transaction_open() {
            tracing::debug!(target: TARGET, "transaction already rolled back by the database");
            return Ok(());
        }
        let sql = self.savepoint.as_ref().map_or_else(
            || "ROLLBACK".to_owned(),
            |s| format!("ROLLBACK TO SAVEPOINT {s}; RELEASE SAVEPOINT {s}"),
        );
        tracing::debug!(target: TARGET, sql = %sql, panicking = std::thread::panicking(), "transaction");
        self.conn.control(&sql)
    }
}

impl<C: TransactionControl> Drop for Scope<'_, C> {
    fn drop(&mut self) {
        if !self.done {
            if let Err(error) = self.roll_back() {
                tracing::warn!(target: TARGET, %error, "rollback failed");
            }
        }
        let state = self.conn.state();
        state.forget_from(self.level);
        state.depth.set(self.level.saturating_sub(1));
    }
}
