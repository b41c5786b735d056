//! `sqlmint introspect` and `sqlmint check` on a PostgreSQL database made from a sample
//! schema, on the test server `sqlmint_test_support` provides.

mod common;

use common::{sqlmint, stderr};
use sqlmint_schema::dialect::Dialect;

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
    let client = std::cell::RefCell::new(
        sqlmint::postgres::Connection::connect(&url)
            .unwrap()
            .into_driver(),
    );
    common::introspect_round_trips_and_check_passes(
        &url,
        SAMPLE,
        Dialect::Postgres,
        |sql| client.borrow_mut().batch_execute(sql).unwrap(),
        "ALTER TABLE user_account ALTER COLUMN fullname TYPE VARCHAR(10)",
        "character varying(10)",
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
