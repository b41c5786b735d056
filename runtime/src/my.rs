//! What the synchronous and asynchronous MariaDB executors share: parameters in placeholder
//! order and rows read as [`ValueRef`](crate::ValueRef)s (`values.rs`), what `verify` reads
//! from `information_schema` (`catalog.rs`), and the session every connection sets up.
//!
//! Both drivers (`mysql` and `mysql_async`) carry the same `mysql_common` types (`Row`,
//! `Params`, `Value`), so this code reads and writes them once for both.

pub(crate) mod catalog;
pub(crate) mod values;

#[cfg(feature = "mysql")]
pub(crate) use ::mysql as wire;
#[cfg(all(feature = "mysql-async", not(feature = "mysql")))]
pub(crate) use ::mysql_async as wire;

/// The most parameters one prepared statement binds: the protocol counts them in 16 bits.
pub(crate) const BIND_LIMIT: usize = u16::MAX as usize;

/// How many prepared statements the driver keeps per connection, keyed by their SQL; the
/// least recently used is closed on the server beyond it.
pub(crate) const STATEMENT_CACHE: usize = 512;

/// What every connection runs first: TIMESTAMPTZ values are UTC, and a key written as 0 is
/// stored as 0, as on SQLite and PostgreSQL (MySQL would take 0, like NULL, as "generate one").
pub(crate) const SESSION: &str =
    "SET time_zone = '+00:00', sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')";

/// Whether the server has a transaction open on the connection (MariaDB's variable): a
/// `START TRANSACTION` inside one would commit it.
pub(crate) const IN_TRANSACTION: &str = "SELECT @@in_transaction";

/// The server error that rolls back the whole transaction, not only its statement.
pub(crate) const DEADLOCK: u16 = 1213;

/// The key the connection's last `INSERT` generated, kept by the server across the
/// statements after it (the OK packet's own value is the last statement's: 0 after a
/// `COMMIT`).
pub(crate) const LAST_INSERT_ID: &str = "SELECT LAST_INSERT_ID()";
