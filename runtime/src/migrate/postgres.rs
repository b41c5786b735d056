//! The synchronous runner on PostgreSQL: the session advisory lock for the whole run, and a
//! plain transaction per migration.

use super::sealed::Backend;
use super::PG_LOCK_KEY;
use crate::postgres::{Connection, Transaction};
use crate::trace::TARGET;
use crate::Result;
use std::time::Duration;

impl Backend for Connection {
    fn with_migration_lock<T>(
        &self,
        _busy_timeout: Duration,
        run: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        self.execute_batch(&format!("SELECT pg_advisory_lock({PG_LOCK_KEY})"))?;
        /// Releases the lock however the run ends (an error, a panic); were it to fail, the
        /// server releases it when the session ends.
        struct Unlock<'c>(&'c Connection);
        impl Drop for Unlock<'_> {
            fn drop(&mut self) {
                let sql = format!("SELECT pg_advisory_unlock({PG_LOCK_KEY})");
                if let Err(error) = self.0.execute_batch(&sql) {
                    tracing::warn!(target: TARGET, %error, "cannot release the migration lock");
                }
            }
        }
        let _unlock = Unlock(self);
        run()
    }

    fn migration_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f)
    }
}
