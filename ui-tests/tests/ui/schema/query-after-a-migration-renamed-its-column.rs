//! The query uses `fullname`, which a later migration renamed to `display_name`; code written
//! against the old schema stops compiling, and the error names the new column.
//! Fix: use the column's new name: `SELECT display_name FROM user_account WHERE name = "sandy"`.
// The same query as tests/pass/query-against-migrations-v1.rs, against version 2 of the
// migrations, which renames `fullname`: the build fails and names the new column.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/v2")]
    pub mod db {}
}

fn main() {
    let _ = db::query!(SELECT fullname FROM user_account WHERE name = "sandy");
}
