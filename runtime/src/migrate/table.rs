//! The runner's bookkeeping table, `_sqlmint_migrations`, and the statements that read and
//! write it, written as statement types like the ones `query!` generates, so every executor
//! runs them as it runs the application's (prepared, cached, traced).

use super::AppliedMigration;
use crate::dialect::{for_dialect, Dialect, PerDialect};
use crate::error::Error;
use crate::query::{decode_column, Binder, Query, RowSource, SqlFor};
use crate::sql_types::{BIGINT, TEXT};
use crate::value::Value;
use std::borrow::Cow;
use std::time::Duration;

/// The table's name: `verify` and `introspect` leave it out of the live tables, as it is the
/// runner's, not the application's.
pub const TABLE: &str = "_sqlmint_migrations";

/// Creates the table, per dialect.
pub(crate) const CREATE: PerDialect<&str> = [
    "CREATE TABLE IF NOT EXISTS _sqlmint_migrations (\
        version BIGINT PRIMARY KEY, \
        description TEXT NOT NULL, \
        checksum TEXT NOT NULL, \
        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), \
        duration_ms BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS _sqlmint_migrations (\
        version BIGINT PRIMARY KEY, \
        description TEXT NOT NULL, \
        checksum TEXT NOT NULL, \
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), \
        duration_ms BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS _sqlmint_migrations (\
        version BIGINT PRIMARY KEY, \
        description TEXT NOT NULL, \
        checksum TEXT NOT NULL, \
        applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \
        duration_ms BIGINT NOT NULL)",
];

/// `duration_ms` of a migration started on MySQL and not finished (yet, or ever: it failed
/// halfway, its DDL committed as it ran).
pub(crate) const UNFINISHED: i64 = -1;

/// The columns of an [`AppliedMigration`] on SQLite; a macro so `concat!` can build each
/// statement's SQL at compile time.
macro_rules! sqlite_columns {
    () => {
        "version, description, checksum, applied_at, duration_ms"
    };
}

/// The columns of an [`AppliedMigration`] on PostgreSQL, `applied_at` as RFC 3339 text in UTC
/// as SQLite stores it.
macro_rules! postgres_columns {
    () => {
        "version, description, checksum, \
         to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), duration_ms"
    };
}

/// The columns of an [`AppliedMigration`] on MySQL, `applied_at` (UTC, the session's zone) as
/// RFC 3339 text to the millisecond, as SQLite stores it.
macro_rules! mysql_columns {
    () => {
        "version, description, checksum, \
         CONCAT(DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.'), \
                LPAD(MICROSECOND(applied_at) DIV 1000, 3, '0'), 'Z'), duration_ms"
    };
}

/// Statement types over the table: each names its SQL per dialect (MySQL's `?` bind the
/// fields in slot order) and binds its fields.
macro_rules! statements {
    ($(
        $(#[$doc:meta])*
        $name:ident $(<$life:lifetime>)? { $($field:ident: $ty:ty),* } -> $row:ty = [$sqlite:expr, $postgres:expr, $mysql:expr]
        bind |$this:ident, $binder:ident| $bind:block
    )*) => {$(
        $(#[$doc])*
        pub(crate) struct $name $(<$life>)? { $(pub(crate) $field: $ty),* }

        impl $(<$life>)? Query for $name $(<$life>)? {
            type Row = $row;
            const COLUMNS: usize = <$row as Decoded>::COLUMNS;

            fn bind<'q>(&'q self, $binder: &mut dyn Binder<'q>) -> Result<(), Error> {
                let $this = self;
                $bind
            }

            fn decode_row<R: RowSource + ?Sized>(row: &R) -> Result<$row, Error> {
                <$row as Decoded>::decode(row)
            }
        }

        impl<$($life,)? D: Dialect> SqlFor<D> for $name $(<$life>)? {
            const SQL: &'static str = for_dialect::<D, _>(&[$sqlite, $postgres, $mysql]);
        }
    )*};
}

statements! {
    /// Whether the table exists in the schema where the runner creates it.
    TableExists {} -> i64 = [
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '_sqlmint_migrations'",
        "SELECT count(*) FROM pg_catalog.pg_tables \
         WHERE schemaname = current_schema() AND tablename = '_sqlmint_migrations'",
        "SELECT count(*) FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '_sqlmint_migrations'"
    ]
    bind |_this, _binder| { Ok(()) }

    /// Every applied migration, in version order.
    AppliedRows {} -> AppliedMigration = [
        concat!("SELECT ", sqlite_columns!(), " FROM _sqlmint_migrations ORDER BY version"),
        concat!("SELECT ", postgres_columns!(), " FROM _sqlmint_migrations ORDER BY version"),
        concat!("SELECT ", mysql_columns!(), " FROM _sqlmint_migrations ORDER BY version")
    ]
    bind |_this, _binder| { Ok(()) }

    /// The applied migration of one version, if it is.
    AppliedVersion { version: i64 } -> AppliedMigration = [
        concat!("SELECT ", sqlite_columns!(), " FROM _sqlmint_migrations WHERE version = ?1"),
        concat!("SELECT ", postgres_columns!(), " FROM _sqlmint_migrations WHERE version = $1"),
        concat!("SELECT ", mysql_columns!(), " FROM _sqlmint_migrations WHERE version = ?")
    ]
    bind |this, binder| { binder.bind(0, Value::Int(this.version)) }

    /// The applied migration of the highest version, the one `revert` reverts.
    Latest {} -> AppliedMigration = [
        concat!("SELECT ", sqlite_columns!(), " FROM _sqlmint_migrations ORDER BY version DESC LIMIT 1"),
        concat!("SELECT ", postgres_columns!(), " FROM _sqlmint_migrations ORDER BY version DESC LIMIT 1"),
        concat!("SELECT ", mysql_columns!(), " FROM _sqlmint_migrations ORDER BY version DESC LIMIT 1")
    ]
    bind |_this, _binder| { Ok(()) }

    /// Records a migration as applied and reads back its row (with the database's time).
    Record<'a> { version: i64, description: &'a str, checksum: &'a str, duration_ms: i64 } -> AppliedMigration = [
        concat!(
            "INSERT INTO _sqlmint_migrations (version, description, checksum, duration_ms) \
             VALUES (?1, ?2, ?3, ?4) RETURNING ",
            sqlite_columns!()
        ),
        concat!(
            "INSERT INTO _sqlmint_migrations (version, description, checksum, duration_ms) \
             VALUES ($1, $2, $3, $4) RETURNING ",
            postgres_columns!()
        ),
        concat!(
            "INSERT INTO _sqlmint_migrations (version, description, checksum, duration_ms) \
             VALUES (?, ?, ?, ?) RETURNING ",
            mysql_columns!()
        )
    ]
    bind |this, binder| {
        binder.bind(0, Value::Int(this.version))?;
        binder.bind(1, Value::Text(Cow::Borrowed(this.description)))?;
        binder.bind(2, Value::Text(Cow::Borrowed(this.checksum)))?;
        binder.bind(3, Value::Int(this.duration_ms))
    }

    /// Forgets a reverted migration.
    Remove { version: i64 } -> () = [
        "DELETE FROM _sqlmint_migrations WHERE version = ?1",
        "DELETE FROM _sqlmint_migrations WHERE version = $1",
        "DELETE FROM _sqlmint_migrations WHERE version = ?"
    ]
    bind |this, binder| { binder.bind(0, Value::Int(this.version)) }

    /// Records how long a migration started on MySQL took, so it counts as finished; or, with
    /// [`UNFINISHED`], marks one whose reversal is starting.
    Finish { version: i64, duration_ms: i64 } -> () = [
        "UPDATE _sqlmint_migrations SET duration_ms = ?1 WHERE version = ?2",
        "UPDATE _sqlmint_migrations SET duration_ms = $1 WHERE version = $2",
        "UPDATE _sqlmint_migrations SET duration_ms = ? WHERE version = ?"
    ]
    bind |this, binder| {
        // MySQL's placeholders bind in slot order: the duration first.
        binder.bind(0, Value::Int(this.duration_ms))?;
        binder.bind(1, Value::Int(this.version))
    }

    /// The migration started on MySQL and not finished, if one is.
    Unfinished {} -> AppliedMigration = [
        concat!("SELECT ", sqlite_columns!(), " FROM _sqlmint_migrations WHERE duration_ms < 0"),
        concat!("SELECT ", postgres_columns!(), " FROM _sqlmint_migrations WHERE duration_ms < 0"),
        concat!("SELECT ", mysql_columns!(), " FROM _sqlmint_migrations WHERE duration_ms < 0")
    ]
    bind |_this, _binder| { Ok(()) }
}

/// A row type of these statements.
trait Decoded: Sized {
    const COLUMNS: usize;
    fn decode<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error>;
}

impl Decoded for () {
    const COLUMNS: usize = 0;
    fn decode<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> {
        Ok(())
    }
}

impl Decoded for i64 {
    const COLUMNS: usize = 1;
    fn decode<R: RowSource + ?Sized>(row: &R) -> Result<i64, Error> {
        decode_column::<BIGINT, i64, R>(row, 0, "count")
    }
}

impl Decoded for AppliedMigration {
    const COLUMNS: usize = 5;
    fn decode<R: RowSource + ?Sized>(row: &R) -> Result<AppliedMigration, Error> {
        let duration_ms = decode_column::<BIGINT, i64, R>(row, 4, "duration_ms")?;
        Ok(AppliedMigration {
            version: decode_column::<BIGINT, i64, R>(row, 0, "version")?,
            description: decode_column::<TEXT, String, R>(row, 1, "description")?,
            checksum: decode_column::<TEXT, String, R>(row, 2, "checksum")?,
            applied_at: decode_column::<TEXT, String, R>(row, 3, "applied_at")?,
            duration: Duration::from_millis(u64::try_from(duration_ms).unwrap_or(0)),
        })
    }
}
