//! The asynchronous executor's transactions: `BEGIN` and savepoints through
//! `tokio-postgres`'s own transaction guard, and the first failure that aborted one.

use super::session::Session;
use crate::batch::Many;
use crate::error::Error;
use crate::query::{Postgres, SqlFor};
use crate::schema::{for_dialect, PerDialect};
use crate::statement_cache::StatementCache;
use crate::trace::TARGET;
use crate::transaction::{Failure, FailureSlot};
use crate::Result;
use ::tokio_postgres::{Client, Statement};
use futures_util::stream::Stream;

/// A transaction, or a savepoint inside one, on a [`Connection`](super::Connection): everything a connection
/// runs, it runs inside the transaction.
///
/// Dropped without [`Transaction::commit`] or [`Transaction::rollback`] (an early return
/// through `?`, a panic, a cancelled future), it is rolled back: `ROLLBACK`, or
/// `ROLLBACK TO` its savepoint, is queued on the connection at once, without waiting for the
/// server (`Drop` cannot await). The next statement on the connection runs after that
/// rollback; the rollback's own failure, if any, is not reported.
pub struct Transaction<'c> {
    pub(super) tx: ::tokio_postgres::Transaction<'c>,
    pub(super) prepared: &'c StatementCache<Statement>,
    pub(super) scope: Scope<'c>,
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
    pub fn driver(&self) -> &Client {
        self.tx.client()
    }

    /// Runs one prepared statement once per item, inside a savepoint, and returns the summed
    /// rowcount; a failing item rolls back them all, and only them.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(0);
        };
        Ok(run_many_in(self.begin().await?, items, false).await?.count)
    }

    /// [`Transaction::execute_many`], reading the rows of every item in item order (see
    /// [`Connection::fetch_many`](super::Connection::fetch_many)).
    pub async fn fetch_many<Q, I>(&mut self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<Postgres>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(Vec::new());
        };
        Ok(run_many_in(self.begin().await?, items, true).await?.rows)
    }

    /// Starts a nested transaction: a savepoint, released by [`Transaction::commit`] and
    /// rolled back to by [`Transaction::rollback`] or on drop. The outer transaction is
    /// borrowed until the nested one ends.
    pub async fn begin(&mut self) -> Result<Transaction<'_>> {
        self.scope.check_open()?;
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
                failure: self.scope.failure,
            },
        })
    }

    /// Commits the transaction (`COMMIT`), or releases the savepoint of a nested one.
    ///
    /// PostgreSQL aborts a transaction at its first error and answers its `COMMIT` with a
    /// rollback; such a transaction is rolled back and returned as
    /// [`Error::TransactionAborted`], never `Ok`.
    pub async fn commit(self) -> Result<()> {
        let Transaction { tx, mut scope, .. } = self;
        scope.done = true;
        if let Some(failure) = scope.failure.from(scope.depth) {
            tracing::debug!(target: TARGET, sql = %scope.rollback_sql(), "transaction aborted");
            if let Err(error) = tx.rollback().await {
                tracing::warn!(target: TARGET, %error, "rollback failed");
            }
            return Err(failure.aborted());
        }
        let Some(savepoint) = &scope.savepoint else {
            tracing::debug!(target: TARGET, sql = "COMMIT", "transaction");
            // As on the synchronous executor: a statement before the COMMIT, in the same
            // message, fails (25P02) in an aborted transaction, and the COMMIT is skipped.
            return match tx.batch_execute("SELECT 1; COMMIT").await {
                Ok(()) => {
                    // Committed by the statement above: `tokio-postgres`'s guard must not
                    // queue a ROLLBACK now. An outermost one owns nothing but its borrow of
                    // the client, so forgetting it leaks nothing.
                    std::mem::forget(tx);
                    Ok(())
                }
                Err(error) => match error.as_db_error() {
                    Some(db) if db.code().code() == "25P02" => {
                        let aborted = Failure::Postgres(Box::new(db.clone())).aborted();
                        if let Err(error) = tx.rollback().await {
                            tracing::warn!(target: TARGET, %error, "rollback failed");
                        }
                        Err(aborted)
                    }
                    _ => Err(error.into()),
                },
            };
        };
        tracing::debug!(target: TARGET, sql = %format!("RELEASE SAVEPOINT {savepoint}"), "transaction");
        match tx.commit().await {
            Ok(()) => Ok(()),
            Err(error) => match error.as_db_error() {
                Some(db) if db.code().code() == "25P02" => {
                    Err(Failure::Postgres(Box::new(db.clone())).aborted())
                }
                _ => Err(error.into()),
            },
        }
    }

    /// Rolls the transaction back (`ROLLBACK`), or a nested one back to its savepoint, and
    /// waits for the server to confirm.
    pub async fn rollback(self) -> Result<()> {
        let Transaction { tx, mut scope, .. } = self;
        scope.done = true;
        tracing::debug!(target: TARGET, sql = %scope.rollback_sql(), "transaction");
        Ok(tx.rollback().await?)
    }

    pub(super) fn session(&self) -> Session<'_> {
        Session {
            client: self.tx.client(),
            prepared: self.prepared,
            abort: Some((self.scope.failure, self.scope.depth)),
        }
    }
}

/// Where a [`Transaction`] sits, and the echo of the rollback that `tokio-postgres` queues
/// when one is dropped unfinished.
pub(super) struct Scope<'c> {
    pub(super) depth: u32,
    pub(super) savepoint: Option<String>,
    pub(super) done: bool,
    pub(super) failure: &'c FailureSlot,
}

impl Scope<'_> {
    pub(super) fn check_open(&self) -> Result<()> {
        match self.failure.from(1) {
            Some(failure) => Err(failure.aborted()),
            None => Ok(()),
        }
    }

    pub(super) fn rollback_sql(&self) -> String {
        self.savepoint
            .as_ref()
            .map_or_else(|| "ROLLBACK".to_owned(), |s| format!("ROLLBACK TO {s}"))
    }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        if !self.done {
            tracing::debug!(target: TARGET, sql = %self.rollback_sql(), "transaction dropped");
        }
        // Rolled back to its savepoint (or committed), nothing inside it is aborted any more.
        self.failure.forget_from(self.depth);
    }
}

/// Runs `items` inside `tx` (see [`Session::run_many`]), committing it when all succeed; on
/// an error, `tx` is dropped and so rolled back.
pub(super) async fn run_many_in<Q, I>(
    tx: Transaction<'_>,
    items: I,
    read_rows: bool,
) -> Result<Many<Q::Row>>
where
    Q: SqlFor<Postgres>,
    I: Iterator<Item = Q>,
{
    let many = tx.session().run_many(items, read_rows).await?;
    tx.commit().await?;
    Ok(many)
}
