//! The SQLite executor against an in-memory database, running statements made by `query!`:
//! row counts, fetching, cursors, transactions (nested, retried, rolled back by SQLite
//! itself), errors with their SQLite codes, decoding, the statement cache and the SQL echo.
//!
//! What only a hand-written statement can show (binding raw `Value`s, one SQL text bound
//! with fewer values) stays in `runtime/tests/sqlite.rs`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;
use std::time::Duration;

use rusqlite::StatementStatus;
use sqlmint::decode::DecodeError;
use sqlmint::sqlite::{Connection, STATEMENT_CACHE_CAPACITY};
use sqlmint::{Decimal, Error, RetryOptions, SqlFor, Sqlite, TransactionOptions};

sqlmint::schema! {
    pub mod db {
        table user_account {
            id: INTEGER PRIMARY KEY,
            name: VARCHAR(30) NOT NULL UNIQUE,
            fullname: TEXT,
        }
        table price {
            id: INTEGER PRIMARY KEY,
            amount: NUMERIC(10, 2) NOT NULL,
        }
        table blobs { data: BLOB }
    }
}

/// The same tables, with `fullname` declared NOT NULL: a schema the live table has drifted
/// from, to read a NULL where the query's types say there is none.
mod strict {
    sqlmint::schema! {
        #[sqlmint(path = crate::strict::db)]
        pub mod db {
            table user_account {
                id: INTEGER PRIMARY KEY,
                name: VARCHAR(30) NOT NULL UNIQUE,
                fullname: TEXT NOT NULL,
            }
        }
    }
}

/// The schema's SQLite DDL, as `db::create_all` runs it.
fn schema_sql() -> &'static str {
    db::CREATE_ALL[0]
}

fn connect() -> Connection {
    let conn = Connection::open_in_memory().expect("open in-memory database");
    db::create_all(&conn).expect("create schema");
    conn
}

fn sql_of<Q: SqlFor<Sqlite>>(_: &Q) -> &'static str {
    Q::SQL
}

// --- statements ----------------------------------------------------------------------------

/// One statement type for every user, so a list of them is one `execute_many`.
fn user<'a>(name: &'a str, fullname: Option<&'a str>) -> impl SqlFor<Sqlite> + 'a {
    db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname))
        .params(name, fullname)
}

fn delete_user_returning(name: &str) -> impl SqlFor<Sqlite> + '_ {
    db::query!(DELETE FROM user_account WHERE name = :name RETURNING id).params(name)
}

fn insert_price(amount: Decimal) -> impl SqlFor<Sqlite> {
    db::query!(INSERT INTO price (amount) VALUES (:amount)).params(amount)
}

// Statements whose rows the tests read: macros, so the row type stays nameable.
macro_rules! select_users {
    ($min_id:expr) => {
        db::query!(SELECT id, fullname FROM user_account WHERE id >= :min_id ORDER BY id)
            .params($min_id)
    };
}

macro_rules! select_names {
    () => {
        db::query!(SELECT name FROM user_account ORDER BY id)
    };
}

/// Names by id, where SQLite itself fails (integer overflow in `abs`) on the row with id 3:
/// shows how far SQLite has stepped.
macro_rules! select_names_failing_at_three {
    () => {
        db::query!(
            SELECT name FROM user_account
            WHERE abs(CASE WHEN id = 3 THEN -9223372036854775807 - 1 ELSE id END) > 0
            ORDER BY id
        )
    };
}

macro_rules! select_users_strict {
    () => {
        strict::db::query!(SELECT id, fullname FROM user_account ORDER BY id)
    };
}

macro_rules! select_prices {
    () => {
        db::query!(SELECT amount FROM price ORDER BY id)
    };
}

macro_rules! count_blobs_in {
    ($list:expr) => {
        db::query!(SELECT count(*) AS n FROM blobs WHERE data IN {$list})
    };
}

// --- helpers -------------------------------------------------------------------------------

fn count(conn: &Connection) -> i64 {
    conn.fetch_one(&db::query!(SELECT count(*) AS n FROM user_account))
        .expect("count users")
        .n
}

fn names(conn: &Connection) -> Vec<String> {
    conn.fetch_all(&select_names!())
        .expect("select names")
        .into_iter()
        .map(|n| n.name)
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
    assert_eq!(conn.execute(&delete_user_returning("a"))?, 1);
    assert_eq!(conn.execute(&delete_user_returning("nobody"))?, 0);
    assert_eq!(names(&conn), ["b"]);
    // A SELECT changes nothing, whatever the previous statement changed.
    conn.execute(&user("c", None))?;
    assert_eq!(conn.execute(&select_names!())?, 0);
    Ok(())
}

#[test]
fn execute_many_sums_the_row_counts() -> Result<(), Error> {
    let conn = connect();
    let n = conn.execute_many([user("a", None), user("b", Some("B")), user("c", None)])?;
    assert_eq!(n, 3);
    assert_eq!(names(&conn), ["a", "b", "c"]);
    assert_eq!(
        conn.execute_many({
            let mut none = vec![user("", None)];
            none.clear();
            none
        })?,
        0
    );
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

    let all: Vec<_> = conn
        .fetch_all(&select_users!(2))?
        .into_iter()
        .map(|u| (u.id, u.fullname))
        .collect();
    assert_eq!(all, [(2, None), (3, Some("Carol".to_owned()))]);
    assert!(conn.fetch_all(&select_users!(10))?.is_empty());

    // The first of several rows; the rest are ignored.
    let first = conn.fetch_one(&select_users!(1))?;
    assert_eq!((first.id, first.fullname), (1, Some("Alice".to_owned())));
    assert!(matches!(
        conn.fetch_one(&select_users!(10)),
        Err(Error::RowNotFound)
    ));

    assert_eq!(
        conn.fetch_optional(&select_users!(3))?
            .map(|u| (u.id, u.fullname)),
        Some((3, Some("Carol".to_owned())))
    );
    assert!(conn.fetch_optional(&select_users!(10))?.is_none());
    Ok(())
}

#[test]
fn cursor_steps_sqlite_one_row_at_a_time() -> Result<(), Error> {
    let conn = connect();
    let names: Vec<String> = (1..=500).map(|i| format!("user{i:03}")).collect();
    conn.execute_many(names.iter().map(|n| user(n, None)))?;

    // SQLite fails on the third row: taking two rows never gets there.
    let mut cursor = conn.fetch(&select_names_failing_at_three!())?;
    let first_two: Vec<String> = cursor
        .rows()
        .take(2)
        .map(|row| row.map(|r| r.name))
        .collect::<Result<_, _>>()?;
    assert_eq!(first_two, ["user001", "user002"]);

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
    assert!(conn.fetch_all(&select_names_failing_at_three!()).is_err());

    // A cursor over all rows yields all of them, in order.
    let mut cursor = conn.fetch(&select_names!())?;
    let mut seen = 0;
    for (row, expected) in cursor.rows().zip(&names) {
        assert_eq!(&row?.name, expected);
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
        let mut cursor = tx.fetch(&select_users!(2))?;
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
        .execute_batch("INSERT INTO user_account (name, fullname) VALUES (NULL, NULL)")
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

#[test]
fn decoding_null_into_a_not_null_field_names_the_column() -> Result<(), Error> {
    let conn = connect();
    conn.execute(&user("a", Some("A")))?;
    assert_eq!(conn.fetch_all(&select_users_strict!())?.len(), 1);

    conn.execute(&user("b", None))?;
    let err = conn
        .fetch_all(&select_users_strict!())
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
    conn.execute_many(
        values
            .iter()
            .map(|v| insert_price(Decimal::from_str(v).expect("decimal literal"))),
    )?;

    // NUMERIC affinity stored the text it was bound as a number.
    let kind: String =
        conn.driver()
            .query_row("SELECT typeof(amount) FROM price WHERE id = 1", [], |r| {
                r.get(0)
            })?;
    assert_eq!(kind, "real");

    let read: Vec<Decimal> = conn
        .fetch_all(&select_prices!())?
        .into_iter()
        .map(|a| a.amount)
        .collect();
    let expected: Vec<Decimal> = values
        .iter()
        .map(|v| Decimal::from_str(v).expect("decimal literal"))
        .collect();
    assert_eq!(read, expected);
    assert_eq!(read[0].to_string(), "12.2");
    Ok(())
}

/// SQLite turns a NUMERIC's text into a REAL, keeping 15 significant digits: a decimal with
/// more, which would come back as another number, is refused before it is sent; an integer
/// that fits 64 bits is stored exactly; a sum of decimals reads back without float noise.
#[test]
fn numeric_digits_sqlite_cannot_keep_are_refused_not_lost() -> Result<(), Error> {
    let conn = connect();
    let lossy = Decimal::from_str("1234567890123456789.12").expect("decimal literal");
    let error = conn.execute(&insert_price(lossy)).unwrap_err();
    assert!(matches!(error, Error::Bind { .. }), "{error}");
    assert!(
        error.to_string().contains("15 significant digits"),
        "{error}"
    );
    assert!(
        conn.fetch_all(&select_prices!())?.is_empty(),
        "nothing was stored"
    );

    let kept = [
        "1234567890123456789",
        "1234567890123456788.00",
        "123456789012.345",
        "0.10",
        "0.20",
    ];
    conn.execute_many(
        kept.iter()
            .map(|v| insert_price(Decimal::from_str(v).expect("decimal literal"))),
    )?;
    let read: Vec<Decimal> = conn
        .fetch_all(&select_prices!())?
        .into_iter()
        .map(|a| a.amount)
        .collect();
    let expected: Vec<Decimal> = kept
        .iter()
        .map(|v| Decimal::from_str(v).expect("decimal literal"))
        .collect();
    assert_eq!(read, expected);

    let total = conn
        .fetch_one(&db::query!(SELECT sum(amount) AS total FROM price WHERE amount < 1))?
        .total;
    assert_eq!(
        total,
        Some(Decimal::from_str("0.3").expect("decimal literal"))
    );
    Ok(())
}

#[test]
fn invalid_utf8_text_is_an_error_not_a_panic() -> Result<(), Error> {
    let conn = connect();
    conn.execute_batch(
        "INSERT INTO user_account (name, fullname) VALUES ('bad', CAST(x'ff' AS TEXT))",
    )?;
    let err = conn
        .fetch_all(&select_users!(0))
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
        let cached = conn.driver().prepare_cached(sql_of(&user("", None)))?;
        assert_eq!(cached.get_status(StatementStatus::Run), 2);
    }

    // Another statement of the same table leaves the fullname NULL (the same SQL bound with
    // fewer values is `runtime/tests/sqlite.rs`'s).
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("c")))?;
    let rows = conn.fetch_all(&select_users!(1))?;
    let fullnames: Vec<Option<&str>> = rows.iter().map(|r| r.fullname.as_deref()).collect();
    assert_eq!(fullnames, [Some("A"), Some("B"), None]);

    // Two live statements with the same SQL at once: the cache hands out a second one.
    let mut first = conn.fetch(&select_users!(2))?;
    let mut second = conn.fetch(&select_users!(3))?;
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
        conn.execute_batch(schema_sql())?;
        conn.execute(&user("persisted", None))?;
    }
    let conn = Connection::open(&path)?;
    assert_eq!(names(&conn), ["persisted"]);
    drop(conn);
    std::fs::remove_file(&path).expect("remove test database");

    let wrapped = Connection::from_driver(rusqlite::Connection::open_in_memory()?);
    wrapped.execute_batch(schema_sql())?;
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
    let run = || {
        let conn = connect();
        conn.execute(&user("a", None))?;
        conn.fetch_all(&select_users!(1))?;
        conn.transaction(|tx| {
            tx.execute(&user("b", None))?;
            tx.transaction(|_inner| Err::<(), _>(Error::RowNotFound))
                .or_else(|_| Ok::<_, Error>(()))
        })
    };
    // Another test thread may be registering these callsites while no subscriber wants them,
    // which caches "never" after any rebuild that missed them: so they are registered here
    // first, by one run, and then every registered callsite is asked again under the echo.
    run()?;
    tracing::subscriber::with_default(echo.clone(), || {
        tracing::callsite::rebuild_interest_cache();
        run()
    })?;
    let statements = echo.statements.lock().expect("echo lock").clone();
    let expected: Vec<Echoed> = vec![
        (schema_sql().to_owned(), Some(0)),
        (sql_of(&user("", None)).to_owned(), Some(2)),
        (sql_of(&select_users!(1)).to_owned(), Some(1)),
        ("BEGIN".to_owned(), None),
        (sql_of(&user("", None)).to_owned(), Some(2)),
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
    conn.execute_batch(schema_sql()).expect("create schema");
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
        // The cause's codes read through the abort, as they do on the other backends.
        let after = after.unwrap_err();
        assert_eq!(after.sqlite_code(), Some(13), "SQLITE_FULL: {after}");
        assert_eq!(
            after.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DiskFull)
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
    a.execute_batch(schema_sql()).expect("create schema");
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

#[test]
fn a_blob_list_parameter_matches_blobs() -> Result<(), Error> {
    let conn = connect();
    conn.execute_batch("INSERT INTO blobs VALUES (x'00ff'), (x'41');")?;
    let found = conn.fetch_one(&count_blobs_in!(&[&b"\x00\xff"[..], &b"A"[..]]))?;
    assert_eq!(
        found.n, 2,
        "`x IN {{list}}` must match what `x = {{blob}}` matches"
    );
    Ok(())
}
