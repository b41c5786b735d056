//! The runner on SQLite: each migration in a `BEGIN EXCLUSIVE` transaction, and the busy
//! timeout raised for the run so that a second runner waits for the first's transaction.

use super::sealed::Backend;
use crate::sqlite::{Connection, Transaction};
use crate::trace::TARGET;
use crate::{Result, TransactionOptions};
use std::time::Duration;

impl Backend for Connection {
    fn with_migration_lock<T>(
        &self,
        busy_timeout: Duration,
        run: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let previous: i64 = self
            .driver()
            .pragma_query_value(None, "busy_timeout", |row| row.get(0))?;
        self.driver().busy_timeout(busy_timeout)?;
        /// Puts the connection's own busy timeout back, however the run ends.
        struct Restore<'c>(&'c Connection, Duration);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                if let Err(error) = self.0.driver().busy_timeout(self.1) {
                    tracing::warn!(target: TARGET, %error, "cannot restore the busy timeout");
                }
            }
        }
        let _restore = Restore(
            self,
            Duration::from_millis(u64::try_from(previous).unwrap_or(0)),
        );
        run()
    }

    fn migration_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        // EXCLUSIVE takes the write lock at BEGIN, where the busy timeout applies; a deferred
        // transaction that reads first would fail at once when upgrading its lock.
        self.transaction_with(TransactionOptions::new().exclusive(), f)
    }
}
