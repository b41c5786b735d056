//! Compile-time checked SQL. Declare a schema, write SQL inside `query!`, and get every name
//! and type mistake as a compile error at the offending token; what survives compilation is a
//! static SQL string per dialect, a typed parameter list and a typed row, run by a thin
//! executor.
//!
//! ```
//! sqlmint::schema! {
//!     pub mod db {
//!         table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
//!         table address {
//!             id: INTEGER PRIMARY KEY,
//!             user_id: INTEGER NOT NULL REFERENCES user_account(id),
//!             email_address: VARCHAR(200) NOT NULL,
//!         }
//!     }
//! }
//!
//! fn main() -> Result<(), sqlmint::Error> {
//!     let conn = sqlmint::sqlite::Connection::open_in_memory()?;
//!     db::create_all(&conn)?;
//!
//!     // Named parameters: one prepared statement, many parameter sets.
//!     let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
//!     conn.execute_many([
//!         insert.params("spongebob", Some("Spongebob Squarepants")),
//!         insert.params("sandy", None),
//!     ])?;
//!
//!     // `{expr}` binds a Rust value in place; its type is checked against `name`'s.
//!     let wanted = "sandy";
//!     let user = conn.fetch_one(&db::query!(
//!         SELECT id, fullname FROM user_account WHERE name = {wanted}
//!     ))?;
//!     assert_eq!(user.fullname, None); // `fullname` is nullable, so the field is Option<String>
//!
//!     let emails = conn.fetch_all(&db::query!(
//!         SELECT user_account.name, count(address.id) AS emails
//!         FROM user_account LEFT JOIN address
//!         GROUP BY user_account.name ORDER BY emails DESC
//!     ))?;
//!     assert_eq!(emails.len(), 2);
//!     Ok(())
//! }
//! ```
//!
//! # `schema!`
//! A module of tables and views. Column types: `SMALLINT`, `INTEGER`, `BIGINT`, `REAL`,
//! `DOUBLE`, `NUMERIC(p, s)`, `TEXT`, `VARCHAR(n)`, `BOOLEAN`, `BLOB`, `DATE`, `TIMESTAMP`,
//! `TIMESTAMPTZ`, `UUID`, `JSON`, arrays; constraints `NOT NULL`,
//! `PRIMARY KEY [AUTOINCREMENT]`, `UNIQUE`, `DEFAULT value` (a constant, a function call or an
//! expression in parentheses), `CHECK (condition)`,
//! `REFERENCES table(column) [ON DELETE action]`, and table-level `PRIMARY KEY (a, b)`,
//! `UNIQUE (a, b)`, `FOREIGN KEY (a, b) REFERENCES t (x, y)`, `CHECK (condition)`;
//! `view name { SELECT ... }` declares a read-only view whose columns are its query's
//! (docs/book/src/schema.md). It generates, in the module: per table a module
//! holding a zero-sized `table` type and one per column (implementing [`Table`] and
//! [`Column`]); a row struct per table (`user_account` → `UserAccount`); `create_all` and
//! `drop_all`; and the `query!` macro bound to this schema.
//!
//! `query!` finds the module through `$crate::<module>`, so declare the schema at the crate
//! root, or say where it is with `#[sqlmint(path = crate::models::db)]` before `pub mod`.
//!
//! # `query!`
//! SQL written as Rust tokens, not inside a string: SQL's strings go in double quotes
//! (`WHERE name = "sandy"`), `:name` for a named parameter
//! (supplied later with `.params(...)`), `{expr}` for a Rust value bound in place. The macro
//! evaluates to a statement value implementing [`Query`] and [`SqlFor`] for each dialect; run
//! it with a connection's `execute`, `fetch_all`, `fetch_one`, `fetch_optional` or `fetch`
//! (lazy rows).
//!
//! Where an item goes, `query!` with a module head declares a *named statement*, whose row
//! and statement types can be named from anywhere (docs/book/src/rows.md):
//!
//! ```
//! sqlmint::schema! {
//!     pub mod db {
//!         table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL }
//!     }
//! }
//!
//! db::query! {
//!     /// One user's id by name.
//!     pub mod user_id {
//!         SELECT id FROM user_account WHERE name = :name
//!     }
//! }
//!
//! fn find(conn: &sqlmint::sqlite::Connection, name: &str) -> sqlmint::Result<Vec<user_id::Row>> {
//!     conn.fetch_all(&user_id::new(name))
//! }
//! # fn main() {
//! # let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
//! # db::create_all(&conn).unwrap();
//! # assert!(find(&conn, "sandy").unwrap().is_empty());
//! # }
//! ```
//!
//! Attributes on a named statement other than docs (`#[derive(serde::Serialize)]`) go to its
//! `Row`; on a table in `schema!`, to the table's row struct.
//!
//! # Rows: your structs, nested rows, inserted structs
//! `#[derive(FromRow)]` and `query_as!(Struct, SQL)` (or `pub mod name -> Struct { SQL }`)
//! read rows into the application's own struct, columns matched with fields by name at
//! compile time; a SELECT of whole tables' wildcards reads a tuple of their row structs, an
//! outer-joined side as an `Option`; each table's row struct and its `New...` struct insert
//! themselves (docs/book/src/rows.md):
//!
//! ```
//! sqlmint::schema! {
//!     pub mod db {
//!         table users { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL }
//!         table posts {
//!             id: INTEGER PRIMARY KEY,
//!             author_id: INTEGER NOT NULL REFERENCES users(id),
//!             title: TEXT NOT NULL,
//!         }
//!     }
//! }
//!
//! #[derive(Debug, sqlmint::FromRow)]
//! struct Headline {
//!     id: i64,
//!     #[sqlmint(rename = "title")]
//!     text: String,
//! }
//!
//! fn main() -> sqlmint::Result<()> {
//!     let conn = sqlmint::sqlite::Connection::open_in_memory()?;
//!     db::create_all(&conn)?;
//!     // `NewUsers` has every column but the generated key; `returning()` reads back the row.
//!     let ada = conn.fetch_one(&db::NewUsers { name: "ada".into() }.returning())?;
//!     conn.execute(&db::NewUsers { name: "grace".into() })?;
//!     conn.execute_many(&[db::NewPosts { author_id: ada.id, title: "notes".into() }])?;
//!
//!     let headlines: Vec<Headline> =
//!         conn.fetch_all(&db::query_as!(Headline, SELECT id, title FROM posts))?;
//!     assert_eq!(headlines[0].text, "notes");
//!
//!     let rows: Vec<(db::Users, Option<db::Posts>)> = conn.fetch_all(&db::query!(
//!         SELECT users.*, posts.* FROM users LEFT JOIN posts ORDER BY users.id, posts.id
//!     ))?;
//!     let by_user = sqlmint::rows::group_consecutive(rows, |user| user.id);
//!     assert_eq!(by_user[1].0.name, "grace");
//!     assert!(by_user[1].1.is_empty());
//!     Ok(())
//! }
//! ```
//!
//! # Features
//! | feature | what it adds |
//! | --- | --- |
//! | `sqlite` (default) | [`sqlite::Connection`], SQLite through `rusqlite` with its library bundled |
//! | `postgres` | `postgres::Connection`, PostgreSQL through the synchronous `postgres` crate |
//! | `tokio-postgres` | `tokio_postgres::Connection`, PostgreSQL with `.await` |
//! | `mysql` | `mysql::Connection`, MariaDB through the synchronous `mysql` crate |
//! | `mysql-async` | `mysql_async::Connection`, MariaDB with `.await` through `mysql_async` |
//! | `r2d2` | `Manager` and `Pool` in `sqlite`, `postgres` and `mysql`: r2d2 pools of their connections |
//! | `deadpool` | `Manager` and `Pool` in `tokio_postgres` and `mysql_async`: deadpool pools of theirs |
//! | `chrono` | DATE, TIMESTAMP and TIMESTAMPTZ as `chrono::NaiveDate`, `NaiveDateTime`, `DateTime<Utc>` (text without it) |
//! | `time` | the same as the `time` crate's `Date`, `PrimitiveDateTime`, `OffsetDateTime` (chrono's win when both are on; both bind and read either way) |
//! | `uuid` | UUID as `uuid::Uuid` (text without it) |
//! | `json` | JSON and JSONB as `serde_json::Value` (text without it) |
//! | `serde` | every row struct `schema!` and `query!` generate derives `Serialize` and `Deserialize` |
//!
//! A PostgreSQL-only application turns the default off:
//! `sqlmint = { version = "0.1", default-features = false, features = ["postgres"] }`.
#![warn(missing_docs)]

pub use sqlmint_macros::{schema, FromRow};
pub use sqlmint_runtime::encode::Null;
// The PostgreSQL drivers are nameable as `postgres::driver` and `tokio_postgres::driver`.
// `rusqlite` is not re-exported: a public path to `rusqlite::Connection` would make rustc
// spell `sqlmint::sqlite::Connection` in full in every diagnostic that names it.
/// MariaDB and MySQL, through the synchronous `mysql` crate (its driver as `mysql::driver`).
#[cfg(feature = "mysql")]
pub use sqlmint_runtime::mysql;
/// MariaDB and MySQL with `.await`, through `mysql_async` (its driver as
/// `mysql_async::driver`).
#[cfg(feature = "mysql-async")]
pub use sqlmint_runtime::mysql_async;
/// Connection pools: the r2d2 and deadpool managers behind each executor's `Manager` and
/// `Pool`, and the pool crates themselves (`pool::r2d2::driver`, `pool::deadpool::driver`).
#[cfg(any(feature = "r2d2", feature = "deadpool"))]
pub use sqlmint_runtime::pool;
#[cfg(feature = "postgres")]
pub use sqlmint_runtime::postgres;

/// The `chrono` crate, whose types DATE and TIMESTAMP columns read as with the `chrono` feature.
#[cfg(feature = "chrono")]
pub use sqlmint_runtime::chrono;
/// One value per dialect, as a schema's `CREATE_ALL` holds its DDL for `execute_ddl`.
pub use sqlmint_runtime::schema::PerDialect;
/// The `serde_json` crate, whose `Value` JSON columns read as with the `json` feature.
#[cfg(feature = "json")]
pub use sqlmint_runtime::serde_json;
/// SQLite, through `rusqlite` with the library bundled (the default `sqlite` feature).
#[cfg(feature = "sqlite")]
pub use sqlmint_runtime::sqlite;
/// The `time` crate, whose types DATE and TIMESTAMP columns read as with the `time` feature.
#[cfg(feature = "time")]
pub use sqlmint_runtime::time;
#[cfg(feature = "tokio-postgres")]
pub use sqlmint_runtime::tokio_postgres;
/// The `uuid` crate, whose `Uuid` UUID columns read as with the `uuid` feature.
#[cfg(feature = "uuid")]
pub use sqlmint_runtime::uuid;
pub use sqlmint_runtime::{
    constructs, decode, encode, escape_like, migrate, rows, sql_types, trace, value, verify,
    Binder, Column, CopyIn, Decimal, Decode, DecodeError, Dialect, Encode, EncodeError,
    EncodeOptional, Error, Executor, FromRow, IsolationLevel, MySql, Postgres, Query, Result,
    RetryOptions, RowSource, SqlFor, Sqlite, Table, Transaction, TransactionBehavior,
    TransactionOptions,
};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub mod build;

/// What generated code needs; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use sqlmint_macros::query;
    pub use sqlmint_macros::row_shape;
    pub use sqlmint_runtime::batch::BatchTemplate;
    pub use sqlmint_runtime::encode::{Checked, CheckedOptional};
    pub use sqlmint_runtime::query::ParamsBound;
    pub use sqlmint_runtime::query::{bind, bind_given};
    pub use sqlmint_runtime::query::{column_is_null, decode_column, decode_nullable, RowParts};
    pub use sqlmint_runtime::schema::{for_dialect, PerDialect};
    #[cfg(feature = "serde")]
    pub use sqlmint_runtime::serde;
    pub use sqlmint_runtime::{Binder, RowSource};

    /// The value of a `query!` whose SQL did not compile: it lets the code around the macro
    /// type-check so the SQL's own error is the only one reported.
    #[derive(Debug, Clone, Copy)]
    pub struct Invalid;

    impl crate::Query for Invalid {
        type Row = ();
        const COLUMNS: usize = 0;

        fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> crate::Result<()> {
            Ok(())
        }

        fn decode_row<R: RowSource + ?Sized>(_: &R) -> crate::Result<()> {
            Ok(())
        }
    }

    impl<D: crate::Dialect> crate::SqlFor<D> for Invalid {
        const SQL: &'static str = "";
    }

    /// [`Invalid`] for a statement that reads into the application's struct `Row`, so the
    /// code that uses its rows still type-checks.
    pub struct InvalidAs<Row>(::core::marker::PhantomData<fn() -> Row>);

    impl<Row> InvalidAs<Row> {
        /// The stand-in.
        pub const NEW: Self = InvalidAs(::core::marker::PhantomData);
    }

    impl<Row> Clone for InvalidAs<Row> {
        fn clone(&self) -> Self {
            *self
        }
    }

    impl<Row> Copy for InvalidAs<Row> {}

    impl<Row> crate::Query for InvalidAs<Row> {
        type Row = Row;
        const COLUMNS: usize = 0;

        fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> crate::Result<()> {
            Ok(())
        }

        fn decode_row<R: RowSource + ?Sized>(_: &R) -> crate::Result<Row> {
            Err(crate::Error::Usage(
                "a statement whose SQL did not compile was run".to_owned(),
            ))
        }
    }

    impl<D: crate::Dialect, Row> crate::SqlFor<D> for InvalidAs<Row> {
        const SQL: &'static str = "";
    }
}
