//! What only a hand-written statement can show about the SQLite executor: how raw `Value`s
//! of every kind bind, and how one SQL text bound with fewer values than before binds.
//! Everything else runs on statements made by `query!`, in the workspace's `tests/sqlite.rs`.

use sqlmint_runtime::query::decode_column;
use sqlmint_runtime::sql_types::{Nullable, TEXT};
use sqlmint_runtime::sqlite::Connection;
use sqlmint_runtime::{Binder, Decimal, Error, FromRow, Query, RowSource, SqlFor, Sqlite, Value};

fn connect() -> Connection {
    let conn = Connection::open_in_memory().expect("open in-memory database");
    conn.execute_batch(
        "CREATE TABLE user_account (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fullname TEXT)",
    )
    .expect("create schema");
    conn
}

/// `SELECT :value` with a value of any kind, to see what binding does with it.
struct SelectValue(Value<'static>);

struct Raw {
    kind: String,
    text: Option<String>,
}

impl FromRow for Raw {
    const COLUMNS: usize = 2;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        Ok(Raw {
            kind: decode_column::<TEXT, String, _>(row, 0, "kind")?,
            text: decode_column::<TEXT, Option<String>, _>(row, 1, "text")?,
        })
    }
}

impl Query for SelectValue {
    type Row = Raw;
    const COLUMNS: usize = Raw::COLUMNS;

    fn decode_row<R: RowSource + ?Sized>(row: &R) -> Result<Raw, Error> {
        Raw::from_row(row)
    }

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, self.0.clone())
    }
}

impl SqlFor<Sqlite> for SelectValue {
    const SQL: &'static str = "SELECT typeof(?1), CAST(?1 AS TEXT)";
}

#[test]
fn values_bind_as_sqlite_types() -> Result<(), Error> {
    let conn = connect();
    let cases: [(Value<'static>, &str, Option<&str>); 7] = [
        (Value::Null, "null", None),
        (Value::Int(-7), "integer", Some("-7")),
        (Value::Float(2.5), "real", Some("2.5")),
        (Value::Decimal(Decimal::new(122, 1)), "text", Some("12.2")),
        (Value::Bool(true), "integer", Some("1")),
        (Value::Text("héllo".into()), "text", Some("héllo")),
        (Value::Blob(b"\x00ab"), "blob", Some("\0ab")),
    ];
    for (value, kind, text) in cases {
        let raw = conn.fetch_one(&SelectValue(value.clone()))?;
        assert_eq!(raw.kind, kind, "{value:?}");
        assert_eq!(raw.text.as_deref(), text, "{value:?}");
    }
    Ok(())
}

/// `INSERT INTO user_account (name, fullname) VALUES (?1, ?2)`, both bound.
struct InsertUser<'a> {
    name: &'a str,
    fullname: Option<&'a str>,
}

impl Query for InsertUser<'_> {
    type Row = ();
    const COLUMNS: usize = 0;

    fn decode_row<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> {
        Ok(())
    }

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        sqlmint_runtime::query::bind::<TEXT, _>(binder, 0, self.name)?;
        sqlmint_runtime::query::bind::<Nullable<TEXT>, _>(binder, 1, &self.fullname)
    }
}

impl SqlFor<Sqlite> for InsertUser<'_> {
    const SQL: &'static str = "INSERT INTO user_account (name, fullname) VALUES (?1, ?2)";
}

/// The same SQL with only `?1` bound: `?2` must be NULL, not what the cached statement
/// held from its last run.
struct InsertUserNameOnly<'a> {
    name: &'a str,
}

impl Query for InsertUserNameOnly<'_> {
    type Row = ();
    const COLUMNS: usize = 0;

    fn decode_row<R: RowSource + ?Sized>(_: &R) -> Result<(), Error> {
        Ok(())
    }

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        sqlmint_runtime::query::bind::<TEXT, _>(binder, 0, self.name)
    }
}

impl SqlFor<Sqlite> for InsertUserNameOnly<'_> {
    const SQL: &'static str = InsertUser::SQL;
}

#[test]
fn a_cached_statement_bound_with_fewer_values_keeps_none_of_the_last_ones() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&InsertUser {
        name: "a",
        fullname: Some("A"),
    })?;
    conn.execute(&InsertUserNameOnly { name: "c" })?;
    let fullnames: Vec<Option<String>> = conn
        .driver()
        .prepare("SELECT fullname FROM user_account ORDER BY id")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    assert_eq!(fullnames, [Some("A".to_owned()), None]);
    Ok(())
}
