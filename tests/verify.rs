//! `db::verify` on every backend: a database created from the schema is clean, and a database
//! that drifted reports each difference.

use sqlmint::verify::{Drift, Report};
use sqlmint::Executor;

sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
            verified_on: DATE,
            price: NUMERIC(10, 2),
            tags: TEXT[],
        }
        table audit { id: BIGINT PRIMARY KEY, note: TEXT }
    }
}

/// The schema after a migration nobody told the code about: `fullname` renamed to
/// `display_name` (NOT NULL), `email_address` widened to TEXT, `price` made NOT NULL, the
/// foreign key dropped, `audit` dropped and `session` added.
const DRIFTED: [&str; 3] = [
    "CREATE TABLE user_account (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(30) NOT NULL, display_name TEXT NOT NULL);
     CREATE TABLE address (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, email_address TEXT NOT NULL,
                           verified_on DATE, price NUMERIC(10, 2) NOT NULL, tags TEXT);
     CREATE TABLE session (id INTEGER PRIMARY KEY);",
    "CREATE TABLE user_account (id SERIAL NOT NULL PRIMARY KEY, name VARCHAR(30) NOT NULL, display_name TEXT NOT NULL);
     CREATE TABLE address (id SERIAL NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, email_address TEXT NOT NULL,
                           verified_on DATE, price NUMERIC(10, 2) NOT NULL, tags TEXT[]);
     CREATE TABLE session (id SERIAL PRIMARY KEY);",
    "CREATE TABLE user_account (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(30) NOT NULL, display_name TEXT NOT NULL);
     CREATE TABLE address (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id INTEGER NOT NULL, email_address TEXT NOT NULL,
                           verified_on DATE, price NUMERIC(10, 2) NOT NULL, tags JSON);
     CREATE TABLE session (id INTEGER AUTO_INCREMENT PRIMARY KEY);",
];

fn expected_drift() -> Vec<Drift> {
    let mut drift = vec![
        Drift::MissingColumn {
            table: "user_account".into(),
            column: "fullname".into(),
        },
        Drift::ExtraColumn {
            table: "user_account".into(),
            column: "display_name".into(),
            nullable: false,
        },
        Drift::TypeMismatch {
            table: "address".into(),
            column: "email_address".into(),
            declared: "VARCHAR(200)".into(),
            live: String::new(),
        },
        Drift::NullabilityMismatch {
            table: "address".into(),
            column: "price".into(),
            declared_nullable: true,
        },
        Drift::MissingForeignKey {
            table: "address".into(),
            columns: vec!["user_id".into()],
            references: "user_account".into(),
        },
        Drift::MissingTable("audit".into()),
        Drift::ExtraTable("session".into()),
    ];
    // The live type name is the dialect's; `check_drift` compares it separately.
    drift.sort_by_key(|d| format!("{d:?}"));
    drift
}

fn check_drift(report: &Report, live_email_type: &str) {
    let mut got = report.drift.clone();
    for drift in &mut got {
        if let Drift::TypeMismatch { live, column, .. } = drift {
            assert_eq!(column, "email_address", "{report}");
            assert_eq!(live.to_ascii_lowercase(), live_email_type, "{report}");
            live.clear();
        }
    }
    got.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(got, expected_drift(), "{report}");
    let text = report.to_string();
    assert!(
        text.starts_with("the database differs from the schema in 7 place(s):"),
        "{text}"
    );
    assert!(
        text.contains("- column `user_account.fullname`: declared, missing from the database"),
        "{text}"
    );
    assert!(
        text.contains(
            "+ column `user_account.display_name`: in the database, not declared (NOT NULL"
        ),
        "{text}"
    );
}

fn clean_and_drifted<E: Executor + sqlmint::verify::Inspect>(
    fresh: impl Fn() -> E,
    drifted_ddl: &str,
    email_type: &str,
) {
    let conn = fresh();
    db::create_all(&conn).unwrap();
    let report = db::verify(&conn).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.to_string(), "the database matches the schema");

    let conn = fresh();
    conn.execute_batch(drifted_ddl).unwrap();
    check_drift(&db::verify(&conn).unwrap(), email_type);
}

#[test]
fn sqlite_drift_is_reported() {
    clean_and_drifted(
        || sqlmint::sqlite::Connection::open_in_memory().unwrap(),
        DRIFTED[0],
        "text",
    );
}

#[test]
fn postgres_drift_is_reported() {
    clean_and_drifted(
        || sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).unwrap(),
        DRIFTED[1],
        "text",
    );
}

#[test]
fn mysql_drift_is_reported() {
    clean_and_drifted(
        || sqlmint::mysql::Connection::connect(&sqlmint_test_support::mysql::database()).unwrap(),
        DRIFTED[2],
        "text",
    );
}

#[tokio::test]
async fn tokio_postgres_drift_is_reported() {
    // `database()` blocks (it runs the synchronous client), so it runs off the runtime's threads.
    let fresh = || async {
        let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
            .await
            .expect("a test database");
        sqlmint::tokio_postgres::Connection::connect(&url)
            .await
            .unwrap()
    };
    let conn = fresh().await;
    conn.execute_ddl(&db::CREATE_ALL).await.unwrap();
    let report = conn.verify(&db::SCHEMA).await.unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(conn.live_tables().await.unwrap().len(), 3);

    let conn = fresh().await;
    conn.execute_batch(DRIFTED[1]).await.unwrap();
    check_drift(&conn.verify(&db::SCHEMA).await.unwrap(), "text");
}
