//! The statement calls `date_trunc`, which SQLite does not have, and is run on a SQLite connection;
//! the statement itself compiles, but running it on a dialect without the function does not.
//! Fix: run it on a PostgreSQL connection, or write it without `date_trunc` for SQLite (e.g. with
//! `extract(...)` of the parts needed).
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
