//! `sqlmint introspect` and `sqlmint check` on a SQLite file made from a sample schema.

mod common;

use common::{assert_same_schema, schema, sqlmint, stderr, stdout};
use sqlmint_schema::ast::Statement;
use sqlmint_schema::dialect::Dialect;
use sqlmint_schema::render::{create_all, render};

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
        score: REAL,
        ratio: DOUBLE,
        visits: BIGINT NOT NULL,
    }
    table address {
        id: INTEGER PRIMARY KEY,
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        email_address: VARCHAR(200) NOT NULL,
    }
    table membership {
        user_id: INTEGER NOT NULL REFERENCES user_account(id),
        group_code: TEXT NOT NULL,
        since: DATE,
        PRIMARY KEY (user_id, group_code),
    }
    table grant_row {
        user_id: INTEGER NOT NULL,
        group_code: TEXT NOT NULL,
        right_name: SMALLINT,
        FOREIGN KEY (user_id, group_code) REFERENCES membership (user_id, group_code),
    }
}";

/// A SQLite file holding the sample's tables, in a directory removed on drop.
fn sample_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&create_all(&schema(SAMPLE), Dialect::Sqlite))
        .unwrap();
    let url = format!("sqlite://{}", path.display());
    (dir, url)
}

#[test]
fn introspect_prints_the_schema_the_database_was_made_from() {
    let (_dir, url) = sample_database();
    let output = sqlmint(&["introspect", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "",
        "no warnings for types schema! declared"
    );
    let text = stdout(&output);
    assert!(!text.contains("// note"), "{text}");
    let printed =
        sqlmint_cli::check::parse_schema(&text, None).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    printed.validate().unwrap();
    assert_eq!(printed.module, "db");
    assert_same_schema(&schema(SAMPLE), &printed, Dialect::Sqlite);
}

#[test]
fn queries_check_against_the_printed_schema() {
    let (dir, url) = sample_database();
    let text = stdout(&sqlmint(&["introspect", &url]));
    let printed = sqlmint_cli::check::parse_schema(&text, None).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    for sql in [
        "SELECT user_account.name, count(address.id) AS emails FROM user_account \
         LEFT JOIN address ON address.user_id = user_account.id GROUP BY user_account.name",
        "INSERT INTO membership (user_id, group_code) VALUES (:user, :group)",
        "SELECT g.right_name, m.since FROM grant_row AS g JOIN membership AS m \
         ON m.user_id = g.user_id AND m.group_code = g.group_code WHERE m.user_id = :user",
    ] {
        let statement: Statement = syn::parse_str(sql).unwrap();
        let checked = sqlmint_schema::analyze::analyze(&printed, statement)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let rendered = render(&checked, Dialect::Sqlite).sql;
        conn.prepare(&rendered)
            .unwrap_or_else(|e| panic!("{rendered}: {e}"));
    }
}

#[test]
fn check_passes_on_the_matching_database_and_lists_drift_otherwise() {
    let (dir, url) = sample_database();
    let schema_file = dir.path().join("db.rs");
    std::fs::write(
        &schema_file,
        format!("//! The schema.\n\nsqlmint::schema! {{\n{SAMPLE}\n}}\n\nfn main() {{}}\n"),
    )
    .unwrap();
    let schema_arg = schema_file.to_str().unwrap();

    let clean = sqlmint(&["check", &url, "--schema", schema_arg]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}{}",
        stdout(&clean),
        stderr(&clean)
    );
    assert_eq!(stdout(&clean), "the database matches the schema\n");

    let conn = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    conn.execute_batch(
        "ALTER TABLE user_account ADD COLUMN nickname TEXT NOT NULL DEFAULT '';
         ALTER TABLE address DROP COLUMN email_address;
         CREATE TABLE audit (id INTEGER PRIMARY KEY);",
    )
    .unwrap();
    drop(conn);
    let drifted = sqlmint(&["check", &url, "--schema", schema_arg]);
    assert_eq!(drifted.status.code(), Some(1), "{}", stderr(&drifted));
    assert_eq!(
        stdout(&drifted),
        "the database differs from the schema in 3 place(s):\n  \
         + column `user_account.nickname`: in the database, not declared (NOT NULL: inserts that leave it out fail)\n  \
         - column `address.email_address`: declared, missing from the database\n  \
         + table `audit`: in the database, not declared\n"
    );
}

#[test]
fn check_reports_a_broken_schema_file_at_its_line() {
    let (dir, url) = sample_database();
    let schema_file = dir.path().join("db.rs");
    std::fs::write(
        &schema_file,
        "sqlmint::schema! {\n    pub mod db {\n        table t { a: TEXTY }\n    }\n}\n",
    )
    .unwrap();
    let output = sqlmint(&["check", &url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {}:3:22: unknown SQL type `TEXTY`; did you mean `TEXT`?\n",
            schema_file.display()
        )
    );
}

#[test]
fn unknown_types_are_read_as_text_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.sqlite");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE legacy (code NVARCHAR(5) NOT NULL)")
        .unwrap();
    let output = sqlmint(&["introspect", path.to_str().unwrap()]);
    assert!(output.status.success());
    assert!(stdout(&output).contains(
        "            // note: the database's type `NVARCHAR(5)` has no schema! name; read as TEXT\n            code: TEXT NOT NULL,\n"
    ), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "warning: `legacy.code`: the database's type `NVARCHAR(5)` has no schema! name; read as TEXT\n"
    );
}

#[test]
fn bad_urls_and_missing_files_fail_with_one_line() {
    for (url, message) in [
        (
            "oracle://me:secret@db/app",
            "error: unsupported database URL `oracle://me:***@db/app`; expected sqlite://path/to/file.db, a path ending in .db or .sqlite, postgres://user@host/database or mysql://user@host/database\n",
        ),
        (
            "mysql://me:secret@127.0.0.1:1/app",
            "error: cannot connect to mysql://me:***@127.0.0.1:1/app: connection refused\n",
        ),
        (
            "sqlite://no/such/file.db",
            "error: cannot connect to sqlite://no/such/file.db: no such file\n",
        ),
        (
            "postgres://me:secret@127.0.0.1:1/app",
            "error: cannot connect to postgres://me:***@127.0.0.1:1/app: connection refused\n",
        ),
    ] {
        let output = sqlmint(&["introspect", url]);
        assert_eq!(output.status.code(), Some(2), "{url}");
        assert_eq!(stderr(&output), message);
        assert_eq!(stdout(&output), "");
    }
}

#[test]
fn check_reads_a_schema_declared_by_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&migrations).unwrap();
    std::fs::write(
        migrations.join("001_create.sql"),
        "CREATE TABLE user_account (id INTEGER PRIMARY KEY, fullname TEXT);",
    )
    .unwrap();
    std::fs::write(
        migrations.join("002_rename.sql"),
        "ALTER TABLE user_account RENAME COLUMN fullname TO display_name;",
    )
    .unwrap();
    // A crate's layout: the schema in `src/`, the migrations beside `Cargo.toml`, which is
    // where the path is read from, as the macro reads it.
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    let schema_file = dir.path().join("src").join("db.rs");
    std::fs::write(
        &schema_file,
        "sqlmint::schema! {\n    #[sqlmint(migrations = \"migrations\")]\n    pub mod db {}\n}\n",
    )
    .unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let conn = rusqlite::Connection::open(dir.path().join("app.db")).unwrap();
    // The database only had the first migration applied.
    conn.execute_batch("CREATE TABLE user_account (id INTEGER PRIMARY KEY, fullname TEXT);")
        .unwrap();
    drop(conn);
    let behind = sqlmint(&["check", &url, "--schema", schema_file.to_str().unwrap()]);
    assert_eq!(behind.status.code(), Some(1), "{}", stderr(&behind));
    assert_eq!(
        stdout(&behind),
        "the database differs from the schema in 2 place(s):\n  \
         - column `user_account.display_name`: declared, missing from the database\n  \
         + column `user_account.fullname`: in the database, not declared\n"
    );
}
