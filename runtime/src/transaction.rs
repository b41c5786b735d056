//! Transactions as a closure, the same on every synchronous backend: `BEGIN` (a savepoint
//! when one is already open), `COMMIT` when the closure returns `Ok`, `ROLLBACK` when it
//! returns `Err` or while a panic unwinds through it.

use crate::error::Error;
use std::cell::Cell;

const TARGET: &str = "sqlmint::sql";

/// What a connection offers for [`run`].
pub(crate) trait TransactionControl {
    /// Runs a transaction-control statement (`BEGIN`, `COMMIT`, ...).
    fn control(&self, sql: &str) -> Result<(), Error>;
    /// How many transactions are open, counting savepoints.
    fn depth(&self) -> &Cell<u32>;
    /// Whether the database has a transaction open; SQLite ends one by itself after some
    /// errors, and there is then nothing to roll back.
    fn in_transaction(&self) -> bool;
}

/// Runs `f(tx)` in a transaction on `conn`.
pub(crate) fn run<C, Tx, T, E>(
    conn: &C,
    tx: &Tx,
    f: impl FnOnce(&Tx) -> Result<T, E>,
) -> Result<T, E>
where
    C: TransactionControl,
    E: From<Error>,
{
    let depth = conn.depth().get();
    let savepoint = conn.in_transaction().then(|| format!("sqlmint_{depth}"));
    let begin = savepoint
        .as_ref()
        .map_or_else(|| "BEGIN".to_owned(), |s| format!("SAVEPOINT {s}"));
    tracing::debug!(target: TARGET, sql = %begin, "transaction");
    conn.control(&begin)?;
    conn.depth().set(depth.saturating_add(1));
    let mut guard = RollbackGuard {
        conn,
        savepoint,
        done: false,
    };
    let value = f(tx)?;
    guard.commit()?;
    Ok(value)
}

/// Ends a transaction begun by [`run`]: rolls it back when dropped before `commit`
/// succeeded, including while a panic unwinds.
struct RollbackGuard<'c, C: TransactionControl> {
    conn: &'c C,
    /// The savepoint of a nested transaction; `None` for a `BEGIN`.
    savepoint: Option<String>,
    done: bool,
}

impl<C: TransactionControl> RollbackGuard<'_, C> {
    fn commit(&mut self) -> Result<(), Error> {
        let sql = self
            .savepoint
            .as_ref()
            .map_or_else(|| "COMMIT".to_owned(), |s| format!("RELEASE SAVEPOINT {s}"));
        tracing::debug!(target: TARGET, sql = %sql, "transaction");
        self.conn.control(&sql)?;
        self.done = true;
        Ok(())
    }
}

impl<C: TransactionControl> Drop for RollbackGuard<'_, C> {
    fn drop(&mut self) {
        if !self.done {
            if self.conn.in_transaction() {
                let sql = self.savepoint.as_ref().map_or_else(
                    || "ROLLBACK".to_owned(),
                    |s| format!("ROLLBACK TO SAVEPOINT {s}; RELEASE SAVEPOINT {s}"),
                );
                tracing::debug!(target: TARGET, sql = %sql, panicking = std::thread::panicking(), "transaction");
                if let Err(error) = self.conn.control(&sql) {
                    tracing::warn!(target: TARGET, sql = %sql, %error, "rollback failed");
                }
            } else {
                tracing::debug!(target: TARGET, "transaction already rolled back by the database");
            }
        }
        self.conn
            .depth()
            .set(self.conn.depth().get().saturating_sub(1));
    }
}
