//! The runner on MariaDB and MySQL: the named lock `GET_LOCK('sqlmint_migrations')` for the
//! whole run, and no transaction per migration, as DDL commits as it runs (see the module's
//! docs, "MySQL").

use super::sealed::Backend;
use crate::error::Error;
use crate::mysql::{Connection, Transaction};
use crate::Result;
use ::mysql::prelude::Queryable;
use std::time::Duration;

/// The lock's name: named locks are per server, so it names the database too.
const LOCK: &str = "CONCAT('sqlmint_migrations.', DATABASE())";

/// How long a runner waits for another's run to end: a year, that is until it ends.
const WAIT_SECONDS: u32 = 31_536_000;

impl Backend for Connection {
    const COMMITS_DDL: bool = true;

    fn with_migration_lock<T>(
        &self,
        _busy_timeout: Duration,
        run: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let taken: Option<i64> = self
            .driver()?
            .query_first(format!("SELECT GET_LOCK({LOCK}, {WAIT_SECONDS})"))?;
        if taken != Some(1) {
            return Err(Error::Usage(
                "cannot take the migration lock GET_LOCK('sqlmint_migrations.<database>')"
                    .to_owned(),
            ));
        }
        let _unlock = super::Unlock {
            conn: self,
            unlock: format!("DO RELEASE_LOCK({LOCK})"),
        };
        run()
    }

    fn migration_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.transaction(f)
    }
}
