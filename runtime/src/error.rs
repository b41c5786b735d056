//! The one error type of the runtime: every failure a statement can meet when it runs, with the
//! database's own code kept.

use crate::decode::DecodeError;

/// An error running a statement.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite refused the statement or failed running it; the SQLite error code is kept
    /// (see [`Error::sqlite_code`]).
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
}

impl Error {
    /// SQLite's extended result code, when the error came from SQLite
    /// (e.g. `2067` for `SQLITE_CONSTRAINT_UNIQUE`).
    pub fn sqlite_code(&self) -> Option<i32> {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => Some(e.extended_code),
            // Statements that fail to prepare (syntax, unknown names) arrive in this shape.
            Error::Sqlite(rusqlite::Error::SqlInputError { error, .. }) => {
                Some(error.extended_code)
            }
            _ => None,
        }
    }

    /// SQLite's primary error code, when the error came from SQLite.
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Sqlite(rusqlite::Error::SqlInputError { error, .. }) => Some(error.code),
            Error::Sqlite(e) => e.sqlite_error_code(),
            _ => None,
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::UnexpectedNull => {
                f.write_str("unexpected NULL in a column declared NOT NULL")
            }
            DecodeError::Mismatch { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}
