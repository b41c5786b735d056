// PostgreSQL refuses a value for a `GENERATED ALWAYS AS IDENTITY` column.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/keys")]
    pub mod db {}
}

fn main() {
    let _ = db::query!(INSERT INTO event (id, kind) VALUES (1, "start"));
    let _ = db::query!(UPDATE event SET id = 2);
}
