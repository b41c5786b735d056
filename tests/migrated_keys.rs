//! The schema of migrations is what each database makes of the files: applied as raw SQL
//! through the driver (not `create_all`), every compile-checked INSERT of the fixture runs on
//! each database it compiles for. A key that only one database fills lets an INSERT leave it
//! out on that database alone; running it on the other is a compile error
//! (`ui-tests/tests/ui/dialects/insert-without-a-key-postgres-does-not-fill.rs`).

use sqlmint::Executor;

sqlmint::schema! {
    #[sqlmint(migrations = "tests/migrations/keys", path = crate::db)]
    pub mod db {}
}

const MIGRATION: &str = include_str!("migrations/keys/0001_keys.sql");

mod queries {
    use crate::db;

    db::query! {
        pub mod add_author { INSERT INTO author (id, name) VALUES (:id, :name) }
    }
    db::query! {
        pub mod add_tag_with_id { INSERT INTO tag (id, label) VALUES (:id, :label) }
    }
    db::query! {
        /// SQLite fills `id`, its rowid.
        pub mod add_tag { INSERT INTO tag (label) VALUES (:label) RETURNING id }
    }
    db::query! {
        pub mod add_note_with_id { INSERT INTO note (id, body) VALUES (:id, :body) }
    }
    db::query! {
        /// PostgreSQL fills `id`, from its sequence.
        pub mod add_note { INSERT INTO note (body) VALUES (:body) RETURNING id, written_on IS NOT NULL AS dated }
    }
    db::query! {
        pub mod names { SELECT a.name, t.label FROM author a, tag t ORDER BY a.id, t.id }
    }
}

/// Applies the migration as written, then runs the INSERTs every database runs and checks
/// the rows they leave.
fn apply_and_insert<E: Executor>(conn: &E) {
    use queries::*;
    conn.execute_batch(MIGRATION)
        .expect("the migration, as written");
    conn.execute(&add_author::new(1_i64, "Ada"))
        .expect("author");
    conn.execute(&add_tag_with_id::new(7, "rust"))
        .expect("tag with id");
    conn.execute(&add_note_with_id::new(10_i64, "first"))
        .expect("note with id");
    // The table's row struct gives every column, so it runs everywhere.
    conn.execute(&db::Author {
        id: 2,
        name: "Grace".to_owned(),
    })
    .expect("row");
    let rows: Vec<(String, String)> = conn
        .fetch_all(&names::new())
        .expect("names")
        .into_iter()
        .map(|r| (r.name, r.label))
        .collect();
    assert_eq!(
        rows,
        [
            ("Ada".into(), "rust".into()),
            ("Grace".into(), "rust".into())
        ]
    );
}

/// `verify` finds the migrated database as the schema says: the types as the files declare
/// them, whatever each database calls them.
fn assert_no_drift<E: sqlmint::verify::Inspect>(conn: &E) {
    let report = db::verify(conn).expect("verify");
    assert!(report.is_clean(), "{report}");
}

#[test]
fn sqlite_fills_its_rowid_and_nothing_else() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().expect("sqlite");
    apply_and_insert(&conn);
    let tag = conn
        .fetch_one(&queries::add_tag::new("sql"))
        .expect("a rowid");
    assert_eq!(tag.id, 8);
    // `NewTag` leaves out the rowid; on SQLite that runs.
    conn.execute(&db::NewTag {
        label: "db".to_owned(),
    })
    .expect("new tag");
    assert_no_drift(&conn);
}

#[test]
fn postgres_fills_its_sequence_and_nothing_else() {
    let conn =
        sqlmint::postgres::Connection::connect(&sqlmint_test_support::database()).expect("connect");
    apply_and_insert(&conn);
    let note = conn
        .fetch_one(&queries::add_note::new("second"))
        .expect("a sequence");
    assert_eq!((note.id, note.dated), (1, true));
    conn.execute(&db::NewNote {
        body: "third".to_owned(),
    })
    .expect("new note");
    assert_no_drift(&conn);
}
