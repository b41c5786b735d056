//! The runner on the asynchronous PostgreSQL connection. Its future may be dropped at any
//! `.await` (a timeout, a cancelled task), and a session advisory lock would then stay held
//! by a connection that goes back to its pool; so each transaction takes the
//! transaction-level `pg_advisory_xact_lock` instead, which its rollback releases, and
//! re-checks inside it what is applied.

use super::table::{self, AppliedRows, AppliedVersion, Latest, Remove, TableExists};
use super::{
    applied_event, check_unchanged, failed, record, reversal_of, reverted_event, statuses,
    AppliedMigration, Direction, Migration, MigrationStatus, Migrator, PG_LOCK_KEY,
};
use crate::dialect::{for_dialect, Postgres};
use crate::tokio_postgres::{Connection, Transaction};
use crate::Result;
use std::time::Instant;

impl<'m> Migrator<'m> {
    /// [`Migrator::run`] on the asynchronous PostgreSQL connection (which it needs to itself
    /// for its transactions).
    pub async fn run_async(&self, conn: &mut Connection) -> Result<Vec<AppliedMigration>> {
        let migrations = self.ordered()?;
        let tx = locked(conn).await?;
        tx.execute_batch(for_dialect::<Postgres, _>(&table::CREATE))
            .await?;
        tx.commit().await?;
        let applied = conn.fetch_all(&AppliedRows {}).await?;
        let pending = self.plan(&migrations, &applied)?;
        let mut done = Vec::with_capacity(pending.len());
        for migration in pending {
            let outcome = apply(conn, migration)
                .await
                .map_err(|error| failed(migration, Direction::Up, error))?;
            done.extend(outcome);
        }
        Ok(done)
    }

    /// [`Migrator::status`] on the asynchronous PostgreSQL connection.
    pub async fn status_async(&self, conn: &Connection) -> Result<Vec<MigrationStatus>> {
        let migrations = self.ordered()?;
        let applied = read_applied(conn).await?;
        Ok(statuses(&migrations, &applied))
    }

    /// [`Migrator::dry_run`] on the asynchronous PostgreSQL connection.
    pub async fn dry_run_async(&self, conn: &Connection) -> Result<Vec<&'m Migration>> {
        let migrations = self.ordered()?;
        let applied = read_applied(conn).await?;
        self.plan(&migrations, &applied)
    }

    /// [`Migrator::revert`] on the asynchronous PostgreSQL connection.
    pub async fn revert_async(&self, conn: &mut Connection) -> Result<Option<AppliedMigration>> {
        let migrations = self.ordered()?;
        if conn.fetch_one(&TableExists {}).await? == 0 {
            return Ok(None);
        }
        let tx = locked(conn).await?;
        let Some(latest) = tx.fetch_optional(&Latest {}).await? else {
            return Ok(None);
        };
        let migration = reversal_of(&migrations, &latest)?;
        let down = migration.down.as_deref().unwrap_or_default();
        let reverted = async {
            tx.execute_batch(down).await?;
            tx.execute(&Remove {
                version: latest.version,
            })
            .await?;
            tx.commit().await
        };
        reverted
            .await
            .map_err(|error| failed(migration, Direction::Down, error))?;
        reverted_event(&latest);
        Ok(Some(latest))
    }
}

/// A transaction holding the runners' lock until it ends.
async fn locked(conn: &mut Connection) -> Result<Transaction<'_>> {
    let tx = conn.begin().await?;
    tx.execute_batch(&format!("SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"))
        .await?;
    Ok(tx)
}

/// Applies `migration` in its own locked transaction, unless another runner applied it
/// since the plan was made (then `None`).
async fn apply(conn: &mut Connection, migration: &Migration) -> Result<Option<AppliedMigration>> {
    let tx = locked(conn).await?;
    let version = migration.version;
    if let Some(row) = tx.fetch_optional(&AppliedVersion { version }).await? {
        check_unchanged(migration, &row)?;
        return Ok(None);
    }
    let started = Instant::now();
    tx.execute_batch(&migration.sql).await?;
    let row = tx.fetch_one(&record(migration, started)).await?;
    tx.commit().await?;
    applied_event(&row);
    Ok(Some(row))
}

/// The applied migrations, none when the table does not exist yet.
async fn read_applied(conn: &Connection) -> Result<Vec<AppliedMigration>> {
    if conn.fetch_one(&TableExists {}).await? == 0 {
        return Ok(Vec::new());
    }
    conn.fetch_all(&AppliedRows {}).await
}
