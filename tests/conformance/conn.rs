//! The dialects the conformance cases run on, and one connection type over them, so that a
//! case's test is written once and runs the same `query!` statement value on each dialect.

use std::fmt;

use sqlmint::{mysql, postgres, sqlite, MySql, Postgres, Query, Result, SqlFor, Sqlite};

use crate::db;

/// A statement that SQLite, PostgreSQL and MySQL can all run: `query!` rendered its SQL for
/// each.
pub trait Statement: SqlFor<Sqlite> + SqlFor<Postgres> + SqlFor<MySql> {}

impl<Q: SqlFor<Sqlite> + SqlFor<Postgres> + SqlFor<MySql>> Statement for Q {}

/// A dialect the conformance tests run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgresql,
    /// MariaDB, which the corpus ran its `mysql` dialect on.
    Mysql,
}

impl Dialect {
    /// Every dialect the tests run on, in the order a case runs on them.
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mysql];

    /// The dialect's name in the corpus (`dialects`, `sql.<name>`, `results.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgresql => "postgresql",
            Dialect::Mysql => "mysql",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgresql => "PostgreSQL",
            Dialect::Mysql => "MariaDB",
        })
    }
}

/// A connection to a fresh database of one dialect. Its methods take any [`Statement`] and
/// run it with that dialect's SQL.
pub enum Conn {
    /// An in-memory SQLite database.
    Sqlite(sqlite::Connection),
    /// A database of its own on the throwaway PostgreSQL test server (boxed: the connection
    /// is three times the size of SQLite's).
    Postgres(Box<postgres::Connection>),
    /// A database of its own on the throwaway MariaDB test server.
    MySql(Box<mysql::Connection>),
}

impl Conn {
    /// A fresh, empty database of `dialect` holding the schema's tables.
    pub fn with_schema(dialect: Dialect) -> Self {
        let conn = match dialect {
            Dialect::Sqlite => Conn::Sqlite(
                sqlite::Connection::open_in_memory().expect("open an in-memory SQLite database"),
            ),
            Dialect::Postgresql => {
                let url = sqlmint_test_support::database();
                Conn::Postgres(Box::new(
                    postgres::Connection::connect(&url)
                        .unwrap_or_else(|e| panic!("connect to the test database {url}: {e}")),
                ))
            }
            Dialect::Mysql => {
                let url = sqlmint_test_support::mysql::database();
                Conn::MySql(Box::new(mysql::Connection::connect(&url).unwrap_or_else(
                    |e| panic!("connect to the test database {url}: {e}"),
                )))
            }
        };
        match &conn {
            Conn::Sqlite(c) => db::create_all(c),
            Conn::Postgres(c) => db::create_all(&**c),
            Conn::MySql(c) => db::create_all(&**c),
        }
        .unwrap_or_else(|e| panic!("create the schema's tables on {dialect}: {e}"));
        conn
    }

    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgresql,
            Conn::MySql(_) => Dialect::Mysql,
        }
    }

    /// The SQL this connection runs for `Q`.
    pub fn sql<Q: Statement>(&self) -> &'static str {
        match self {
            Conn::Sqlite(_) => <Q as SqlFor<Sqlite>>::SQL,
            Conn::Postgres(_) => <Q as SqlFor<Postgres>>::SQL,
            Conn::MySql(_) => <Q as SqlFor<MySql>>::SQL,
        }
    }

    /// The SQL this connection runs for `Q`, a statement MySQL cannot run; panics on MySQL.
    pub fn sql_without_mysql<Q: SqlFor<Sqlite> + SqlFor<Postgres>>(&self) -> &'static str {
        match self {
            Conn::Sqlite(_) => <Q as SqlFor<Sqlite>>::SQL,
            Conn::Postgres(_) => <Q as SqlFor<Postgres>>::SQL,
            Conn::MySql(_) => panic!("a statement MySQL cannot run was run on MySQL"),
        }
    }

    /// Runs a statement; how many rows it changed.
    pub fn execute<Q: Statement>(&self, query: &Q) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => c.execute(query),
            Conn::Postgres(c) => c.execute(query),
            Conn::MySql(c) => c.execute(query),
        }
    }

    /// Runs a statement once per item, in one transaction; the summed rowcount.
    pub fn execute_many<Q: Statement>(&self, items: impl IntoIterator<Item = Q>) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => c.execute_many(items),
            Conn::Postgres(c) => c.execute_many(items),
            Conn::MySql(c) => c.execute_many(items),
        }
    }

    /// Runs a query and reads every row.
    pub fn fetch_all<Q: Statement>(&self, query: &Q) -> Result<Vec<<Q as Query>::Row>> {
        match self {
            Conn::Sqlite(c) => c.fetch_all(query),
            Conn::Postgres(c) => c.fetch_all(query),
            Conn::MySql(c) => c.fetch_all(query),
        }
    }

    /// Runs a query and reads its first row.
    pub fn fetch_one<Q: Statement>(&self, query: &Q) -> Result<<Q as Query>::Row> {
        match self {
            Conn::Sqlite(c) => c.fetch_one(query),
            Conn::Postgres(c) => c.fetch_one(query),
            Conn::MySql(c) => c.fetch_one(query),
        }
    }

    /// Runs a statement that MySQL cannot run (`query!` rendered no MySQL SQL for it) on
    /// SQLite or PostgreSQL; panics on MySQL, which the case must not apply to.
    pub fn fetch_all_without_mysql<Q: SqlFor<Sqlite> + SqlFor<Postgres>>(
        &self,
        query: &Q,
    ) -> Result<Vec<<Q as Query>::Row>> {
        match self {
            Conn::Sqlite(c) => c.fetch_all(query),
            Conn::Postgres(c) => c.fetch_all(query),
            Conn::MySql(_) => panic!("a statement MySQL cannot run was run on MySQL"),
        }
    }

    /// Runs a statement only MySQL can run; panics on the others, which the case must not
    /// apply to.
    pub fn execute_only_on_mysql<Q: SqlFor<MySql>>(&self, query: &Q) -> Result<u64> {
        match self {
            Conn::MySql(c) => c.execute(query),
            other => panic!("a MySQL-only statement was run on {}", other.dialect()),
        }
    }

    /// Runs a statement that SQLite cannot run on PostgreSQL or MySQL; panics on SQLite,
    /// which the case must not apply to.
    pub fn execute_without_sqlite<Q: SqlFor<Postgres> + SqlFor<MySql>>(
        &self,
        query: &Q,
    ) -> Result<u64> {
        match self {
            Conn::Postgres(c) => c.execute(query),
            Conn::MySql(c) => c.execute(query),
            Conn::Sqlite(_) => panic!("a statement SQLite cannot run was run on SQLite"),
        }
    }
}
