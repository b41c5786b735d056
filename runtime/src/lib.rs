//! The runtime half of sqlmint: runs the statements that `query!` checked and rendered at
//! compile time, on SQLite through `rusqlite`, with typed rows, parameters and errors.
//!
//! Nothing here builds SQL: every statement arrives with its SQL as a `&'static str`.

// With only some backends compiled, helpers the others share go unused: the build with every
// backend (the workspace's clippy) is the one that lints for dead code.
#![warn(missing_docs)]
#![cfg_attr(
    not(all(
        feature = "sqlite",
        feature = "postgres",
        feature = "tokio-postgres",
        feature = "mysql",
        feature = "mysql-async"
    )),
    allow(dead_code, unused_imports, unused_macros)
)]

pub mod batch;
pub mod constructs;
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
mod copy_in;
pub mod decode;
pub mod dialect;
pub mod encode;
pub mod error;
pub mod executor;
mod json;
pub mod like;
pub mod migrate;
#[cfg(any(feature = "mysql", feature = "mysql-async"))]
mod my;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "mysql-async")]
pub mod mysql_async;
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
mod pg;
#[cfg(any(feature = "r2d2", feature = "deadpool"))]
pub mod pool;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod query;
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
mod routing;
pub mod rows;
pub mod schema;
pub mod sql_types;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(any(feature = "postgres", feature = "tokio-postgres"))]
mod statement_cache;
#[cfg(any(
    feature = "postgres",
    feature = "tokio-postgres",
    feature = "mysql",
    feature = "mysql-async"
))]
mod text_cells;
#[cfg(feature = "tokio-postgres")]
pub mod tokio_postgres;
pub mod trace;
mod transaction;
pub mod value;
pub mod verify;

#[cfg(feature = "chrono")]
#[doc(hidden)]
pub use chrono;
pub use decode::{Decode, DecodeError};
pub use encode::{Encode, EncodeError, EncodeOptional};
pub use error::Error;
pub use executor::Executor;
pub use like::escape_like;
pub use query::{
    Binder, CopyIn, Dialect, FromRow, MySql, Postgres, Query, RowSource, SqlFor, Sqlite,
};
pub use rust_decimal::Decimal;
pub use schema::{Column, Table};
#[cfg(feature = "serde")]
#[doc(hidden)]
pub use serde;
#[cfg(feature = "json")]
#[doc(hidden)]
pub use serde_json;
#[cfg(feature = "time")]
#[doc(hidden)]
pub use time;
pub use transaction::{
    IsolationLevel, RetryOptions, Transaction, TransactionBehavior, TransactionOptions,
};
#[cfg(feature = "uuid")]
#[doc(hidden)]
pub use uuid;
pub use value::{Value, ValueRef};

/// `Result` with the runtime's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
