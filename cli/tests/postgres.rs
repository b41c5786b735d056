//! `sqlmint introspect` and `sqlmint check` on a PostgreSQL database made from a sample
//! schema, on the test server `sqlmint_test_support` provides.

mod common;

use common::{assert_same_schema, schema, sqlmint, stderr, stdout};
use sqlmint_schema::dialect::Dialect;
use sqlmint_schema::render::create_all;

const SAMPLE: &str = "pub mod db {
    table user_account {
        id: INTEGER PRIMARY KEY,
        name: VARCHAR(30) NOT NULL,
        fullname: TEXT,
        balance: NUMERIC(10, 2),
        active: BOOLEAN NOT NULL,
        avatar: BLOB,
        born: DATE,
        seen: TIMESTAMP,
        changed: TIMESTAMPTZ NOT NULL,
        token: UUID,
        settings: JSON,
        tags: TEXT[],
        lucky: INTEGER[] NOT NULL,
        score: REAL,
        ratio: DOUBLE,
        visits: BIGINT NOT NULL,
        level: SMALLINT,
    }
    table address {
        id: BIGINT PRIMARY KEY,
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        email_address: VARCHAR(200) NOT NULL,
    }
    table membership {
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        group_code: TEXT NOT NULL,
        PRIMARY KEY (user_id, group_code),
    }
    table grant_row {
        user_id: INTEGER NOT NULL,
        group_code: TEXT NOT NULL,
        FOREIGN KEY (user_id, group_code) REFERENCES membership (user_id, group_code),
    }
}";

#[test]
fn introspect_round_trips_and_check_passes() {
    let url = sqlmint_test_support::database();
    let original = schema(SAMPLE);
    let mut client = sqlmint::postgres::Connection::connect(&url)
        .unwrap()
        .into_driver();
    client
        .batch_execute(&create_all(&original, Dialect::Postgres))
        .unwrap();

    let output = sqlmint(&["introspect", &url, "--module", "live"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert!(!text.contains("// note"), "{text}");
    let printed =
        sqlmint_cli::check::parse_schema(&text, None).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    printed.validate().unwrap();
    assert_eq!(printed.module, "live");
    assert_same_schema(&original, &printed, Dialect::Postgres);

    let dir = tempfile::tempdir().unwrap();
    let schema_file = dir.path().join("db.rs");
    std::fs::write(&schema_file, format!("sqlmint::schema! {{ {SAMPLE} }}")).unwrap();
    let check = sqlmint(&["check", &url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    client
        .batch_execute("ALTER TABLE user_account ALTER COLUMN fullname TYPE VARCHAR(10)")
        .unwrap();
    let drifted = sqlmint(&["check", &url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(drifted.status.code(), Some(1));
    assert_eq!(
        stdout(&drifted),
        "the database differs from the schema in 1 place(s):\n  \
         ~ column `user_account.fullname`: declared TEXT, the database has character varying(10)\n"
    );
}

#[test]
fn a_wrong_database_name_fails_with_one_line() {
    let url = sqlmint_test_support::database();
    let (server, _) = url.rsplit_once('/').unwrap();
    let missing = format!("{server}/sqlmint_no_such_database");
    let output = sqlmint(&["introspect", &missing]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("error: cannot connect to ")
            && message.contains("sqlmint_no_such_database"),
        "{message}"
    );
}
