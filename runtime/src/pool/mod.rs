//! Connection pools built in: managers for r2d2 (the synchronous executors) and deadpool (the
//! asynchronous ones), so a pool of sqlmint connections is two lines and each pooled
//! connection keeps its prepared statements from one checkout to the next.
//!
//! Each executor module names its own: `sqlmint::postgres::{Manager, Pool}` is an r2d2 pool
//! of `sqlmint::postgres::Connection`s, `sqlmint::tokio_postgres::{Manager, Pool}` a deadpool
//! pool of the asynchronous ones.

#[cfg(feature = "deadpool")]
pub mod deadpool;
#[cfg(feature = "r2d2")]
pub mod r2d2;
