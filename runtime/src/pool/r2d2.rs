//! r2d2 managers for the synchronous executors: the pool holds sqlmint connections (not the
//! drivers' clients), so a connection's statement cache lives as long as the connection, and
//! checks each one before handing it out.
//!
//! ```no_run
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let pool = sqlmint_runtime::sqlite::Pool::new(sqlmint_runtime::sqlite::Manager::new("app.db"))?;
//! let conn = pool.get()?; // a `sqlmint_runtime::sqlite::Connection`, back in the pool when dropped
//! conn.execute_batch("CREATE TABLE IF NOT EXISTS visit (page TEXT)")?;
//! # Ok(())
//! # }
//! ```

use crate::error::Error;
use crate::Result;

/// The r2d2 crate, at the version sqlmint's managers implement, for its `Pool::builder`
/// settings (size, timeouts).
pub use ::r2d2 as driver;

/// Makes and checks the connections of an r2d2 pool of `C`s (a backend's `Connection`).
///
/// Made by the backend's `Manager::new` (a URL, or a path for SQLite), or by
/// [`Manager::from_fn`] for a connection made by hand (TLS, settings of the driver's own).
pub struct Manager<C> {
    connect: Box<dyn Fn() -> Result<C> + Send + Sync>,
}

impl<C> std::fmt::Debug for Manager<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager").finish_non_exhaustive()
    }
}

impl<C: Pooled> Manager<C> {
    /// A manager whose connections `connect` makes: e.g. `Manager::from_fn(move ||
    /// Ok(Connection::from_driver(config.connect(tls.clone())?)))` for PostgreSQL over TLS.
    pub fn from_fn(connect: impl Fn() -> Result<C> + Send + Sync + 'static) -> Self {
        Manager {
            connect: Box::new(connect),
        }
    }
}

/// A connection an r2d2 pool of sqlmint's can hold: how it is checked before each checkout
/// and how it shows it is broken. Sealed: implemented by the synchronous executors'
/// connections.
pub trait Pooled: Send + Sized + 'static + sealed::Sealed {
    /// One round trip to the server (nothing on SQLite): an error means the connection is
    /// of no further use and the pool replaces it.
    fn check(&mut self) -> Result<()>;

    /// Whether the connection is known broken without a round trip.
    fn is_broken(&mut self) -> bool {
        false
    }
}

mod sealed {
    pub trait Sealed {}
}

impl<C: Pooled> ::r2d2::ManageConnection for Manager<C> {
    type Connection = C;
    type Error = Error;

    fn connect(&self) -> Result<C> {
        (self.connect)()
    }

    fn is_valid(&self, conn: &mut C) -> Result<()> {
        conn.check()
    }

    fn has_broken(&self, conn: &mut C) -> bool {
        conn.is_broken()
    }
}

#[cfg(feature = "sqlite")]
impl sealed::Sealed for crate::sqlite::Connection {}

#[cfg(feature = "sqlite")]
impl Pooled for crate::sqlite::Connection {
    fn check(&mut self) -> Result<()> {
        self.execute_batch("")
    }
}

#[cfg(feature = "sqlite")]
impl Manager<crate::sqlite::Connection> {
    /// Connections to the database file at `path`, each waiting up to five seconds for
    /// another's write lock rather than failing at once with `SQLITE_BUSY`. (An in-memory
    /// database is private to its connection: pool a file.)
    pub fn new(path: impl Into<std::path::PathBuf>) -> Self {
        let path = path.into();
        Self::from_fn(move || {
            let conn = crate::sqlite::Connection::open(&path)?;
            conn.driver()
                .busy_timeout(std::time::Duration::from_secs(5))?;
            Ok(conn)
        })
    }
}

#[cfg(feature = "postgres")]
impl sealed::Sealed for crate::postgres::Connection {}

#[cfg(feature = "postgres")]
impl Pooled for crate::postgres::Connection {
    fn check(&mut self) -> Result<()> {
        self.execute_batch("")
    }

    fn is_broken(&mut self) -> bool {
        self.driver().map_or(true, |client| client.is_closed())
    }
}

#[cfg(feature = "postgres")]
impl Manager<crate::postgres::Connection> {
    /// Connections without TLS to `url` (`postgres://user:password@host:port/db`), which is
    /// checked here.
    pub fn new(url: &str) -> Result<Self> {
        let config: ::postgres::Config = url.parse()?;
        Ok(Self::from_fn(move || {
            Ok(crate::postgres::Connection::from_driver(
                config.connect(::postgres::NoTls)?,
            ))
        }))
    }
}

#[cfg(feature = "mysql")]
impl sealed::Sealed for crate::mysql::Connection {}

#[cfg(feature = "mysql")]
impl Pooled for crate::mysql::Connection {
    fn check(&mut self) -> Result<()> {
        Ok(self.driver()?.ping()?)
    }
}

#[cfg(feature = "mysql")]
impl Manager<crate::mysql::Connection> {
    /// Connections without TLS to `url` (`mysql://user:password@host:port/db`), which is
    /// checked here, with the settings of [`crate::mysql::Connection::connect`].
    pub fn new(url: &str) -> Result<Self> {
        let opts = ::mysql::Opts::from_url(url).map_err(::mysql::Error::UrlError)?;
        Ok(Self::from_fn(move || {
            crate::mysql::Connection::connect_with(::mysql::OptsBuilder::from_opts(opts.clone()))
        }))
    }
}
