// `id BIGINT PRIMARY KEY`, applied as written, is a plain NOT NULL column on every database:
// an INSERT must give it.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/keys")]
    pub mod db {}
}

fn main() {
    let _ = db::query!(INSERT INTO author (name) VALUES ("Ada"));
}
