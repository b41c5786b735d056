//! The synchronous runner on PostgreSQL: the session advisory lock for the whole run, and a
//! plain transaction per migration.

use super::sealed::Backend;
use super::PG_LOCK_KEY;
use crate::postgres::{Connection, Transaction};
use crate::Result;
use std::time::Duration;

impl Backend for Connection {
    fn with_migration_lock<T>(
        &self,
        _busy_timeout: Duration,
        run: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        self.execute_batch(&format!("SELECT pg_advisory_lock({PG_LOCK_KEY})"))?;
        let _unlock = super::Unlock {
            conn: self,
            unlock: format!("SELECT pg_advisory_unlock({PG_LOCK_KEY})"),
        };
        run()
    }

    fn migration_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f)
    }
}
