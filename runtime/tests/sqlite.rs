//! The SQLite executor against an in-memory database, with statement types written by hand the
//! way `query!` generates them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;

use rusqlite::StatementStatus;
use sqlmint_runtime::decode::{decode_column, DecodeError};
use sqlmint_runtime::sql_types::{Nullable, BIGINT, INTEGER, NUMERIC, TEXT};
use sqlmint_runtime::sqlite::{Connection, STATEMENT_CACHE_CAPACITY};
use sqlmint_runtime::{
    Binder, Decimal, Encode, Error, FromRow, Query, RetryOptions, RowSource, SqlFor, Sqlite,
    TransactionOptions, Value,
};
use std::time::Duration;

const SCHEMA: &str = "
    CREATE TABLE user_account (
        id INTEGER PRIMARY KEY,
        name VARCHAR(30) NOT NULL UNIQUE,
        fullname TEXT
    );
    CREATE TABLE price (
        id INTEGER PRIMARY KEY,
        amount NUMERIC(10, 2) NOT NULL
    );
";

fn connect() -> Connection {
    let conn = Connection::open_in_memory().expect("open in-memory database");
    conn.execute_batch(SCHEMA).expect("create schema");
    conn
}

// --- statements, as `query!` would generate them -------------------------------------------

/// `INSERT INTO user_account (name, fullname) VALUES (:name, :fullname)`
struct InsertUser<'a> {
    name: &'a str,
    fullname: Option<&'a str>,
}

impl Query for InsertUser<'_> {
    type Row = ();

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Encode::<TEXT>::to_value(self.name))?;
        binder.bind(1, Encode::<Nullable<TEXT>>::to_value(&self.fullname))?;
        Ok(())
    }
}

impl SqlFor<Sqlite> for InsertUser<'_> {
    const SQL: &'static str = "INSERT INTO user_account (name, fullname) VALUES (?1, ?2)";
}

fn user<'a>(name: &'a str, fullname: Option<&'a str>) -> InsertUser<'a> {
    InsertUser { name, fullname }
}

/// The same SQL as [`InsertUser`], but binding only the first parameter: a cached statement must
/// not keep the second parameter of an earlier run.
struct InsertUserNameOnly<'a> {
    name: &'a str,
}

impl Query for InsertUserNameOnly<'_> {
    type Row = ();

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Encode::<TEXT>::to_value(self.name))
    }
}

impl SqlFor<Sqlite> for InsertUserNameOnly<'_> {
    const SQL: &'static str = InsertUser::SQL;
}

/// `SELECT id, fullname FROM user_account WHERE id >= :min_id ORDER BY id`
struct SelectUsers {
    min_id: i32,
}

#[derive(Debug, PartialEq)]
struct UserRow {
    id: i32,
    fullname: Option<String>,
}

impl FromRow for UserRow {
    const COLUMNS: usize = 2;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        Ok(UserRow {
            id: decode_column::<INTEGER, i32, _>(row, 0, "id")?,
            fullname: decode_column::<TEXT, Option<String>, _>(row, 1, "fullname")?,
        })
    }
}

impl Query for SelectUsers {
    type Row = UserRow;

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Encode::<INTEGER>::to_value(&self.min_id))
    }
}

impl SqlFor<Sqlite> for SelectUsers {
    const SQL: &'static str = "SELECT id, fullname FROM user_account WHERE id >= ?1 ORDER BY id";
}

/// Like [`SelectUsers`], but into a row struct that declares `fullname` NOT NULL (as if the
/// schema said so), to read a NULL where none is allowed.
struct SelectUsersStrict;

#[derive(Debug)]
struct StrictUserRow {
    #[allow(dead_code)]
    id: i32,
    #[allow(dead_code)]
    fullname: String,
}

impl FromRow for StrictUserRow {
    const COLUMNS: usize = 2;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        Ok(StrictUserRow {
            id: decode_column::<INTEGER, i32, _>(row, 0, "id")?,
            fullname: decode_column::<TEXT, String, _>(row, 1, "fullname")?,
        })
    }
}

impl Query for SelectUsersStrict {
    type Row = StrictUserRow;

    fn bind<'q>(&'q self, _binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl SqlFor<Sqlite> for SelectUsersStrict {
    const SQL: &'static str = "SELECT id, fullname FROM user_account ORDER BY id";
}

/// `SELECT name FROM user_account ORDER BY id`
struct SelectNames;

#[derive(Debug, PartialEq)]
struct Name(String);

impl FromRow for Name {
    const COLUMNS: usize = 1;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        decode_column::<TEXT, String, _>(row, 0, "name").map(Name)
    }
}

impl Query for SelectNames {
    type Row = Name;

    fn bind<'q>(&'q self, _binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl SqlFor<Sqlite> for SelectNames {
    const SQL: &'static str = "SELECT name FROM user_account ORDER BY id";
}

/// Names by id, where SQLite itself fails (integer overflow in `abs`) on the row with id 3:
/// shows how far SQLite has stepped.
struct SelectNamesFailingAtThree;

impl Query for SelectNamesFailingAtThree {
    type Row = Name;

    fn bind<'q>(&'q self, _binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl SqlFor<Sqlite> for SelectNamesFailingAtThree {
    const SQL: &'static str = "SELECT CASE WHEN id = 3 THEN abs(-9223372036854775807 - 1) \
                               ELSE name END FROM user_account ORDER BY id";
}

/// `SELECT count(*) FROM user_account`
struct CountUsers;

#[derive(Debug, PartialEq)]
struct Count(i64);

impl FromRow for Count {
    const COLUMNS: usize = 1;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        decode_column::<BIGINT, i64, _>(row, 0, "count").map(Count)
    }
}

impl Query for CountUsers {
    type Row = Count;

    fn bind<'q>(&'q self, _binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl SqlFor<Sqlite> for CountUsers {
    const SQL: &'static str = "SELECT count(*) FROM user_account";
}

/// `DELETE FROM user_account WHERE name = :name RETURNING id`
struct DeleteUserReturning<'a> {
    name: &'a str,
}

struct Id(#[allow(dead_code)] i32);

impl FromRow for Id {
    const COLUMNS: usize = 1;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        decode_column::<INTEGER, i32, _>(row, 0, "id").map(Id)
    }
}

impl Query for DeleteUserReturning<'_> {
    type Row = Id;

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Encode::<TEXT>::to_value(self.name))
    }
}

impl SqlFor<Sqlite> for DeleteUserReturning<'_> {
    const SQL: &'static str = "DELETE FROM user_account WHERE name = ?1 RETURNING id";
}

/// `INSERT INTO price (amount) VALUES (:amount)`
struct InsertPrice {
    amount: Decimal,
}

impl Query for InsertPrice {
    type Row = ();

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Encode::<NUMERIC>::to_value(&self.amount))
    }
}

impl SqlFor<Sqlite> for InsertPrice {
    const SQL: &'static str = "INSERT INTO price (amount) VALUES (?1)";
}

/// `SELECT amount FROM price ORDER BY id`
struct SelectPrices;

#[derive(Debug, PartialEq)]
struct Amount(Decimal);

impl FromRow for Amount {
    const COLUMNS: usize = 1;

    fn from_row<R: RowSource + ?Sized>(row: &R) -> Result<Self, Error> {
        decode_column::<NUMERIC, Decimal, _>(row, 0, "amount").map(Amount)
    }
}

impl Query for SelectPrices {
    type Row = Amount;

    fn bind<'q>(&'q self, _binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        Ok(())
    }
}

impl SqlFor<Sqlite> for SelectPrices {
    const SQL: &'static str = "SELECT amount FROM price ORDER BY id";
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

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, self.0.clone())
    }
}

impl SqlFor<Sqlite> for SelectValue {
    const SQL: &'static str = "SELECT typeof(?1), CAST(?1 AS TEXT)";
}

// --- helpers -----------------------------------------------------------------------------

fn count(conn: &Connection) -> i64 {
    conn.fetch_one(&CountUsers).expect("count users").0
}

fn names(conn: &Connection) -> Vec<String> {
    conn.fetch_all(&SelectNames)
        .expect("select names")
        .into_iter()
        .map(|n| n.0)
        .collect()
}

// --- tests ---------------------------------------------------------------------------------

#[test]
fn execute_returns_the_row_count() -> Result<(), Error> {
    let conn = connect();
    assert_eq!(
        conn.execute(&user("spongebob", Some("Spongebob Squarepants")))?,
        1
    );
    assert_eq!(conn.execute(&user("sandy", None))?, 1);
    assert_eq!(count(&conn), 2);
    assert_eq!(names(&conn), ["spongebob", "sandy"]);
    Ok(())
}

#[test]
fn execute_runs_a_statement_with_returning_and_counts_its_rows() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("a", None))?;
    conn.execute(&user("b", None))?;
    assert_eq!(conn.execute(&DeleteUserReturning { name: "a" })?, 1);
    assert_eq!(conn.execute(&DeleteUserReturning { name: "nobody" })?, 0);
    assert_eq!(names(&conn), ["b"]);
    // A SELECT changes nothing, whatever the previous statement changed.
    conn.execute(&user("c", None))?;
    assert_eq!(conn.execute(&SelectNames)?, 0);
    Ok(())
}

#[test]
fn execute_many_sums_the_row_counts() -> Result<(), Error> {
    let conn = connect();
    let n = conn.execute_many([user("a", None), user("b", Some("B")), user("c", None)])?;
    assert_eq!(n, 3);
    assert_eq!(names(&conn), ["a", "b", "c"]);
    assert_eq!(conn.execute_many(Vec::<InsertUser<'_>>::new())?, 0);
    assert!(conn.driver().is_autocommit());
    Ok(())
}

#[test]
fn execute_many_rolls_back_every_item_when_one_fails() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("existing", None))?;
    let err = conn
        .execute_many([user("d", None), user("e", None), user("existing", None)])
        .expect_err("the third item breaks the UNIQUE constraint");
    assert_eq!(err.sqlite_code(), Some(2067), "{err}");
    assert_eq!(names(&conn), ["existing"]);
    assert!(conn.driver().is_autocommit());
    Ok(())
}

#[test]
fn execute_many_inside_a_transaction_rolls_back_only_its_own_items() -> Result<(), Error> {
    let conn = connect();
    conn.transaction(|tx| {
        tx.execute(&user("outer", None))?;
        let failed = tx.execute_many([user("x", None), user("outer", None)]);
        assert_eq!(failed.map_err(|e| e.sqlite_code()).err(), Some(Some(2067)));
        tx.execute(&user("after", None))?;
        Ok::<_, Error>(())
    })?;
    assert_eq!(names(&conn), ["outer", "after"]);
    Ok(())
}

#[test]
fn fetch_all_one_and_optional() -> Result<(), Error> {
    let conn = connect();
    conn.execute_many([
        user("a", Some("Alice")),
        user("b", None),
        user("c", Some("Carol")),
    ])?;

    let all = conn.fetch_all(&SelectUsers { min_id: 2 })?;
    assert_eq!(
        all,
        [
            UserRow {
                id: 2,
                fullname: None
            },
            UserRow {
                id: 3,
                fullname: Some("Carol".to_owned())
            },
        ]
    );
    assert!(conn.fetch_all(&SelectUsers { min_id: 10 })?.is_empty());

    // The first of several rows; the rest are ignored.
    let first = conn.fetch_one(&SelectUsers { min_id: 1 })?;
    assert_eq!(
        first,
        UserRow {
            id: 1,
            fullname: Some("Alice".to_owned())
        }
    );
    assert!(matches!(
        conn.fetch_one(&SelectUsers { min_id: 10 }),
        Err(Error::RowNotFound)
    ));

    assert_eq!(
        conn.fetch_optional(&SelectUsers { min_id: 3 })?,
        Some(UserRow {
            id: 3,
            fullname: Some("Carol".to_owned())
        })
    );
    assert_eq!(conn.fetch_optional(&SelectUsers { min_id: 10 })?, None);
    Ok(())
}

#[test]
fn cursor_steps_sqlite_one_row_at_a_time() -> Result<(), Error> {
    let conn = connect();
    let names: Vec<String> = (1..=500).map(|i| format!("user{i:03}")).collect();
    conn.execute_many(names.iter().map(|n| user(n, None)))?;

    // SQLite fails on the third row: taking two rows never gets there.
    let mut cursor = conn.fetch(&SelectNamesFailingAtThree)?;
    let first_two: Vec<Name> = cursor.rows().take(2).collect::<Result<_, _>>()?;
    assert_eq!(
        first_two,
        [Name("user001".to_owned()), Name("user002".to_owned())]
    );

    // Reading on does get there: the error comes third, and the iterator ends after it.
    let mut rows = cursor.rows();
    assert!(rows.next().is_some_and(|r| r.is_ok()));
    assert!(rows.next().is_some_and(|r| r.is_ok()));
    let err = rows
        .next()
        .and_then(Result::err)
        .expect("the third row fails");
    assert!(matches!(err, Error::Sqlite(_)), "{err}");
    assert!(err.to_string().contains("integer overflow"), "{err}");
    assert!(rows.next().is_none());
    drop(rows);
    drop(cursor);

    // fetch_all reads every row, so it meets the error.
    assert!(conn.fetch_all(&SelectNamesFailingAtThree).is_err());

    // A cursor over all rows yields all of them, in order.
    let mut cursor = conn.fetch(&SelectNames)?;
    let mut seen = 0;
    for (row, expected) in cursor.rows().zip(&names) {
        assert_eq!(&row?.0, expected);
        seen += 1;
    }
    assert_eq!(seen, 500);
    Ok(())
}

#[test]
fn cursor_runs_inside_a_transaction() -> Result<(), Error> {
    let conn = connect();
    conn.transaction(|tx| {
        tx.execute(&user("a", Some("A")))?;
        tx.execute(&user("b", None))?;
        let mut cursor = tx.fetch(&SelectUsers { min_id: 2 })?;
        let ids: Vec<i32> = cursor
            .rows()
            .map(|r| r.map(|u| u.id))
            .collect::<Result<_, _>>()?;
        assert_eq!(ids, [2]);
        Ok::<_, Error>(())
    })?;
    assert_eq!(count(&conn), 2);
    Ok(())
}

#[test]
fn transaction_commits_on_ok() -> Result<(), Error> {
    let conn = connect();
    let returned = conn.transaction(|tx| {
        assert!(!tx.driver().is_autocommit());
        tx.execute(&user("a", None))?;
        tx.execute(&user("b", None))?;
        Ok::<_, Error>(42)
    })?;
    assert_eq!(returned, 42);
    assert!(conn.driver().is_autocommit());
    assert_eq!(names(&conn), ["a", "b"]);
    Ok(())
}

#[derive(Debug)]
enum AppError {
    Db(Error),
    Refused,
}

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError::Db(e)
    }
}

#[test]
fn transaction_rolls_back_on_err() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("kept", None))?;
    let result: Result<(), AppError> = conn.transaction(|tx| {
        tx.execute(&user("a", None))?;
        assert_eq!(count(tx), 2);
        Err(AppError::Refused)
    });
    assert!(matches!(result, Err(AppError::Refused)));
    assert!(conn.driver().is_autocommit());
    assert_eq!(names(&conn), ["kept"]);

    // A database error inside rolls back the same way and arrives converted.
    let result: Result<(), AppError> = conn.transaction(|tx| {
        tx.execute(&user("b", None))?;
        tx.execute(&user("kept", None))?;
        Ok(())
    });
    match result {
        Err(AppError::Db(e)) => assert_eq!(e.sqlite_code(), Some(2067)),
        other => panic!("expected a UNIQUE violation, got {other:?}"),
    }
    assert_eq!(names(&conn), ["kept"]);
    Ok(())
}

#[test]
fn transaction_rolls_back_on_panic() -> Result<(), Error> {
    let conn = connect();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        conn.transaction(|tx| {
            tx.execute(&user("doomed", None))?;
            assert_eq!(count(tx), 1);
            if count(tx) == 1 {
                panic!("boom");
            }
            Ok::<_, Error>(())
        })
    }));
    let payload = outcome.expect_err("the closure panicked");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
    assert!(conn.driver().is_autocommit());
    assert_eq!(count(&conn), 0);

    // The connection is as good as new: the next transaction is a real one, not a savepoint.
    conn.transaction(|tx| {
        tx.execute(&user("after", None))?;
        Ok::<_, Error>(())
    })?;
    assert_eq!(names(&conn), ["after"]);
    Ok(())
}

#[test]
fn nested_transaction_rollback_keeps_the_outer_work() -> Result<(), Error> {
    let conn = connect();
    conn.transaction(|outer| {
        outer.execute(&user("a", None))?;
        let inner: Result<(), Error> = outer.transaction(|inner| {
            inner.execute(&user("b", None))?;
            assert_eq!(count(inner), 2);
            Err(Error::RowNotFound)
        });
        assert!(matches!(inner, Err(Error::RowNotFound)));
        assert!(!outer.driver().is_autocommit());
        assert_eq!(count(outer), 1);

        outer.transaction(|inner| {
            inner.execute(&user("c", None))?;
            inner.transaction(|innermost| {
                innermost.execute(&user("d", None))?;
                Ok::<_, Error>(())
            })
        })?;
        outer.execute(&user("e", None))?;
        Ok::<_, Error>(())
    })?;
    assert_eq!(names(&conn), ["a", "c", "d", "e"]);

    // The outer rollback takes committed inner work with it.
    let result: Result<(), Error> = conn.transaction(|outer| {
        outer.transaction(|inner| inner.execute(&user("f", None)).map(drop))?;
        Err(Error::RowNotFound)
    });
    assert!(result.is_err());
    assert_eq!(names(&conn), ["a", "c", "d", "e"]);
    Ok(())
}

#[test]
fn transaction_inside_one_begun_outside_sqlmint_is_a_savepoint() -> Result<(), Error> {
    let conn = connect();
    conn.execute_batch("BEGIN")?;
    conn.execute(&user("a", None))?;
    let result: Result<(), Error> = conn.transaction(|tx| {
        tx.execute(&user("b", None))?;
        Err(Error::RowNotFound)
    });
    assert!(matches!(result, Err(Error::RowNotFound)), "{result:?}");
    assert!(!conn.driver().is_autocommit());
    conn.transaction(|tx| tx.execute(&user("c", None)))?;
    assert!(!conn.driver().is_autocommit());
    conn.execute_batch("COMMIT")?;
    assert_eq!(names(&conn), ["a", "c"]);
    Ok(())
}

#[test]
fn errors_keep_the_sqlite_extended_code() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("a", None))?;
    let unique = conn.execute(&user("a", None)).expect_err("duplicate name");
    assert_eq!(unique.sqlite_code(), Some(2067)); // SQLITE_CONSTRAINT_UNIQUE
    assert_eq!(
        unique.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ConstraintViolation)
    );

    let not_null = conn
        .execute(&InsertUserNameOnlyNull)
        .expect_err("NULL name");
    assert_eq!(not_null.sqlite_code(), Some(1299)); // SQLITE_CONSTRAINT_NOTNULL

    let syntax = conn.execute_batch("SELEC 1").expect_err("syntax error");
    // Errors preparing a statement arrive as rusqlite's `SqlInputError`, with the offending
    // SQL and the offset of the bad token.
    match &syntax {
        Error::Sqlite(rusqlite::Error::SqlInputError { error, offset, .. }) => {
            assert_eq!(error.extended_code, 1); // SQLITE_ERROR
            assert_eq!(*offset, 0);
        }
        other => panic!("expected a SQL input error, got {other:?}"),
    }
    assert_eq!(syntax.sqlite_code(), Some(1));
    assert_eq!(
        syntax.sqlite_error_code(),
        Some(rusqlite::ErrorCode::Unknown)
    );
    Ok(())
}

/// Binds NULL to the NOT NULL `name`.
struct InsertUserNameOnlyNull;

impl Query for InsertUserNameOnlyNull {
    type Row = ();

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(0, Value::Null)?;
        binder.bind(1, Value::Null)
    }
}

impl SqlFor<Sqlite> for InsertUserNameOnlyNull {
    const SQL: &'static str = InsertUser::SQL;
}

#[test]
fn decoding_null_into_a_not_null_field_names_the_column() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("a", Some("A")))?;
    assert_eq!(conn.fetch_all(&SelectUsersStrict)?.len(), 1);

    conn.execute(&user("b", None))?;
    let err = conn
        .fetch_all(&SelectUsersStrict)
        .expect_err("fullname of b is NULL");
    match &err {
        Error::Decode { column, source } => {
            assert_eq!(*column, "fullname");
            assert_eq!(*source, DecodeError::UnexpectedNull);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(err.to_string().contains("`fullname`"), "{err}");
    Ok(())
}

#[test]
fn numeric_round_trips_through_sqlite() -> Result<(), Error> {
    let conn = connect();
    let values = ["12.2", "0.1", "-3", "1234567.89"];
    conn.execute_many(values.iter().map(|v| InsertPrice {
        amount: Decimal::from_str(v).expect("decimal literal"),
    }))?;

    // NUMERIC affinity stored the text it was bound as a number.
    let kind: String =
        conn.driver()
            .query_row("SELECT typeof(amount) FROM price WHERE id = 1", [], |r| {
                r.get(0)
            })?;
    assert_eq!(kind, "real");

    let read: Vec<Decimal> = conn
        .fetch_all(&SelectPrices)?
        .into_iter()
        .map(|a| a.0)
        .collect();
    let expected: Vec<Decimal> = values
        .iter()
        .map(|v| Decimal::from_str(v).expect("decimal literal"))
        .collect();
    assert_eq!(read, expected);
    assert_eq!(read[0].to_string(), "12.2");
    Ok(())
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
        (Value::Text("héllo"), "text", Some("héllo")),
        (Value::Blob(b"\x00ab"), "blob", Some("\0ab")),
    ];
    for (value, kind, text) in cases {
        let raw = conn.fetch_one(&SelectValue(value.clone()))?;
        assert_eq!(raw.kind, kind, "{value:?}");
        assert_eq!(raw.text.as_deref(), text, "{value:?}");
    }
    Ok(())
}

#[test]
fn invalid_utf8_text_is_an_error_not_a_panic() -> Result<(), Error> {
    let conn = connect();
    conn.execute_batch(
        "INSERT INTO user_account (name, fullname) VALUES ('bad', CAST(x'ff' AS TEXT))",
    )?;
    let err = conn
        .fetch_all(&SelectUsers { min_id: 0 })
        .expect_err("fullname is not UTF-8");
    assert!(
        matches!(err, Error::Sqlite(rusqlite::Error::Utf8Error(1, _))),
        "{err:?}"
    );
    Ok(())
}

#[test]
fn statements_are_cached_and_rebound() -> Result<(), Error> {
    let conn = connect();
    assert_eq!(STATEMENT_CACHE_CAPACITY, 128);
    conn.execute(&user("a", Some("A")))?;
    conn.execute(&user("b", Some("B")))?;
    {
        // The statement in the cache is the one that ran both times.
        let cached = conn.driver().prepare_cached(InsertUser::SQL)?;
        assert_eq!(cached.get_status(StatementStatus::Run), 2);
    }

    // Same SQL, fewer binds: the cached statement's earlier second parameter is not reused.
    conn.execute(&InsertUserNameOnly { name: "c" })?;
    let rows = conn.fetch_all(&SelectUsers { min_id: 1 })?;
    let fullnames: Vec<Option<&str>> = rows.iter().map(|r| r.fullname.as_deref()).collect();
    assert_eq!(fullnames, [Some("A"), Some("B"), None]);

    // Two live statements with the same SQL at once: the cache hands out a second one.
    let mut first = conn.fetch(&SelectUsers { min_id: 2 })?;
    let mut second = conn.fetch(&SelectUsers { min_id: 3 })?;
    let mut a = first.rows();
    let mut b = second.rows();
    assert_eq!(a.next().transpose()?.map(|r| r.id), Some(2));
    assert_eq!(b.next().transpose()?.map(|r| r.id), Some(3));
    assert_eq!(a.next().transpose()?.map(|r| r.id), Some(3));
    assert!(b.next().is_none());
    Ok(())
}

#[test]
fn opens_a_database_file() -> Result<(), Error> {
    let path = std::env::temp_dir().join(format!(
        "sqlmint-runtime-test-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    {
        let conn = Connection::open(&path)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute(&user("persisted", None))?;
    }
    let conn = Connection::open(&path)?;
    assert_eq!(names(&conn), ["persisted"]);
    drop(conn);
    std::fs::remove_file(&path).expect("remove test database");

    let wrapped = Connection::from_driver(rusqlite::Connection::open_in_memory()?);
    wrapped.execute_batch(SCHEMA)?;
    assert_eq!(count(&wrapped), 0);
    Ok(())
}

/// One echoed statement: its SQL and its number of parameters, if the event gave one.
type Echoed = (String, Option<u64>);

/// Collects the `sql` field of every `sqlmint::sql` event.
#[derive(Clone, Default)]
struct SqlEcho {
    statements: std::sync::Arc<std::sync::Mutex<Vec<Echoed>>>,
}

#[derive(Default)]
struct EchoFields {
    sql: Option<String>,
    params: Option<u64>,
}

impl tracing::field::Visit for EchoFields {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "sql" {
            self.sql = Some(value.to_owned());
        }
    }

    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "params" {
            self.params = Some(value);
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "sql" {
            self.sql = Some(format!("{value:?}"));
        }
    }
}

impl tracing::Subscriber for SqlEcho {
    fn register_callsite(
        &self,
        _metadata: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "sqlmint::sql"
    }

    fn new_span(&self, _span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _span: &tracing::span::Id, _values: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _span: &tracing::span::Id, _follows: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = EchoFields::default();
        event.record(&mut fields);
        if let Some(sql) = fields.sql {
            self.statements
                .lock()
                .expect("echo lock")
                .push((sql, fields.params));
        }
    }

    fn enter(&self, _span: &tracing::span::Id) {}

    fn exit(&self, _span: &tracing::span::Id) {}
}

#[test]
fn statements_are_echoed_through_tracing() -> Result<(), Error> {
    let echo = SqlEcho::default();
    tracing::subscriber::with_default(echo.clone(), || {
        // Another test thread may have registered these callsites while no subscriber
        // wanted them, which caches "never"; ask every callsite again under this one.
        tracing::callsite::rebuild_interest_cache();
        let conn = connect();
        conn.execute(&user("a", None))?;
        conn.fetch_all(&SelectUsers { min_id: 1 })?;
        conn.transaction(|tx| {
            tx.execute(&user("b", None))?;
            tx.transaction(|_inner| Err::<(), _>(Error::RowNotFound))
                .or_else(|_| Ok::<_, Error>(()))
        })
    })?;
    let statements = echo.statements.lock().expect("echo lock").clone();
    let expected: Vec<Echoed> = vec![
        (SCHEMA.to_owned(), Some(0)),
        (InsertUser::SQL.to_owned(), Some(2)),
        (SelectUsers::SQL.to_owned(), Some(1)),
        ("BEGIN".to_owned(), None),
        (InsertUser::SQL.to_owned(), Some(2)),
        ("SAVEPOINT sqlmint_1".to_owned(), None),
        (
            "ROLLBACK TO SAVEPOINT sqlmint_1; RELEASE SAVEPOINT sqlmint_1".to_owned(),
            None,
        ),
        ("COMMIT".to_owned(), None),
    ];
    assert_eq!(statements, expected);
    Ok(())
}

// --- a transaction SQLite rolled back by itself ------------------------------------------

/// A file database that holds a few pages only, so a big row fails with `SQLITE_FULL`.
fn small_file_database(name: &str) -> (std::path::PathBuf, Connection) {
    let path = std::env::temp_dir().join(format!(
        "sqlmint-runtime-{name}-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path).expect("open a database file");
    conn.execute_batch(SCHEMA).expect("create schema");
    conn.execute_batch("CREATE TABLE filler (data BLOB); PRAGMA max_page_count = 12;")
        .expect("limit the database size");
    (path, conn)
}

#[test]
fn a_transaction_sqlite_rolled_back_after_sqlite_full_is_an_error_and_commits_nothing() {
    let (path, conn) = small_file_database("full");
    let result: Result<(), Error> = conn.transaction(|tx| {
        tx.execute(&user("before", None))?;
        let full = tx
            .execute_batch("INSERT INTO filler VALUES (randomblob(1000000))")
            .unwrap_err();
        assert_eq!(
            full.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DiskFull)
        );
        // Handled; the closure carries on, unaware that SQLite ended the transaction.
        let after = tx.execute(&user("after", None));
        assert!(
            matches!(after, Err(Error::TransactionAborted { .. })),
            "a statement after the rollback ran in autocommit: {after:?}"
        );
        Ok(())
    });
    match result {
        Err(Error::TransactionAborted { source }) => {
            let cause = source.downcast_ref::<rusqlite::Error>();
            assert_eq!(
                cause.and_then(|e| e.sqlite_error_code()),
                Some(rusqlite::ErrorCode::DiskFull),
                "{source}"
            );
        }
        other => panic!("expected TransactionAborted, got {other:?}"),
    }
    assert_eq!(
        names(&conn),
        Vec::<String>::new(),
        "nothing of the transaction is committed"
    );
    drop(conn);
    let _ = std::fs::remove_file(&path);
}

// --- transaction options, retries and transaction values -------------------------------

/// Two connections to one WAL database file; neither waits for a lock.
fn two_wal_connections(name: &str) -> (std::path::PathBuf, Connection, Connection) {
    let path = std::env::temp_dir().join(format!(
        "sqlmint-runtime-{name}-{}.sqlite3",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let a = Connection::open(&path).expect("open a database file");
    a.execute_batch("PRAGMA journal_mode = WAL")
        .expect("WAL mode");
    a.execute_batch(SCHEMA).expect("create schema");
    let b = Connection::open(&path).expect("open a second connection");
    for conn in [&a, &b] {
        conn.driver()
            .busy_timeout(Duration::ZERO)
            .expect("no busy wait");
    }
    (path, a, b)
}

#[test]
fn a_deferred_transaction_that_reads_then_writes_is_busy_and_retryable() -> Result<(), Error> {
    let (path, a, b) = two_wal_connections("busy");
    let result: Result<(), Error> = a.transaction(|tx| {
        assert_eq!(count(tx), 0);
        b.execute(&user("from b", None))?;
        tx.execute(&user("from a", None))?;
        Ok(())
    });
    let error = result.unwrap_err();
    assert_eq!(
        error.sqlite_code(),
        Some(517),
        "SQLITE_BUSY_SNAPSHOT: {error}"
    );
    assert!(error.is_retryable());
    assert!(!Error::RowNotFound.is_retryable());

    // BEGIN IMMEDIATE takes the write lock at once: the other writer is the one refused.
    let tx = a.begin_with(TransactionOptions::new().immediate())?;
    assert_eq!(count(&tx), 1);
    let refused = b.execute(&user("from b again", None)).unwrap_err();
    assert!(refused.is_retryable(), "{refused}");
    tx.execute(&user("from a", None))?;
    tx.commit()?;
    assert_eq!(names(&b), ["from b", "from a"]);
    drop((a, b));
    let _ = std::fs::remove_file(&path);
    Ok(())
}

#[test]
fn transaction_with_retry_runs_a_busy_transaction_again() -> Result<(), Error> {
    let (path, a, b) = two_wal_connections("retry");
    let mut attempts = 0;
    let retry = RetryOptions::new()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(5));
    a.transaction_with_retry(retry, TransactionOptions::new(), |tx| {
        attempts += 1;
        let seen = count(tx);
        if attempts == 1 {
            b.execute(&user("from b", None))?;
        }
        tx.execute(&user(if seen == 0 { "first" } else { "second" }, None))?;
        Ok(())
    })?;
    assert_eq!(attempts, 2);
    assert_eq!(names(&a), ["from b", "second"]);
    // A non-retryable error is returned at once.
    let mut attempts = 0;
    let error = a
        .transaction_with_retry(retry, TransactionOptions::new(), |tx| {
            attempts += 1;
            tx.execute(&user("second", None))
        })
        .unwrap_err();
    assert_eq!((attempts, error.sqlite_code()), (1, Some(2067)));
    drop((a, b));
    let _ = std::fs::remove_file(&path);
    Ok(())
}

#[test]
fn a_transaction_value_commits_or_rolls_back_on_drop() -> Result<(), Error> {
    let conn = connect();
    {
        let tx = conn.begin()?;
        tx.execute(&user("dropped", None))?;
    }
    assert_eq!(count(&conn), 0, "dropped without commit: rolled back");
    let tx = conn.begin()?;
    tx.execute(&user("kept", None))?;
    let inner = tx.begin()?;
    inner.execute(&user("inner", None))?;
    inner.rollback()?;
    tx.commit()?;
    assert_eq!(names(&conn), ["kept"]);
    assert!(conn.driver().is_autocommit());

    let read_only = conn.begin_with(TransactionOptions::new().read_only());
    assert!(matches!(read_only, Err(Error::Usage(_))));
    let tx = conn.begin()?;
    let nested = tx.begin_with(TransactionOptions::new().immediate());
    assert!(
        matches!(nested, Err(Error::Usage(_))),
        "options on a savepoint"
    );
    Ok(())
}

/// `SELECT count(*) FROM blobs WHERE data IN {list}`, as `query!` renders it for SQLite.
struct CountBlobsIn<'a>(Vec<&'a [u8]>);

impl Query for CountBlobsIn<'_> {
    type Row = Count;

    fn bind<'q>(&'q self, binder: &mut dyn Binder<'q>) -> Result<(), Error> {
        binder.bind(
            0,
            Value::List(self.0.iter().map(|b| Value::Blob(b)).collect()),
        )
    }
}

impl SqlFor<Sqlite> for CountBlobsIn<'_> {
    const SQL: &'static str =
        "SELECT count(*) FROM blobs WHERE blobs.data IN (SELECT value FROM rarray(?1))";
}

#[test]
fn a_blob_list_parameter_matches_blobs() -> Result<(), Error> {
    let conn = connect();
    conn.execute_batch(
        "CREATE TABLE blobs (data BLOB); INSERT INTO blobs VALUES (x'00ff'), (x'41');",
    )?;
    let found = conn.fetch_one(&CountBlobsIn(vec![b"\x00\xff", b"A"]))?;
    assert_eq!(
        found.0, 2,
        "`x IN {{list}}` must match what `x = {{blob}}` matches"
    );
    Ok(())
}
