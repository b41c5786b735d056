//! `sqlmint introspect` and `sqlmint check` on a MariaDB database made from a sample schema,
//! on the test server `sqlmint_test_support::mysql` provides. The sample keeps to the types
//! MySQL has a column type of their own for: its DDL writes TIMESTAMPTZ and TIMESTAMP both as
//! DATETIME(6), REAL as DOUBLE and arrays as JSON, which read back as the one type. Its
//! unsigned integers are MySQL's own.

mod common;

use sqlmint::mysql::driver::prelude::Queryable;
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
        token: UUID,
        settings: JSON,
        ratio: DOUBLE,
        visits: BIGINT NOT NULL,
        level: SMALLINT,
        hits: INTEGER UNSIGNED,
        views: BIGINT UNSIGNED NOT NULL,
    }
    table address {
        id: BIGINT PRIMARY KEY,
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        email_address: VARCHAR(200) NOT NULL,
    }
    table membership {
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        group_code: VARCHAR(20) NOT NULL,
        PRIMARY KEY (user_id, group_code),
    }
    table grant_row {
        user_id: INTEGER NOT NULL,
        group_code: VARCHAR(20) NOT NULL,
        FOREIGN KEY (user_id, group_code) REFERENCES membership (user_id, group_code),
    }
}";

#[test]
fn introspect_round_trips_and_check_passes() {
    let url = sqlmint_test_support::mysql::database();
    let conn = std::cell::RefCell::new(
        sqlmint::mysql::Connection::connect(&url)
            .unwrap()
            .into_driver(),
    );
    common::introspect_round_trips_and_check_passes(
        &url,
        SAMPLE,
        Dialect::MySql,
        |sql| conn.borrow_mut().query_drop(sql).unwrap(),
        "ALTER TABLE user_account MODIFY fullname VARCHAR(10)",
        "VARCHAR(10)",
    );
}
