//! The runner's way where DDL commits as it runs (MySQL): no transaction per migration, but a
//! migration recorded as started before it runs and finished after, and a started one that
//! never finished refused until it is repaired; and the guard that releases a session-held
//! migration lock.

use super::table::{AppliedVersion, Finish, Latest, Remove, Unfinished, UNFINISHED};
use super::{
    applied_event, check_unchanged, record, reversal_of, reverted_event, AppliedMigration, Migrate,
    Migration,
};
use crate::error::Error;
#[cfg(any(feature = "postgres", feature = "mysql"))]
use crate::executor::Executor;
use crate::Result;
use std::time::Instant;

/// Runs `unlock` (the SQL that releases a session-held migration lock) on `conn` when
/// dropped, however the run ends (an error, a panic); were it to fail, the server releases
/// the lock when the session ends.
#[cfg(any(feature = "postgres", feature = "mysql"))]
pub(crate) struct Unlock<'c, C: Executor + ?Sized> {
    pub(crate) conn: &'c C,
    pub(crate) unlock: String,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
impl<C: Executor + ?Sized> Drop for Unlock<'_, C> {
    fn drop(&mut self) {
        if let Err(error) = self.conn.execute_batch(&self.unlock) {
            tracing::warn!(target: crate::trace::TARGET, %error, "cannot release the migration lock");
        }
    }
}

/// On a backend whose DDL commits as it runs, [`Error::MigrationIncomplete`] for a migration
/// started and not finished; called once the table is known to exist.
pub(super) fn refuse_unfinished<C: Migrate + ?Sized>(conn: &C) -> Result<()> {
    if !C::COMMITS_DDL {
        return Ok(());
    }
    match conn.fetch_optional(&Unfinished {})? {
        Some(row) => Err(Error::MigrationIncomplete {
            version: row.version,
            description: row.description,
            source: None,
        }),
        None => Ok(()),
    }
}

/// Applies `migration` where DDL commits as it runs: recorded as started, run, recorded as
/// finished; a failure leaves it started, which later runs refuse.
pub(super) fn apply_unfenced<C: Migrate + ?Sized>(
    conn: &C,
    migration: &Migration,
) -> Result<Option<AppliedMigration>> {
    if let Some(row) = conn.fetch_optional(&AppliedVersion {
        version: migration.version,
    })? {
        check_unchanged(migration, &row)?;
        return Ok(None);
    }
    let started = Instant::now();
    let mut record = record(migration, started);
    record.duration_ms = UNFINISHED;
    conn.fetch_one(&record)?;
    let incomplete = |error: Error| Error::MigrationIncomplete {
        version: migration.version,
        description: migration.description.to_string(),
        source: Some(Box::new(error)),
    };
    conn.execute_batch(&migration.sql).map_err(incomplete)?;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    conn.execute(&Finish {
        version: migration.version,
        duration_ms,
    })
    .map_err(incomplete)?;
    let row = conn.fetch_one(&AppliedVersion {
        version: migration.version,
    })?;
    applied_event(&row);
    Ok(Some(row))
}

/// Reverts the latest applied migration where DDL commits as it runs: marked as started,
/// its `.down.sql` run, its row deleted; a failure leaves it started.
pub(super) fn revert_unfenced<C: Migrate + ?Sized>(
    conn: &C,
    migrations: &[&Migration],
) -> Result<Option<AppliedMigration>> {
    let Some(latest) = conn.fetch_optional(&Latest {})? else {
        return Ok(None);
    };
    let migration = reversal_of(migrations, &latest)?;
    conn.execute(&Finish {
        version: latest.version,
        duration_ms: UNFINISHED,
    })?;
    let down = migration.down.as_deref().unwrap_or_default();
    conn.execute_batch(down)
        .and_then(|()| {
            conn.execute(&Remove {
                version: latest.version,
            })
        })
        .map_err(|error| Error::MigrationIncomplete {
            version: migration.version,
            description: migration.description.to_string(),
            source: Some(Box::new(error)),
        })?;
    reverted_event(&latest);
    Ok(Some(latest))
}
