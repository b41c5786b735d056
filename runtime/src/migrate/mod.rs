//! The migration runner: applies a list of SQL migrations to a database in version order,
//! each exactly once, and records what it applied, so an application (`db::migrate(&conn)`
//! with the files `schema!` embedded) and the `sqlmint migrate` command (with the files of a
//! directory) bring a database to the schema their queries were checked against.
//!
//! ```
//! use sqlmint_runtime::migrate::{Migration, Migrator};
//! # fn main() -> sqlmint_runtime::Result<()> {
//! let conn = sqlmint_runtime::sqlite::Connection::open_in_memory()?;
//! let migrations = [
//!     Migration::new(1, "create_users", "CREATE TABLE users (id BIGINT PRIMARY KEY)")
//!         .with_down("DROP TABLE users"),
//!     Migration::new(2, "add_name", "ALTER TABLE users ADD COLUMN name TEXT"),
//! ];
//! let migrator = Migrator::new(&migrations);
//! assert_eq!(migrator.dry_run(&conn)?.len(), 2); // what `run` would apply; nothing runs
//! assert_eq!(migrator.run(&conn)?.len(), 2);
//! assert!(migrator.run(&conn)?.is_empty()); // up to date
//! # Ok(())
//! # }
//! ```
//!
//! # What it records
//! The table `_sqlmint_migrations` (created on the first run, in the main database on SQLite,
//! the current schema on PostgreSQL and the current database on MySQL) holds one row per
//! applied migration: `version`, `description`, `checksum` (SHA-256 of the file,
//! [`checksum`]), `applied_at` and `duration_ms`. `verify` and `sqlmint check` leave the table
//! out of the comparison.
//!
//! Before applying anything, every recorded migration must still be in the list with the
//! same checksum: a file edited after it was applied is [`Error::MigrationChanged`], an
//! applied version with no file [`Error::MigrationMissing`] (unless
//! [`Migrator::ignore_missing`]). Migrations not yet applied are applied in version order,
//! including one whose version is lower than the latest applied (a branch merged late).
//!
//! # One transaction per migration
//! SQLite and PostgreSQL run DDL inside transactions, so each migration runs in its own: its
//! statements (all of the file, sent as one batch: `execute_batch` on SQLite, the simple query
//! protocol on PostgreSQL) and its row in `_sqlmint_migrations` commit together or not at all.
//! A migration that fails halfway leaves nothing of itself behind, the ones before it stay
//! applied, and the error is [`Error::MigrationFailed`] naming it. So a migration file must
//! not hold its own `BEGIN`/`COMMIT`, nor what cannot run in a transaction
//! (`CREATE INDEX CONCURRENTLY`, `VACUUM`, `PRAGMA foreign_keys`).
//!
//! # Two instances starting together
//! Each migration is applied once however many runners start at once:
//! - PostgreSQL: the synchronous runner holds the session advisory lock
//!   `pg_advisory_lock(32494332827758196)` for the whole run, so a second runner waits for
//!   the first to finish and then finds nothing to do. The asynchronous one (whose future may
//!   be dropped mid-run, which a session lock would outlive) takes the transaction-level
//!   `pg_advisory_xact_lock` of the same key in each migration's transaction, re-checking
//!   there whether another runner applied it meanwhile.
//! - SQLite: each migration's transaction begins with `BEGIN EXCLUSIVE` and re-checks, inside
//!   it, whether the migration was applied meanwhile; a runner waiting for another's
//!   transaction waits through SQLite's busy timeout, [`Migrator::busy_timeout`] for the
//!   run, rather than failing with `SQLITE_BUSY`.
//!
//! # MySQL
//! MySQL commits each DDL statement on its own, so a migration cannot be rolled back as a
//! whole. There the runner takes `GET_LOCK('sqlmint_migrations')` for the run, records a
//! migration as started (`duration_ms` -1) before running it and as finished after, and
//! refuses to run (or revert) while a started one is unfinished, a migration that failed
//! halfway: [`Error::MigrationIncomplete`], naming it, until it is repaired by hand and its
//! row deleted. A reversal is marked the same way before its `.down.sql` runs.

mod table;

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(feature = "tokio-postgres")]
mod tokio_postgres;
mod unfenced;

use crate::dialect::for_dialect;
use crate::error::Error;
use crate::executor::Executor;
use crate::Result;
use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, Instant};
use table::{AppliedRows, AppliedVersion, Latest, Record, Remove, TableExists, Unfinished};
#[cfg(any(feature = "postgres", feature = "mysql"))]
use unfenced::Unlock;
use unfenced::{apply_unfenced, refuse_unfinished, revert_unfenced};

pub use sqlmint_core::{checksum, Direction};
pub use table::TABLE;

/// The `tracing` target of the runner's events (one per migration applied or reverted).
const TARGET: &str = "sqlmint::migrate";

/// The advisory lock key of the PostgreSQL runners: "sqlmint" in ASCII. Advisory locks are
/// per database, so runners of different databases on one server do not wait for each other.
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
const PG_LOCK_KEY: i64 = 0x0073_716c_6d69_6e74;

/// One migration: a version, and the SQL that applies it (and, optionally, reverts it).
///
/// `schema!` builds the list of a `#[sqlmint(migrations = "...")]` directory at compile time
/// (`db::MIGRATIONS`), every text borrowed from the files it embedded; the `sqlmint migrate`
/// command builds one from the files at run time; [`Migration::new`] builds one by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The number its file name starts with: migrations apply in its order, and it is what
    /// the database records.
    pub version: i64,
    /// The rest of its file name (`create_users`).
    pub description: Cow<'static, str>,
    /// The statements that apply it, run as one batch.
    pub sql: Cow<'static, str>,
    /// [`checksum`] of its file: compared with the one recorded when it was applied.
    pub checksum: Cow<'static, str>,
    /// The statements of its `.down.sql` file, which revert it, if it has one.
    pub down: Option<Cow<'static, str>>,
}

impl Migration {
    /// A migration of `version` applied by `sql`, its checksum computed from `sql`'s bytes
    /// (as `schema!` and `sqlmint migrate` compute it from the file's).
    pub fn new(
        version: i64,
        description: impl Into<Cow<'static, str>>,
        sql: impl Into<Cow<'static, str>>,
    ) -> Self {
        let sql = sql.into();
        Migration {
            version,
            description: description.into(),
            checksum: Cow::Owned(checksum(sql.as_bytes())),
            sql,
            down: None,
        }
    }

    /// The migration, reverted by `down`.
    pub fn with_down(mut self, down: impl Into<Cow<'static, str>>) -> Self {
        self.down = Some(down.into());
        self
    }
}

/// A migration as `_sqlmint_migrations` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i64,
    /// Its description when it was applied.
    pub description: String,
    /// The checksum of its file when it was applied.
    pub checksum: String,
    /// When it was applied (its transaction's time on PostgreSQL), as RFC 3339 text in UTC:
    /// `2026-01-31T09:30:00.123Z`.
    pub applied_at: String,
    /// How long its statements took to run, to the millisecond.
    pub duration: Duration,
}

/// Where one migration stands in a database; see [`Migrator::status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MigrationState {
    /// Applied, and its file is as it was then.
    Applied,
    /// Not applied yet: [`Migrator::run`] would apply it.
    Pending,
    /// Applied, but its file has changed since (another checksum): the runner refuses to run.
    Changed,
    /// Applied, but not among the migrations (its file is gone): the runner refuses to run
    /// unless told to [ignore it](Migrator::ignore_missing).
    Missing,
    /// Started on MySQL and not finished: it failed halfway (or its reversal did), and what
    /// it ran before the failure stays committed. The runner refuses to run until it is
    /// repaired by hand and its row deleted ([`Error::MigrationIncomplete`]).
    Incomplete,
}

impl fmt::Display for MigrationState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::Changed => "changed",
            MigrationState::Missing => "missing",
            MigrationState::Incomplete => "incomplete",
        })
    }
}

/// One migration's status: a migration of the list, or a version the database records that
/// the list lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    /// Its version.
    pub version: i64,
    /// Its description: the file's, or the recorded one for a [`MigrationState::Missing`].
    pub description: String,
    /// Where it stands.
    pub state: MigrationState,
    /// Its row in `_sqlmint_migrations`, when it is applied.
    pub applied: Option<AppliedMigration>,
    /// Whether it has a `.down.sql` file.
    pub reversible: bool,
}

/// A connection the migration runner works on: a synchronous SQLite, PostgreSQL or MySQL
/// connection. Sealed; the asynchronous `tokio-postgres` connection has the `_async` methods
/// of [`Migrator`] instead.
pub trait Migrate: sealed::Backend {}

impl<C: sealed::Backend + ?Sized> Migrate for C {}

pub(crate) mod sealed {
    use crate::Result;
    use std::time::Duration;

    /// What differs between the backends: how runners exclude each other.
    pub trait Backend: crate::Executor {
        /// Runs `run` holding the lock that keeps other runners out for the whole run
        /// (PostgreSQL), or with the busy timeout set to `busy_timeout` (SQLite, whose
        /// [`Backend::migration_transaction`] takes the lock); released, and the timeout
        /// restored, even when `run` fails or panics.
        fn with_migration_lock<T>(
            &self,
            busy_timeout: Duration,
            run: impl FnOnce() -> Result<T>,
        ) -> Result<T>;

        /// Runs `f` in the transaction one migration is applied (or reverted) in: committed
        /// when `f` returns `Ok`, rolled back otherwise. On SQLite `BEGIN EXCLUSIVE`, so no
        /// other runner can apply a migration meanwhile.
        fn migration_transaction<T>(
            &self,
            f: impl FnOnce(&Self::Transaction<'_>) -> Result<T>,
        ) -> Result<T>;

        /// Whether DDL commits as it runs (MySQL), so that a migration cannot be one
        /// transaction and is recorded as started before it runs and finished after.
        const COMMITS_DDL: bool = false;
    }
}

/// Runs a list of migrations against a database: [`Migrator::run`], [`Migrator::status`],
/// [`Migrator::dry_run`], [`Migrator::revert`] (with `_async` twins on the `tokio-postgres`
/// connection). `schema!` declares one per schema, `db::MIGRATOR`, over `db::MIGRATIONS`.
#[derive(Debug, Clone, Copy)]
pub struct Migrator<'m> {
    migrations: &'m [Migration],
    busy_timeout: Duration,
    ignore_missing: bool,
}

impl<'m> Migrator<'m> {
    /// How long a SQLite runner waits for another's migration, unless told otherwise.
    pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

    /// A runner of `migrations`, in any order (each version once).
    pub const fn new(migrations: &'m [Migration]) -> Self {
        Migrator {
            migrations,
            busy_timeout: Self::DEFAULT_BUSY_TIMEOUT,
            ignore_missing: false,
        }
    }

    /// The migrations it runs.
    pub const fn migrations(&self) -> &'m [Migration] {
        self.migrations
    }

    /// SQLite: how long to wait for another runner's migration (or any other writer) before
    /// failing with `SQLITE_BUSY`; the connection's busy timeout during the run, restored
    /// after. PostgreSQL's advisory lock waits as long as it takes.
    pub const fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Whether to run although the database records migrations the list lacks (a newer
    /// build applied them, and this older one is starting during a rolling deployment);
    /// refused by default, as [`Error::MigrationMissing`].
    pub const fn ignore_missing(mut self, ignore: bool) -> Self {
        self.ignore_missing = ignore;
        self
    }

    /// Applies every migration not yet applied, in version order, each in its own
    /// transaction with its row in `_sqlmint_migrations` (created if need be), and returns
    /// the rows of those this call applied: empty when the database was up to date (or
    /// another runner, starting at the same time, applied them).
    ///
    /// Refuses, before applying anything, when an applied migration's file changed
    /// ([`Error::MigrationChanged`]) or is missing ([`Error::MigrationMissing`]). A
    /// migration that fails is rolled back, those before it stay applied, and the error is
    /// [`Error::MigrationFailed`].
    pub fn run<C: Migrate + ?Sized>(&self, conn: &C) -> Result<Vec<AppliedMigration>> {
        let migrations = self.ordered()?;
        conn.with_migration_lock(self.busy_timeout, || {
            conn.execute_batch(for_dialect::<C::Dialect, _>(&table::CREATE))?;
            let applied = conn.fetch_all(&AppliedRows {})?;
            refuse_unfinished(conn)?;
            let pending = self.plan(&migrations, &applied)?;
            let mut done = Vec::with_capacity(pending.len());
            for migration in pending {
                let outcome = if C::COMMITS_DDL {
                    apply_unfenced(conn, migration)?
                } else {
                    conn.migration_transaction(|tx| apply_in(tx, migration))
                        .map_err(|error| failed(migration, Direction::Up, error))?
                };
                done.extend(outcome);
            }
            Ok(done)
        })
    }

    /// Every migration of the list and every version the database records, in version
    /// order, each with where it stands. Changes nothing (the table is not created).
    pub fn status<C: Migrate + ?Sized>(&self, conn: &C) -> Result<Vec<MigrationStatus>> {
        let migrations = self.ordered()?;
        let applied = read_applied(conn)?;
        let mut statuses = statuses(&migrations, &applied);
        if C::COMMITS_DDL && !applied.is_empty() {
            let unfinished = conn.fetch_all(&Unfinished {})?;
            for status in &mut statuses {
                if unfinished.iter().any(|row| row.version == status.version) {
                    status.state = MigrationState::Incomplete;
                }
            }
        }
        Ok(statuses)
    }

    /// The migrations [`Migrator::run`] would apply, in order, each with the SQL it would
    /// run (`sql`); refused as `run` refuses. Changes nothing (the table is not created).
    pub fn dry_run<C: Migrate + ?Sized>(&self, conn: &C) -> Result<Vec<&'m Migration>> {
        let migrations = self.ordered()?;
        let applied = read_applied(conn)?;
        if !applied.is_empty() {
            refuse_unfinished(conn)?;
        }
        self.plan(&migrations, &applied)
    }

    /// Reverts the latest applied migration (the highest version) by running its `.down.sql`
    /// in a transaction that also deletes its row, and returns that row; `None` when no
    /// migration is applied.
    ///
    /// Refused when its file changed since it was applied ([`Error::MigrationChanged`]),
    /// is missing ([`Error::MigrationMissing`]) or has no reversal
    /// ([`Error::MigrationNotReversible`]); a reversal that fails is rolled back
    /// ([`Error::MigrationFailed`]).
    pub fn revert<C: Migrate + ?Sized>(&self, conn: &C) -> Result<Option<AppliedMigration>> {
        let migrations = self.ordered()?;
        conn.with_migration_lock(self.busy_timeout, || {
            if conn.fetch_one(&TableExists {})? == 0 {
                return Ok(None);
            }
            if C::COMMITS_DDL {
                refuse_unfinished(conn)?;
                return revert_unfenced(conn, &migrations);
            }
            conn.migration_transaction(|tx| revert_in(tx, &migrations))
        })
    }

    /// The migrations by version, or [`Error::Usage`] for two of one version.
    fn ordered(&self) -> Result<Vec<&'m Migration>> {
        let mut ordered: Vec<&Migration> = self.migrations.iter().collect();
        ordered.sort_by_key(|m| m.version);
        if let Some(pair) = ordered.windows(2).find(|w| w[0].version == w[1].version) {
            return Err(Error::Usage(format!(
                "migrations `{}` and `{}` have the same version {}; each migration needs its own",
                pair[0].description, pair[1].description, pair[0].version
            )));
        }
        Ok(ordered)
    }

    /// The migrations not yet applied, once every applied one is found unchanged.
    fn plan(
        &self,
        migrations: &[&'m Migration],
        applied: &[AppliedMigration],
    ) -> Result<Vec<&'m Migration>> {
        for row in applied {
            match find(migrations, row.version) {
                Some(migration) => check_unchanged(migration, row)?,
                None if self.ignore_missing => {}
                None => {
                    return Err(Error::MigrationMissing {
                        version: row.version,
                        description: row.description.clone(),
                    })
                }
            }
        }
        Ok(migrations
            .iter()
            .copied()
            .filter(|m| !applied.iter().any(|row| row.version == m.version))
            .collect())
    }
}

/// Applies `migration` inside the transaction `tx`, unless another runner applied it since
/// the plan was made (then `None`).
fn apply_in<E: Executor + ?Sized>(
    tx: &E,
    migration: &Migration,
) -> Result<Option<AppliedMigration>> {
    if let Some(row) = tx.fetch_optional(&AppliedVersion {
        version: migration.version,
    })? {
        check_unchanged(migration, &row)?;
        return Ok(None);
    }
    let started = Instant::now();
    tx.execute_batch(&migration.sql)?;
    let row = tx.fetch_one(&record(migration, started))?;
    applied_event(&row);
    Ok(Some(row))
}

/// Reverts the latest applied migration inside the transaction `tx`.
fn revert_in<E: Executor + ?Sized>(
    tx: &E,
    migrations: &[&Migration],
) -> Result<Option<AppliedMigration>> {
    let Some(latest) = tx.fetch_optional(&Latest {})? else {
        return Ok(None);
    };
    let migration = reversal_of(migrations, &latest)?;
    let down = migration.down.as_deref().unwrap_or_default();
    tx.execute_batch(down)
        .and_then(|()| {
            tx.execute(&Remove {
                version: latest.version,
            })
        })
        .map_err(|error| failed(migration, Direction::Down, error))?;
    reverted_event(&latest);
    Ok(Some(latest))
}

/// The migration that reverts `latest`: found, unchanged and with a `.down.sql`.
fn reversal_of<'a>(
    migrations: &[&'a Migration],
    latest: &AppliedMigration,
) -> Result<&'a Migration> {
    let migration = find(migrations, latest.version).ok_or_else(|| Error::MigrationMissing {
        version: latest.version,
        description: latest.description.clone(),
    })?;
    check_unchanged(migration, latest)?;
    if migration.down.is_none() {
        return Err(Error::MigrationNotReversible {
            version: migration.version,
            description: migration.description.to_string(),
        });
    }
    Ok(migration)
}

/// The row recording `migration`, applied since `started`.
fn record<'a>(migration: &'a Migration, started: Instant) -> Record<'a> {
    Record {
        version: migration.version,
        description: &migration.description,
        checksum: &migration.checksum,
        duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    }
}

/// The applied migrations, none when the table does not exist yet (without creating it).
fn read_applied<E: Executor + ?Sized>(conn: &E) -> Result<Vec<AppliedMigration>> {
    if conn.fetch_one(&TableExists {})? == 0 {
        return Ok(Vec::new());
    }
    conn.fetch_all(&AppliedRows {})
}

fn find<'a>(migrations: &[&'a Migration], version: i64) -> Option<&'a Migration> {
    migrations.iter().copied().find(|m| m.version == version)
}

/// [`Error::MigrationChanged`] when `migration`'s file is not the one `row` recorded.
fn check_unchanged(migration: &Migration, row: &AppliedMigration) -> Result<()> {
    if migration.checksum == row.checksum {
        return Ok(());
    }
    Err(Error::MigrationChanged {
        version: migration.version,
        description: migration.description.to_string(),
        recorded: row.checksum.clone(),
        current: migration.checksum.to_string(),
    })
}

/// `error`, met applying or reverting `migration`, as [`Error::MigrationFailed`] naming it;
/// the runner's own refusals are kept as they are.
fn failed(migration: &Migration, direction: Direction, error: Error) -> Error {
    match error {
        Error::MigrationChanged { .. }
        | Error::MigrationMissing { .. }
        | Error::MigrationNotReversible { .. }
        | Error::MigrationIncomplete { .. }
        | Error::MigrationFailed { .. } => error,
        other => Error::MigrationFailed {
            version: migration.version,
            description: migration.description.to_string(),
            direction,
            source: Box::new(other),
        },
    }
}

/// Every migration and every recorded version, in version order.
fn statuses(migrations: &[&Migration], applied: &[AppliedMigration]) -> Vec<MigrationStatus> {
    let mut statuses: Vec<MigrationStatus> = migrations
        .iter()
        .map(|migration| {
            let row = applied.iter().find(|row| row.version == migration.version);
            let state = match row {
                None => MigrationState::Pending,
                Some(row) if row.checksum == migration.checksum => MigrationState::Applied,
                Some(_) => MigrationState::Changed,
            };
            MigrationStatus {
                version: migration.version,
                description: migration.description.to_string(),
                state,
                applied: row.cloned(),
                reversible: migration.down.is_some(),
            }
        })
        .collect();
    for row in applied {
        if find(migrations, row.version).is_none() {
            statuses.push(MigrationStatus {
                version: row.version,
                description: row.description.clone(),
                state: MigrationState::Missing,
                applied: Some(row.clone()),
                reversible: false,
            });
        }
    }
    statuses.sort_by_key(|s| s.version);
    statuses
}

fn applied_event(row: &AppliedMigration) {
    tracing::info!(
        target: TARGET,
        version = row.version,
        description = %row.description,
        duration_ms = row.duration.as_millis() as u64,
        "applied migration"
    );
}

fn reverted_event(row: &AppliedMigration) {
    tracing::info!(
        target: TARGET,
        version = row.version,
        description = %row.description,
        "reverted migration"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(migration: &Migration) -> AppliedMigration {
        AppliedMigration {
            version: migration.version,
            description: migration.description.to_string(),
            checksum: migration.checksum.to_string(),
            applied_at: String::new(),
            duration: Duration::ZERO,
        }
    }

    #[test]
    fn plans_what_is_not_applied_after_checking_what_is() {
        let list = [
            Migration::new(3, "c", "SELECT 3"),
            Migration::new(1, "a", "SELECT 1"),
            Migration::new(2, "b", "SELECT 2"),
        ];
        let migrator = Migrator::new(&list);
        let ordered = migrator.ordered().unwrap();
        let versions = |ms: &[&Migration]| ms.iter().map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(versions(&ordered), [1, 2, 3]);
        let plan = migrator.plan(&ordered, &[applied(&list[0])]).unwrap();
        assert_eq!(versions(&plan), [1, 2], "a lower version applied late");

        let mut changed = applied(&list[1]);
        changed.checksum = checksum(b"SELECT 'before'");
        let error = migrator.plan(&ordered, &[changed]).unwrap_err();
        assert!(
            matches!(error, Error::MigrationChanged { version: 1, .. }),
            "{error}"
        );

        let gone = AppliedMigration {
            version: 7,
            description: "gone".to_owned(),
            ..applied(&list[0])
        };
        let error = migrator
            .plan(&ordered, std::slice::from_ref(&gone))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "migration 7 (gone) is recorded as applied but is not among the migrations; \
             restore its file, or run a build that has it"
        );
        let lenient = migrator.ignore_missing(true);
        assert_eq!(
            versions(&lenient.plan(&ordered, &[gone]).unwrap()),
            [1, 2, 3]
        );
    }

    #[test]
    fn two_migrations_of_one_version_are_refused() {
        let list = [Migration::new(1, "a", ""), Migration::new(1, "b", "")];
        let error = Migrator::new(&list).ordered().unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`a` and `b` have the same version 1"),
            "{error}"
        );
    }

    #[test]
    fn statuses_merge_the_list_with_the_records() {
        let list = [
            Migration::new(1, "a", "SELECT 1").with_down("SELECT 0"),
            Migration::new(2, "b", "SELECT 2"),
            Migration::new(4, "d", "SELECT 4"),
        ];
        let ordered: Vec<&Migration> = list.iter().collect();
        let mut changed = applied(&list[1]);
        changed.checksum = "0".repeat(64);
        let gone = AppliedMigration {
            version: 3,
            description: "c".to_owned(),
            ..applied(&list[0])
        };
        let states: Vec<(i64, MigrationState, bool)> =
            statuses(&ordered, &[applied(&list[0]), changed, gone])
                .into_iter()
                .map(|s| (s.version, s.state, s.reversible))
                .collect();
        assert_eq!(
            states,
            [
                (1, MigrationState::Applied, true),
                (2, MigrationState::Changed, false),
                (3, MigrationState::Missing, false),
                (4, MigrationState::Pending, false),
            ]
        );
    }
}
