//! Transactions, the same on every synchronous backend: `BEGIN` (a savepoint when one is
//! already open), `COMMIT` or `ROLLBACK`, and the bookkeeping that keeps a transaction the
//! database aborted from being reported as committed. One [`Transaction`] type serves every
//! backend; what differs (how a backend begins, commits and learns of an abort) is its
//! [`Backend`] implementation.

mod options;

use crate::error::Error;
use crate::trace::TARGET;
use std::cell::{Cell, RefCell};
use std::ops::Deref;

pub use options::{IsolationLevel, RetryOptions, TransactionBehavior, TransactionOptions};

/// The first failure that aborted a transaction, kept so that `commit` and every later
/// statement can report it (the driver's errors are not `Clone`).
#[derive(Debug, Clone)]
pub(crate) enum Failure {
    #[cfg(feature = "sqlite")]
    Sqlite(rusqlite::ffi::Error, Option<String>),
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    Postgres(Box<crate::error::DbError>),
    #[cfg(feature = "mysql")]
    MySql(::mysql::MySqlError),
    #[cfg(feature = "mysql-async")]
    MySqlAsync(::mysql_async::ServerError),
    Other(String),
}

impl Failure {
    pub(crate) fn of(error: &Error) -> Failure {
        match error {
            #[cfg(feature = "sqlite")]
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, message)) => {
                Failure::Sqlite(*e, message.clone())
            }
            #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
            Error::Postgres(e) => match e.as_db_error() {
                Some(db) => Failure::Postgres(Box::new(db.clone())),
                None => Failure::Other(error.to_string()),
            },
            #[cfg(feature = "mysql")]
            Error::MySql(::mysql::Error::MySqlError(e)) => Failure::MySql(e.clone()),
            #[cfg(feature = "mysql-async")]
            Error::MySqlAsync(::mysql_async::Error::Server(e)) => Failure::MySqlAsync(e.clone()),
            other => Failure::Other(other.to_string()),
        }
    }

    /// [`Error::TransactionAborted`] for this failure.
    pub(crate) fn aborted(&self) -> Error {
        let source: Box<dyn std::error::Error + Send + Sync> = match self {
            #[cfg(feature = "sqlite")]
            Failure::Sqlite(e, message) => {
                Box::new(rusqlite::Error::SqliteFailure(*e, message.clone()))
            }
            #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
            Failure::Postgres(db) => Box::new((**db).clone()),
            #[cfg(feature = "mysql")]
            Failure::MySql(e) => Box::new(e.clone()),
            #[cfg(feature = "mysql-async")]
            Failure::MySqlAsync(e) => Box::new(e.clone()),
            Failure::Other(message) => message.clone().into(),
        };
        Error::TransactionAborted { source }
    }

    /// The cause when the database ended a transaction and no statement of sqlmint's failed.
    pub(crate) fn unknown() -> Failure {
        Failure::Other("the database ended the transaction by itself".to_owned())
    }
}

/// The first failure that aborted a transaction of an asynchronous connection, with the depth
/// it happened at: the asynchronous executors' [`TransactionState`]. The lock is never held
/// across an `.await`.
#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
#[derive(Default)]
pub(crate) struct FailureSlot(std::sync::Mutex<Option<(u32, Failure)>>);

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
impl FailureSlot {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u32, Failure)>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn clear(&self) {
        *self.lock() = None;
    }

    pub(crate) fn record(&self, depth: u32, error: &Error) {
        let mut slot = self.lock();
        if slot.is_none() {
            *slot = Some((depth, Failure::of(error)));
        }
    }

    /// The failure that aborted the transaction at `level` or one inside it.
    pub(crate) fn from(&self, level: u32) -> Option<Failure> {
        match &*self.lock() {
            Some((depth, failure)) if *depth >= level => Some(failure.clone()),
            _ => None,
        }
    }

    pub(crate) fn forget_from(&self, level: u32) {
        let mut slot = self.lock();
        if matches!(&*slot, Some((depth, _)) if *depth >= level) {
            *slot = None;
        }
    }
}

/// A connection's open transactions: how many (savepoints counted), and the first failure
/// that aborted one, with the depth it happened at.
///
/// Public only because [`Backend`] names it; nothing outside the crate can reach it.
#[derive(Debug, Default)]
pub struct TransactionState {
    depth: Cell<u32>,
    failure: RefCell<Option<(u32, Failure)>>,
}

impl TransactionState {
    /// How many transactions are open, savepoints counted.
    pub fn depth(&self) -> u32 {
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

/// What a synchronous connection offers for transactions. Implemented by the backends of
/// this crate only: the trait is public so that [`Transaction`] can name it, but not
/// reachable from outside the crate.
pub trait Backend {
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
fn check_open<C: Backend>(conn: &C) -> Result<(), Error> {
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

/// The next item of a result read lazily on `conn` (a PostgreSQL or MySQL cursor's rows):
/// `rows` is the running result, or the error that started it, and `None` once done; `step`
/// reads and decodes one row, `None` after the last. Each step runs as a statement of `conn`
/// (refused in an aborted transaction, its failure recorded), and the first error ends it.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) fn next_lazy_row<C: Backend, I, T>(
    conn: &C,
    rows: &mut Option<Result<I, Error>>,
    step: impl FnOnce(&mut I) -> Result<Option<T>, Error>,
) -> Option<Result<T, Error>> {
    let item = match rows.as_mut()? {
        Err(_) => match rows.take() {
            Some(Err(error)) => Err(error),
            _ => return None,
        },
        Ok(running) => statement(conn, || step(running)).transpose()?,
    };
    if item.is_err() {
        *rows = None;
    }
    Some(item)
}

/// Runs one statement on `conn`: refused when the transaction it would run in is aborted,
/// and its failure recorded when it aborts the transaction.
pub(crate) fn statement<C: Backend, T>(
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

/// Runs `f` in a transaction begun on `conn` with `options`: committed when `f` returns
/// `Ok`, rolled back when it returns `Err` or panics.
pub(crate) fn run<C: Backend, T, E, F>(conn: &C, options: TransactionOptions, f: F) -> Result<T, E>
where
    F: FnOnce(&Transaction<'_, C>) -> Result<T, E>,
    E: From<Error>,
{
    let tx = Transaction::begin(conn, options)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

/// [`run`], again while it fails with a retryable error; inside another transaction once,
/// since only the outermost transaction can be retried.
pub(crate) fn run_with_retry<C: Backend, T, F>(
    conn: &C,
    retry: RetryOptions,
    options: TransactionOptions,
    mut f: F,
) -> Result<T, Error>
where
    F: FnMut(&Transaction<'_, C>) -> Result<T, Error>,
{
    if conn.state().depth() > 0 {
        return run(conn, options, f);
    }
    retry.run(|| run(conn, options, &mut f))
}

/// An open transaction (a savepoint when nested) on a synchronous connection `C`, from its
/// `begin` or handed to the closure of its `transaction`; runs statements like the
/// connection it dereferences to.
///
/// Dropped without [`Transaction::commit`] (an early return, a panic), it is rolled back.
/// Inside a closure, return `Err` to roll back; the closure's transaction is committed by
/// the connection's `transaction` itself.
pub struct Transaction<'c, C: Backend> {
    conn: &'c C,
    /// The savepoint of a nested transaction; `None` for a `BEGIN`.
    savepoint: Option<String>,
    /// The connection's depth while this transaction is the innermost one.
    level: u32,
    done: bool,
}

impl<C: Backend> std::fmt::Debug for Transaction<'_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("depth", &self.level)
            .field("savepoint", &self.savepoint)
            .finish_non_exhaustive()
    }
}

impl<C: Backend> Deref for Transaction<'_, C> {
    type Target = C;

    fn deref(&self) -> &C {
        self.conn
    }
}

impl<'c, C: Backend> Transaction<'c, C> {
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
        Ok(Transaction {
            conn,
            savepoint: nested.then_some(name),
            level: depth.saturating_add(1),
            done: false,
        })
    }

    /// Commits the transaction (releases the savepoint of a nested one). One the database
    /// aborted (SQLite rolled it back by itself; PostgreSQL aborted it at an error) is
    /// [`Error::TransactionAborted`]; a failing `COMMIT` is rolled back and its error returned.
    pub fn commit(self) -> Result<(), Error> {
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

    /// Rolls the transaction back (a nested one back to its savepoint) and reports the
    /// rollback's own failure.
    pub fn rollback(self) -> Result<(), Error> {
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

impl<C: Backend> Drop for Transaction<'_, C> {
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

/// The transaction methods of a synchronous backend's `Connection`, written once: each
/// delegates to this module. `$transaction_doc` says how the backend aborts a transaction;
/// `$retry_doc` which of its errors are retried; `$begin_doc` is appended to `begin`'s docs
/// (an example, for a backend that needs no server).
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
macro_rules! transaction_methods {
    (
        transaction: [$(#[$transaction_doc:meta])*],
        retry: [$(#[$retry_doc:meta])*],
        begin: [$(#[$begin_doc:meta])*] $(,)?
    ) => {
        /// Runs `f` inside a transaction: commits when it returns `Ok`, rolls back when it
        /// returns `Err` or panics (the panic then carries on unwinding).
        ///
        /// Called inside another transaction (through the [`Transaction`] it hands to `f`,
        /// or while a transaction begun outside sqlmint is open), it opens a savepoint
        /// instead, so rolling back the inner transaction keeps the outer transaction's work.
        ///
        $(#[$transaction_doc])*
        pub fn transaction<T, E, F>(&self, f: F) -> ::std::result::Result<T, E>
        where
            F: FnOnce(&Transaction<'_>) -> ::std::result::Result<T, E>,
            E: From<$crate::Error>,
        {
            $crate::transaction::run(self, $crate::TransactionOptions::new(), f)
        }

        /// [`Connection::transaction`] begun with `options`: SQLite's locking behavior
        /// (`TransactionOptions::new().immediate()` for `BEGIN IMMEDIATE`), PostgreSQL's
        /// isolation level and `READ ONLY` (MySQL's too).
        pub fn transaction_with<T, E, F>(
            &self,
            options: $crate::TransactionOptions,
            f: F,
        ) -> ::std::result::Result<T, E>
        where
            F: FnOnce(&Transaction<'_>) -> ::std::result::Result<T, E>,
            E: From<$crate::Error>,
        {
            $crate::transaction::run(self, options, f)
        }

        /// [`Connection::transaction_with`], run again while it fails with an error that is
        /// [retryable](Error::is_retryable), up to `retry`'s attempts, waiting between them.
        /// `f` runs once per attempt, so it must not have effects outside the database.
        /// Inside another transaction it runs once: only the outermost transaction can be
        /// retried.
        ///
        $(#[$retry_doc])*
        pub fn transaction_with_retry<T, F>(
            &self,
            retry: $crate::RetryOptions,
            options: $crate::TransactionOptions,
            f: F,
        ) -> $crate::Result<T>
        where
            F: FnMut(&Transaction<'_>) -> $crate::Result<T>,
        {
            $crate::transaction::run_with_retry(self, retry, options, f)
        }

        /// Begins a transaction (a savepoint inside one already open) and returns it: commit
        /// it with [`Transaction::commit`](crate::Transaction::commit); dropped without, it
        /// is rolled back.
        ///
        $(#[$begin_doc])*
        pub fn begin(&self) -> $crate::Result<Transaction<'_>> {
            $crate::transaction::Transaction::begin(self, $crate::TransactionOptions::new())
        }

        /// [`Connection::begin`] with `options`.
        pub fn begin_with(
            &self,
            options: $crate::TransactionOptions,
        ) -> $crate::Result<Transaction<'_>> {
            $crate::transaction::Transaction::begin(self, options)
        }
    };
}
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub(crate) use transaction_methods;

/// `transaction_with_retry` for an asynchronous connection, whose `begin_with` and
/// `Transaction` (in scope where it is used) it runs on; the docs given say which errors the
/// backend retries.
macro_rules! async_transaction_with_retry {
    ($(#[$backend_doc:meta])*) => {
        /// Runs `f` in a transaction begun with `options` and commits it, running it again in
        /// a new transaction while it fails with an error that is
        /// [retryable](Error::is_retryable), up to `retry`'s attempts, waiting between them
        /// (without blocking the runtime). `f` runs once per attempt, so it must not have
        /// effects outside the database; its `Err`, or a failed commit, rolls that attempt
        /// back. The synchronous executors' `transaction_with_retry`, for `async` code.
        ///
        $(#[$backend_doc])*
        pub async fn transaction_with_retry<T, F>(
            &mut self,
            retry: $crate::RetryOptions,
            options: $crate::TransactionOptions,
            mut f: F,
        ) -> $crate::Result<T>
        where
            F: AsyncFnMut(&mut Transaction<'_>) -> $crate::Result<T>,
        {
            retry
                .run_async(async || {
                    let mut tx = self.begin_with(options).await?;
                    // On `Err` the transaction is dropped, which rolls it back.
                    let value = f(&mut tx).await?;
                    tx.commit().await?;
                    Ok(value)
                })
                .await
        }
    };
}
#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
pub(crate) use async_transaction_with_retry;
