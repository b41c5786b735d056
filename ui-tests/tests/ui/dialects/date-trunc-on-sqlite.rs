sqlmint::schema! {
    pub mod db {
        table event { id: INTEGER PRIMARY KEY, logged: TIMESTAMPTZ NOT NULL }
    }
}

fn main() {
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    // SQLite has no function like PostgreSQL's `date_trunc`.
    let _ = conn.fetch_all(&db::query!(SELECT date_trunc("day", logged) AS day FROM event));
}
