// `id INTEGER PRIMARY KEY` is SQLite's rowid, but a plain column on PostgreSQL: leaving it
// out compiles for SQLite, and running it on PostgreSQL is the error.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/keys")]
    pub mod db {}
}

fn add_tag<E: sqlmint::Executor<Dialect = sqlmint::Postgres>>(conn: &E) {
    let _ = conn.execute(&db::query!(INSERT INTO tag (label) VALUES ("rust")));
}

fn main() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    let _ = conn.execute(&db::query!(INSERT INTO tag (label) VALUES ("rust")));
}
