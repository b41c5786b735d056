//! The one error type of the runtime: every failure a statement can meet when it runs, with the
//! database's own code kept.

use crate::decode::DecodeError;

/// An error running a statement.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite refused the statement or failed running it; the SQLite error code is kept
    /// (see [`Error::sqlite_code`]).
    #[cfg(feature = "sqlite")]
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused the statement or failed running it; the SQLSTATE code is kept
    /// (see [`Error::postgres_code`]).
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    #[error("postgres: {}", postgres_message(.0))]
    Postgres(#[from] PostgresError),
    /// An error from MariaDB or MySQL (the `mysql` crate): the server's, with its error number
    /// and SQLSTATE ([`Error::mysql_code`]), or the connection's.
    #[cfg(feature = "mysql")]
    #[error("mysql: {0}")]
    MySql(#[from] ::mysql::Error),
    /// An error from MariaDB or MySQL through the asynchronous driver (`mysql_async`): the
    /// server's, with its error number and SQLSTATE ([`Error::mysql_code`]), or the
    /// connection's.
    #[cfg(feature = "mysql-async")]
    #[error("mysql: {0}")]
    MySqlAsync(#[from] ::mysql_async::Error),
    /// A parameter value could not be sent as the type the database expects.
    #[error("parameter {slot}: {message}")]
    Bind {
        /// The parameter's slot (0-based).
        slot: usize,
        /// What was wrong.
        message: String,
    },
    /// A parameter's value could not be converted to its SQL type (an `i64` out of an
    /// INTEGER's range); the statement was not run.
    #[error("parameter {slot}: {source}")]
    Encode {
        /// The parameter's slot (0-based).
        slot: usize,
        /// What was wrong with the value.
        #[source]
        source: crate::encode::EncodeError,
    },
    /// The library was used in a way that cannot work (a statement run while another still
    /// holds the connection, an async connection made outside a Tokio runtime); the message
    /// says what to do instead.
    #[error("{0}")]
    Usage(String),
    /// A result row has fewer columns than its row struct reads: the live table differs from
    /// the schema the query was checked against.
    #[error("the result has {found} column(s) but the query reads column {index}")]
    MissingColumn {
        /// The 0-based column the row struct asked for.
        index: usize,
        /// How many the database returned.
        found: usize,
    },
    /// A prepared statement returns another number of columns than its row type reads: the
    /// statement's SQL and its row struct disagree (a hand-written `FromRow`, or generated
    /// code out of step). Checked before any row is read: on PostgreSQL once per cached
    /// prepared statement, on SQLite at each run (the count is a field of the statement).
    #[error("the statement returns {found} column(s) but its row type reads {expected}: {sql}")]
    ColumnCount {
        /// The statement's SQL.
        sql: &'static str,
        /// How many columns the row type reads (`FromRow::COLUMNS`).
        expected: usize,
        /// How many the prepared statement returns.
        found: usize,
    },
    /// `fetch_one` found no row.
    #[error("the query returned no rows")]
    RowNotFound,
    /// A column value could not be read as the Rust type the query declared.
    #[error("column `{column}`: {source}")]
    Decode {
        /// The result column, as named in the row struct.
        column: &'static str,
        /// What was wrong with the value.
        source: DecodeError,
    },
    /// The database aborted the transaction the statement ran in, or turned its `COMMIT`
    /// into a rollback: nothing of the transaction is committed. SQLite rolls a transaction
    /// back by itself after some errors (`SQLITE_FULL`, `SQLITE_IOERR`, `SQLITE_NOMEM`);
    /// PostgreSQL aborts one at any error (SQLSTATE 25P02 for the statements that follow).
    ///
    /// `commit` returns it, and so does every statement run inside the transaction after the
    /// abort, instead of running outside it.
    #[error("the transaction was aborted and rolled back by the database: {source}")]
    TransactionAborted {
        /// The first failure inside the transaction, the one the database aborted it for:
        /// a `rusqlite::Error` or a PostgreSQL `DbError` (downcast it to read its code), or a
        /// message when the cause ran outside sqlmint.
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// A migration recorded as applied whose file has changed since (another checksum): the
    /// runner refuses to run, as the database no longer matches what the files say.
    #[error(
        "migration {version} ({description}) has changed since it was applied (checksum \
         {current}, recorded {recorded}); restore the file as it was applied and put the \
         change in a new migration"
    )]
    MigrationChanged {
        /// Its version.
        version: i64,
        /// Its description.
        description: String,
        /// The checksum recorded when it was applied.
        recorded: String,
        /// The checksum of its file now.
        current: String,
    },
    /// A version recorded as applied that is not among the migrations (its file was deleted
    /// or renamed, or a newer build applied it).
    #[error(
        "migration {version} ({description}) is recorded as applied but is not among the \
         migrations; restore its file, or run a build that has it"
    )]
    MigrationMissing {
        /// Its version.
        version: i64,
        /// Its description, as recorded.
        description: String,
    },
    /// A migration that started on MySQL and did not finish: its DDL committed as it ran, so
    /// what ran before the failure stays, and the runner refuses to run until the database
    /// is repaired by hand and the migration's row deleted from `_sqlmint_migrations`.
    /// `source` is the failure, when it happened in this run.
    #[error(
        "migration {version} ({description}) did not finish{}: MySQL commits DDL as it runs, \
         so what ran before the failure stays applied; repair the database by hand, then \
         delete the row of version {version} from _sqlmint_migrations and run again",
        match .source { Some(source) => format!(" ({source})"), None => " on an earlier run".to_owned() }
    )]
    MigrationIncomplete {
        /// Its version.
        version: i64,
        /// Its description.
        description: String,
        /// Why it failed, when it failed in this run.
        source: Option<Box<Error>>,
    },
    /// The migration to revert has no `.down.sql` file.
    #[error("migration {version} ({description}) cannot be reverted: it has no `.down.sql` file")]
    MigrationNotReversible {
        /// Its version.
        version: i64,
        /// Its description.
        description: String,
    },
    /// A migration (or its reversal) failed; its transaction was rolled back, so nothing of
    /// it is applied (or reverted), and the migrations before it stay applied. The
    /// database's error is `source` ([`Error::sqlite_code`] and [`Error::postgres_code`]
    /// read through to it).
    #[error(
        "{} migration {version} ({description}) failed, and was rolled back: {source}",
        match .direction { sqlmint_core::Direction::Up => "applying", sqlmint_core::Direction::Down => "reverting" }
    )]
    MigrationFailed {
        /// Its version.
        version: i64,
        /// Its description.
        description: String,
        /// Whether it was being applied or reverted.
        direction: sqlmint_core::Direction,
        /// Why.
        source: Box<Error>,
    },
}

/// PostgreSQL's error report, as the server sent it.
#[cfg(feature = "postgres")]
pub(crate) type DbError = ::postgres::error::DbError;
/// PostgreSQL's error report, as the server sent it.
#[cfg(all(feature = "tokio-postgres", not(feature = "postgres")))]
pub(crate) type DbError = tokio_postgres::error::DbError;

/// The PostgreSQL driver's error type.
#[cfg(feature = "postgres")]
pub type PostgresError = ::postgres::Error;
/// The PostgreSQL driver's error type.
#[cfg(all(feature = "tokio-postgres", not(feature = "postgres")))]
pub type PostgresError = tokio_postgres::Error;

/// The server's own message where there is one ("db error" says nothing).
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
fn postgres_message(error: &PostgresError) -> String {
    match error.as_db_error() {
        Some(db) => format!(
            "{}: {} (SQLSTATE {})",
            db.severity(),
            db.message(),
            db.code().code()
        ),
        None => match std::error::Error::source(error) {
            Some(cause) if !error.to_string().contains(&cause.to_string()) => {
                format!("{error}: {cause}")
            }
            _ => error.to_string(),
        },
    }
}

impl Error {
    /// PostgreSQL's SQLSTATE, when the error came from the server (e.g. `23505` for a unique
    /// violation), or is the cause of an aborted transaction or a failed migration.
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    pub fn postgres_code(&self) -> Option<&str> {
        match self {
            Error::Postgres(e) => e.code().map(|c| c.code()),
            Error::TransactionAborted { source } => {
                source.downcast_ref::<DbError>().map(|db| db.code().code())
            }
            Error::MigrationFailed { source, .. } => source.postgres_code(),
            _ => None,
        }
    }

    /// Whether the connection to the server failed rather than the statement: the connection
    /// closed, its socket broke, or the server shut it down or refused it (SQLSTATE class 08,
    /// and class 57P: shutdown, terminated, database dropped). The statement may or may not
    /// have run, and the connection is of no further use. A SQL error (a constraint, a bad
    /// cast, a serialization failure) is not one. A connection set with read replicas
    /// (`postgres::Replicated`) takes a replica out of use on exactly these.
    #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
    pub fn is_connection_failure(&self) -> bool {
        match self {
            Error::Postgres(e) => match e.code() {
                Some(code) => {
                    let code = code.code();
                    code.starts_with("08") || code.starts_with("57P")
                }
                // A closed connection, or an I/O error reading, writing or connecting.
                None => {
                    e.is_closed()
                        || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>())
                }
            },
            _ => false,
        }
    }

    /// MariaDB's or MySQL's error number (1062 for a duplicate key, 1213 for a deadlock),
    /// when the server reported the error.
    #[cfg(any(feature = "mysql", feature = "mysql-async"))]
    pub fn mysql_code(&self) -> Option<u16> {
        self.mysql_server_error().map(|(code, _)| code)
    }

    /// The SQLSTATE MariaDB or MySQL reported with the error (`23000` for a duplicate key).
    #[cfg(any(feature = "mysql", feature = "mysql-async"))]
    pub fn mysql_sqlstate(&self) -> Option<&str> {
        self.mysql_server_error().map(|(_, state)| state)
    }

    /// The server's error number and SQLSTATE, from either driver's error, or kept as the
    /// cause of an aborted transaction or a failed migration.
    #[cfg(any(feature = "mysql", feature = "mysql-async"))]
    fn mysql_server_error(&self) -> Option<(u16, &str)> {
        match self {
            #[cfg(feature = "mysql")]
            Error::MySql(::mysql::Error::MySqlError(e)) => Some((e.code, &e.state)),
            #[cfg(feature = "mysql-async")]
            Error::MySqlAsync(::mysql_async::Error::Server(e)) => Some((e.code, &e.state)),
            Error::TransactionAborted { source } => {
                #[cfg(feature = "mysql")]
                if let Some(e) = source.downcast_ref::<::mysql::MySqlError>() {
                    return Some((e.code, &e.state));
                }
                #[cfg(feature = "mysql-async")]
                if let Some(e) = source.downcast_ref::<::mysql_async::ServerError>() {
                    return Some((e.code, &e.state));
                }
                None
            }
            Error::MigrationFailed { source, .. } => source.mysql_server_error(),
            _ => None,
        }
    }

    /// SQLite's extended result code, when the error came from SQLite
    /// (e.g. `2067` for `SQLITE_CONSTRAINT_UNIQUE`).
    #[cfg(feature = "sqlite")]
    pub fn sqlite_code(&self) -> Option<i32> {
        match self {
            Error::Sqlite(e) => sqlite_extended_code(e),
            Error::TransactionAborted { source } => source
                .downcast_ref::<rusqlite::Error>()
                .and_then(sqlite_extended_code),
            Error::MigrationFailed { source, .. } => source.sqlite_code(),
            _ => None,
        }
    }

    /// Whether running the whole transaction again may succeed: a PostgreSQL serialization
    /// failure (SQLSTATE 40001) or deadlock (40P01), SQLite's `SQLITE_BUSY` or
    /// `SQLITE_LOCKED` (with their extended codes), or a [`Error::TransactionAborted`] whose
    /// cause is one of those. `transaction_with_retry` retries on exactly these.
    pub fn is_retryable(&self) -> bool {
        match self {
            #[cfg(feature = "sqlite")]
            Error::Sqlite(e) => sqlite_retryable(e.sqlite_error_code()),
            #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
            Error::Postgres(e) => e.code().is_some_and(|c| postgres_retryable(c.code())),
            #[cfg(feature = "mysql")]
            Error::MySql(_) => self.mysql_code().is_some_and(mysql_retryable),
            #[cfg(feature = "mysql-async")]
            Error::MySqlAsync(_) => self.mysql_code().is_some_and(mysql_retryable),
            Error::TransactionAborted { .. } => {
                #[cfg(any(feature = "mysql", feature = "mysql-async"))]
                if let Some(code) = self.mysql_code() {
                    return mysql_retryable(code);
                }
                #[cfg(feature = "sqlite")]
                if let Some(code) = self.sqlite_error_code() {
                    return sqlite_retryable(Some(code));
                }
                #[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
                if let Some(code) = self.postgres_code() {
                    return postgres_retryable(code);
                }
                false
            }
            Error::MigrationFailed { source, .. } => source.is_retryable(),
            _ => false,
        }
    }

    /// SQLite's primary error code, when the error came from SQLite.
    #[cfg(feature = "sqlite")]
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Sqlite(e) => sqlite_primary_code(e),
            Error::TransactionAborted { source } => source
                .downcast_ref::<rusqlite::Error>()
                .and_then(sqlite_primary_code),
            Error::MigrationFailed { source, .. } => source.sqlite_error_code(),
            _ => None,
        }
    }
}

#[cfg(feature = "sqlite")]
fn sqlite_extended_code(error: &rusqlite::Error) -> Option<i32> {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.extended_code),
        // Statements that fail to prepare (syntax, unknown names) arrive in this shape.
        rusqlite::Error::SqlInputError { error, .. } => Some(error.extended_code),
        _ => None,
    }
}

#[cfg(feature = "sqlite")]
fn sqlite_primary_code(error: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match error {
        rusqlite::Error::SqlInputError { error, .. } => Some(error.code),
        e => e.sqlite_error_code(),
    }
}

#[cfg(feature = "sqlite")]
fn sqlite_retryable(code: Option<rusqlite::ErrorCode>) -> bool {
    matches!(
        code,
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Deadlock (1213) and lock wait timeout (1205): running the transaction again may succeed.
#[cfg(any(feature = "mysql", feature = "mysql-async"))]
fn mysql_retryable(code: u16) -> bool {
    matches!(code, 1205 | 1213)
}

#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
fn postgres_retryable(sqlstate: &str) -> bool {
    matches!(sqlstate, "40001" | "40P01")
}
