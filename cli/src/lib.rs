//! The `sqlmint` command's core, kept out of `main.rs` so its stages can be tested without a
//! process: which database a URL names, reading a live schema back as a `schema!` block,
//! checking a live database against the `schema!` block in a source file (or a migrations
//! directory), and running a migrations directory with the library's runner.

pub mod check;
pub mod introspect;
pub mod migrate;
pub mod target;

use std::fmt;

/// A failure the command reports as one `error: ...` line and exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    /// An error with `message`, which names the thing and says what to do.
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The command's result.
pub type Result<T> = std::result::Result<T, Error>;
