// A migration that does not parse: the error names the file, line and column.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/broken.sql")]
    pub mod db {}
}

fn main() {}
