//! The asynchronous MySQL executor's transactions: `START TRANSACTION` and savepoints, the
//! rollback a transaction dropped unfinished leaves for the connection's next statement, and
//! the deadlock that ends a whole transaction.

use super::{Connection, Session};
use crate::batch::Many;
use crate::query::{MySql, SqlFor};
use crate::Result;
use futures_util::stream::Stream;

/// A transaction, or a savepoint inside one, on a [`Connection`]: everything a connection
/// runs, it runs inside the transaction.
///
/// Dropped without [`Transaction::commit`] or [`Transaction::rollback`] (an early return
/// through `?`, a panic, a cancelled future), it is rolled back: `ROLLBACK`, or
/// `ROLLBACK TO SAVEPOINT` its savepoint, is left on the connection to run before its next
/// statement (`Drop` cannot await), so nothing can run inside the dropped transaction. A
/// connection dropped with that rollback still to run closes (a pooled one is reset by its
/// pool), which rolls the transaction back on the server.
///
/// MariaDB rolls back only a failing statement, and the transaction goes on; a deadlock
/// (error 1213) rolls back the whole transaction, which is then
/// [`Error::TransactionAborted`](crate::Error::TransactionAborted) for every statement after
/// it and for its `commit`. DDL commits the open transaction (MySQL's implicit commit) and
/// cannot be rolled back.
pub struct Transaction<'c> {
    conn: &'c mut Connection,
    depth: u32,
    /// A nested transaction's savepoint.
    savepoint: Option<String>,
    done: bool,
}

impl std::fmt::Debug for Transaction<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transaction")
            .field("depth", &self.depth)
            .field("savepoint", &self.savepoint)
            .finish_non_exhaustive()
    }
}

impl<'c> Transaction<'c> {
    pub(super) fn outermost(conn: &'c mut Connection) -> Self {
        Transaction {
            conn,
            depth: 1,
            savepoint: None,
            done: false,
        }
    }
}

impl Transaction<'_> {
    super::session_methods!();

    /// The rows of a query as a stream, read as they are polled; see
    /// [`Connection::fetch`].
    pub fn fetch<'a, Q: SqlFor<MySql>>(
        &'a mut self,
        query: &'a Q,
    ) -> impl Stream<Item = Result<Q::Row>> + 'a {
        super::stream_rows(self.conn, self.depth, query)
    }

    /// Runs one statement once per item, inside a savepoint, and returns the summed
    /// rowcount; a failing item rolls back them all, and only them.
    pub async fn execute_many<Q, I>(&mut self, items: I) -> Result<u64>
    where
        Q: SqlFor<MySql>,
        I: IntoIterator<Item = Q>,
    {
        let Some(items) = crate::executor::non_empty(items) else {
            return Ok(0);
        };
        Ok(run_many_in(self.begin().await?, items, false).await?.count)
    }

    /// [`Transaction::execute_many`], reading the rows of every item in item order (see
    /// [`Connection::fetch_many`]).
    pub async fn fetch_many<Q, I>(&mut self, items: I) -> Result<Vec<Q::Row>>
    where
        Q: SqlFor<MySql>,
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
        let name = format!("sqlmint_{}", self.depth);
        self.session().control(&format!("SAVEPOINT {name}")).await?;
        Ok(Transaction {
            conn: self.conn,
            depth: self.depth + 1,
            savepoint: Some(name),
            done: false,
        })
    }

    /// Commits the transaction (`COMMIT`), or releases the savepoint of a nested one.
    ///
    /// A transaction a deadlock rolled back is returned as
    /// [`Error::TransactionAborted`](crate::Error::TransactionAborted), never `Ok`.
    pub async fn commit(mut self) -> Result<()> {
        if let Some(failure) = self.conn.failure.from(1) {
            self.end_aborted().await;
            return Err(failure.aborted());
        }
        let sql = match &self.savepoint {
            Some(savepoint) => format!("RELEASE SAVEPOINT {savepoint}"),
            None => "COMMIT".to_owned(),
        };
        self.session().control(&sql).await?;
        self.done = true;
        Ok(())
    }

    /// Rolls the transaction back (`ROLLBACK`), or a nested one back to its savepoint, and
    /// waits for the server to confirm. In a transaction a deadlock rolled back, there is
    /// nothing left to roll back.
    pub async fn rollback(mut self) -> Result<()> {
        if self.conn.failure.from(1).is_some() {
            self.end_aborted().await;
            return Ok(());
        }
        let sql = self.rollback_sql();
        self.session().control(&sql).await?;
        self.done = true;
        Ok(())
    }

    /// Ends a transaction a deadlock rolled back: the server has no transaction open any
    /// more, so a savepoint is gone, and the outermost `ROLLBACK` only confirms it.
    async fn end_aborted(&mut self) {
        self.done = true;
        if self.savepoint.is_none() {
            if let Err(error) = self.session().unguarded_control("ROLLBACK").await {
                tracing::warn!(target: crate::trace::TARGET, %error, "rollback failed");
            }
        }
    }

    fn rollback_sql(&self) -> String {
        match &self.savepoint {
            Some(s) => format!("ROLLBACK TO SAVEPOINT {s}; RELEASE SAVEPOINT {s}"),
            None => "ROLLBACK".to_owned(),
        }
    }

    fn session(&self) -> Session<'_> {
        Session {
            conn: self.conn,
            depth: self.depth,
        }
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        let savepoint_gone = self.savepoint.is_some() && self.conn.failure.from(1).is_some();
        if !self.done && !savepoint_gone {
            // Drops run innermost first: an outer transaction's rollback, left by a later
            // drop, covers an inner one's.
            *self.conn.pending() = Some(self.rollback_sql());
        }
        // Rolled back (or committed), nothing inside it is aborted any more.
        self.conn.failure.forget_from(self.depth);
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
    Q: SqlFor<MySql>,
    I: Iterator<Item = Q>,
{
    let many = tx.session().run_many(items, read_rows).await?;
    tx.commit().await?;
    Ok(many)
}
