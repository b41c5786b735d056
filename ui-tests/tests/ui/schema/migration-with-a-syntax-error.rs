//! A migration file does not parse (`CREATE TABEL`, a typo); the error gives the file, line and
//! column of the mistake.
//! Fix: correct the SQL in the migration file, here `CREATE TABLE u (id INTEGER);`.
// A migration that does not parse: the error names the file, line and column.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/broken.sql")]
    pub mod db {}
}

fn main() {}
