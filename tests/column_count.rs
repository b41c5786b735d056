//! A statement whose row type reads another number of columns than its SQL returns fails
//! with `Error::ColumnCount` before any row is read, on every executor; the statements
//! `query!` generates agree with their rows.

mod async_postgres;

use sqlmint::{Binder, Dialect, Error, FromRow, Query, RowSource, SqlFor};

sqlmint::schema! {
    pub mod db {
        table item { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL }
    }
}

/// A row that claims two columns, written by hand as generated code would be were it out of
/// step with its SQL.
#[derive(Debug)]
struct TwoColumns;

impl FromRow for TwoColumns {
    const COLUMNS: usize = 2;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        row.value(0)?;
        row.value(1)?;
        Ok(TwoColumns)
    }
}

/// `SELECT name FROM item`: one column, read as two.
struct DriftedSelect;

impl Query for DriftedSelect {
    type Row = TwoColumns;
    const COLUMNS: usize = TwoColumns::COLUMNS;

    fn decode_row<R: RowSource + ?Sized>(row: &R) -> Result<TwoColumns, Error> {
        TwoColumns::from_row(row)
    }

    fn bind<'q>(&'q self, _: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl<D: Dialect> SqlFor<D> for DriftedSelect {
    const SQL: &'static str = "SELECT name FROM item";
}

fn is_column_count(result: Result<impl std::fmt::Debug, Error>) {
    match result {
        Err(Error::ColumnCount {
            sql,
            expected: 2,
            found: 1,
        }) => assert_eq!(sql, "SELECT name FROM item"),
        other => panic!("expected Error::ColumnCount, got {other:?}"),
    }
}

fn drift_is_an_error<E: sqlmint::Executor>(conn: &E) {
    db::create_all(conn).unwrap();
    conn.execute(&db::query!(INSERT INTO item (name) VALUES ("a")))
        .unwrap();
    is_column_count(conn.fetch_all(&DriftedSelect));
    is_column_count(conn.fetch_one(&DriftedSelect));
    is_column_count(conn.fetch_optional(&DriftedSelect));
    // The same check again, from the cached statement.
    is_column_count(conn.fetch_all(&DriftedSelect));
    let rows = conn
        .fetch_all(&db::query!(SELECT id, name FROM item))
        .unwrap();
    assert_eq!(rows.len(), 1);
}

#[test]
fn on_sqlite() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    drift_is_an_error(&conn);
    is_column_count(conn.fetch(&DriftedSelect).map(|_| ()));
}

#[test]
fn on_postgres() {
    let conn = sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).unwrap();
    drift_is_an_error(&conn);
    is_column_count(conn.fetch(&DriftedSelect).map(|_| ()));
}

#[tokio::test]
async fn on_tokio_postgres() {
    let conn = async_postgres::connect_with(&db::CREATE_ALL).await;
    is_column_count(conn.fetch_all(&DriftedSelect).await);
    is_column_count(conn.fetch_optional(&DriftedSelect).await);
    let mut rows = std::pin::pin!(conn.fetch(&DriftedSelect));
    is_column_count(futures_util::TryStreamExt::try_next(&mut rows).await);
}
