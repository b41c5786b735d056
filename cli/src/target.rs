//! Which database a command-line URL names, and connecting to it with one clear error line
//! when that fails.

use crate::{Error, Result};
use sqlmint::verify::{Inspect, LiveTable, Report};
use sqlmint_schema::dialect::Dialect;
use std::path::PathBuf;

/// A database named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file: `sqlite://path/to/file.db`, `sqlite:file.db` or a path ending in `.db`,
    /// `.sqlite` or `.sqlite3`.
    Sqlite(PathBuf),
    /// A PostgreSQL server: `postgres://...` or `postgresql://...`.
    Postgres(String),
    /// A MariaDB or MySQL server: `mysql://...` or `mariadb://...`.
    MySql(String),
}

impl Target {
    /// The database `url` names.
    pub fn parse(url: &str) -> Result<Target> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(Error::new(format!(
                    "`{url}` names no file; write sqlite://path/to/file.db"
                )));
            }
            return Ok(Target::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_owned()));
        }
        if url.starts_with("mysql://") {
            return Ok(Target::MySql(url.to_owned()));
        }
        if let Some(rest) = url.strip_prefix("mariadb://") {
            return Ok(Target::MySql(format!("mysql://{rest}")));
        }
        let is_sqlite_file = [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|extension| url.ends_with(extension));
        if is_sqlite_file && !url.contains("://") {
            return Ok(Target::Sqlite(PathBuf::from(url)));
        }
        Err(Error::new(format!(
            "unsupported database URL `{}`; expected sqlite://path/to/file.db, a path ending in \
             .db or .sqlite, postgres://user@host/database or mysql://user@host/database",
            redact(url)
        )))
    }

    /// The dialect whose catalog types the database reports.
    pub fn dialect(&self) -> Dialect {
        match self {
            Target::Sqlite(_) => Dialect::Sqlite,
            Target::Postgres(_) => Dialect::Postgres,
            Target::MySql(_) => Dialect::MySql,
        }
    }

    /// The URL for messages, without its password.
    pub fn display(&self) -> String {
        match self {
            Target::Sqlite(path) => format!("sqlite://{}", path.display()),
            Target::Postgres(url) | Target::MySql(url) => redact(url),
        }
    }

    /// Opens the database: SQLite read-only (a missing file is an error, never created),
    /// PostgreSQL with one connection.
    pub fn connect(&self) -> Result<Database> {
        self.open(rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY, false)
    }

    /// [`Target::connect`], except that a SQLite file that does not exist reads as the empty
    /// database `migrate run` would create (for `migrate status` and `--dry-run`).
    pub fn connect_or_empty(&self) -> Result<Database> {
        match self {
            Target::Sqlite(path) if !path.exists() => sqlmint::sqlite::Connection::open_in_memory()
                .map(Database::Sqlite)
                .map_err(|e| Error::new(format!("cannot open an empty database: {e}"))),
            _ => self.connect(),
        }
    }

    /// Opens the database to change it (`migrate run`, `migrate revert`): SQLite read-write,
    /// the file created when `create` (a first `migrate run`), else a missing file is an
    /// error; PostgreSQL with one connection.
    pub fn connect_writable(&self, create: bool) -> Result<Database> {
        let mut flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
        if create {
            flags |= rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
        }
        self.open(flags, create)
    }

    fn open(&self, sqlite_flags: rusqlite::OpenFlags, create: bool) -> Result<Database> {
        let cannot =
            |why: String| Error::new(format!("cannot connect to {}: {why}", self.display()));
        match self {
            Target::Sqlite(path) => {
                if !create && !path.is_file() {
                    return Err(cannot("no such file".to_owned()));
                }
                let flags = sqlite_flags | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = rusqlite::Connection::open_with_flags(path, flags)
                    .map_err(|e| cannot(e.to_string()))?;
                Ok(Database::Sqlite(sqlmint::sqlite::Connection::from_driver(
                    conn,
                )))
            }
            Target::Postgres(url) => sqlmint::postgres::Connection::connect(url)
                .map(Database::Postgres)
                .map_err(|e| cannot(root_cause(&e))),
            Target::MySql(url) => sqlmint::mysql::Connection::connect(url)
                .map(Database::MySql)
                .map_err(|e| cannot(mysql_cause(&e))),
        }
    }
}

/// An open database.
// One per process, opened once and never moved in a loop: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Database {
    /// A SQLite file.
    Sqlite(sqlmint::sqlite::Connection),
    /// A PostgreSQL database.
    Postgres(sqlmint::postgres::Connection),
    /// A MariaDB or MySQL database.
    MySql(sqlmint::mysql::Connection),
}

impl Database {
    /// Every table of the main database (SQLite), current schema (PostgreSQL) or current
    /// database (MySQL).
    pub fn live_tables(&self) -> Result<Vec<LiveTable>> {
        match self {
            Database::Sqlite(conn) => conn.live_tables(),
            Database::Postgres(conn) => conn.live_tables(),
            Database::MySql(conn) => conn.live_tables(),
        }
        .map_err(|e| Error::new(format!("cannot read the database's tables: {e}")))
    }

    /// Compares `schema` with the `live` tables read from this database, in its dialect.
    pub fn check(&self, schema: &sqlmint_schema::model::Schema, live: &[LiveTable]) -> Report {
        match self {
            Database::Sqlite(_) => crate::check::check::<sqlmint::Sqlite>(schema, live),
            Database::Postgres(_) => crate::check::check::<sqlmint::Postgres>(schema, live),
            Database::MySql(_) => crate::check::check::<sqlmint::MySql>(schema, live),
        }
    }
}

/// `url` with the password of its `user:password@` part replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// [`root_cause`] of a MySQL connection's error, whose driver keeps the cause of a failed
/// connect as the I/O error's kind rather than as its source.
fn mysql_cause(error: &sqlmint::Error) -> String {
    use sqlmint::mysql::driver::{DriverError, Error as Driver};
    match error {
        sqlmint::Error::MySql(Driver::DriverError(DriverError::CouldNotConnect(Some((
            _,
            _,
            kind,
        ))))) => kind.to_string(),
        other => root_cause(other),
    }
}

/// The innermost cause of `error`, as one lowercase phrase: `connection refused`, not the
/// driver's layered `postgres: error connecting to server: Connection refused (os error 111)`.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    if let Some(io) = cause.downcast_ref::<std::io::Error>() {
        if io.kind() != std::io::ErrorKind::Other {
            return io.kind().to_string();
        }
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sqlite_postgres_and_mysql_urls() {
        assert_eq!(
            Target::parse("sqlite://data/app.db"),
            Ok(Target::Sqlite(PathBuf::from("data/app.db")))
        );
        assert_eq!(
            Target::parse("sqlite:///tmp/app.db"),
            Ok(Target::Sqlite(PathBuf::from("/tmp/app.db")))
        );
        assert_eq!(
            Target::parse("app.sqlite"),
            Ok(Target::Sqlite(PathBuf::from("app.sqlite")))
        );
        assert_eq!(
            Target::parse("postgresql://u@h/d"),
            Ok(Target::Postgres("postgresql://u@h/d".to_owned()))
        );
        assert_eq!(
            Target::parse("mariadb://u@h/d"),
            Ok(Target::MySql("mysql://u@h/d".to_owned()))
        );
        assert_eq!(
            Target::parse("mysql://u:secret@h/d").map(|t| t.display()),
            Ok("mysql://u:***@h/d".to_owned())
        );
        assert!(Target::parse("oracle://u:secret@h/d")
            .unwrap_err()
            .to_string()
            .contains("oracle://u:***@h/d"));
        assert!(Target::parse("sqlite://").is_err());
    }

    #[test]
    fn redacts_only_the_password() {
        assert_eq!(
            redact("postgres://me:pw@host:5432/db?sslmode=disable"),
            "postgres://me:***@host:5432/db?sslmode=disable"
        );
        assert_eq!(redact("postgres://me@host/db"), "postgres://me@host/db");
        assert_eq!(redact("postgres://host/db"), "postgres://host/db");
    }
}
