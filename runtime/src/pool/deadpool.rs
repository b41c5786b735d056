//! deadpool managers for the asynchronous executors: the pool holds sqlmint connections, so
//! a connection's statement cache lives as long as the connection, and each one is checked
//! with a round trip before it is handed out again.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use sqlmint_runtime::tokio_postgres::{Manager, Pool};
//!
//! let pool = Pool::builder(Manager::new("postgres://app@localhost/app")?).max_size(16).build()?;
//! let conn = pool.get().await?; // a `sqlmint_runtime::tokio_postgres::Connection`
//! conn.execute_batch("SELECT 1").await?;
//! # Ok(())
//! # }
//! ```

#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
use crate::{error::Error, Result};
#[cfg(any(feature = "tokio-postgres", feature = "mysql-async"))]
use ::deadpool::managed::{Metrics, RecycleResult};

/// deadpool's managed pools, at the version sqlmint's managers implement, for their builder's
/// settings (size, timeouts) and errors.
pub use ::deadpool::managed as driver;

/// Makes and checks the connections of a deadpool pool of the asynchronous PostgreSQL
/// executor's: `sqlmint::tokio_postgres::Manager`.
#[cfg(feature = "tokio-postgres")]
#[derive(Debug)]
pub struct PostgresManager {
    config: ::tokio_postgres::Config,
}

#[cfg(feature = "tokio-postgres")]
impl PostgresManager {
    /// Connections without TLS to `url` (`postgres://user:password@host:port/db`), which is
    /// checked here; each connection's task runs on the Tokio runtime that makes it.
    pub fn new(url: &str) -> Result<Self> {
        Ok(PostgresManager {
            config: url.parse()?,
        })
    }
}

#[cfg(feature = "tokio-postgres")]
impl ::deadpool::managed::Manager for PostgresManager {
    type Type = crate::tokio_postgres::Connection;
    type Error = Error;

    async fn create(&self) -> Result<Self::Type> {
        crate::tokio_postgres::Connection::connect_config(&self.config).await
    }

    async fn recycle(&self, conn: &mut Self::Type, _: &Metrics) -> RecycleResult<Error> {
        if conn.is_closed() {
            return Err(::deadpool::managed::RecycleError::message(
                "the connection is closed",
            ));
        }
        Ok(conn.execute_batch("").await?)
    }
}

/// Makes and checks the connections of a deadpool pool of the asynchronous MariaDB
/// executor's: `sqlmint::mysql_async::Manager`. (`mysql_async` has a pool of its own, which
/// [`crate::mysql_async::options`] configures; this one pools sqlmint's connections like the
/// PostgreSQL one.)
#[cfg(feature = "mysql-async")]
#[derive(Debug)]
pub struct MySqlManager {
    options: ::mysql_async::OptsBuilder,
}

#[cfg(feature = "mysql-async")]
impl MySqlManager {
    /// Connections without TLS to `url` (`mysql://user:password@host:port/db`), which is
    /// checked here, with the settings of [`crate::mysql_async::options`].
    pub fn new(url: &str) -> Result<Self> {
        Ok(MySqlManager {
            options: crate::mysql_async::options(url)?,
        })
    }
}

#[cfg(feature = "mysql-async")]
impl ::deadpool::managed::Manager for MySqlManager {
    type Type = crate::mysql_async::Connection;
    type Error = Error;

    async fn create(&self) -> Result<Self::Type> {
        let conn = ::mysql_async::Conn::new(self.options.clone()).await?;
        Ok(crate::mysql_async::Connection::from_driver(conn))
    }

    async fn recycle(&self, conn: &mut Self::Type, _: &Metrics) -> RecycleResult<Error> {
        use ::mysql_async::prelude::Queryable;
        let mut driver = conn.driver().await?;
        Ok(driver.ping().await.map_err(Error::from)?)
    }
}
