//! The upsert's `DO UPDATE` has a WHERE and is run on MySQL, whose `ON DUPLICATE KEY UPDATE` (what
//! sqlmint renders an upsert as there) has no WHERE.
//! Fix: drop the `WHERE ...` after `DO UPDATE SET`, or run the statement on SQLite or PostgreSQL.
sqlmint::schema! {
    pub mod db {
        table page {
            id: INTEGER PRIMARY KEY,
            path: TEXT NOT NULL UNIQUE,
            title: TEXT NOT NULL,
        }
    }
}

/// Stands for any MySQL executor: it runs what has SQL for MySQL.
fn run_on_mysql<Q: sqlmint::SqlFor<sqlmint::MySql>>(_: &Q) {}

fn main() {
    // `ON DUPLICATE KEY UPDATE` has no WHERE.
    let retitle = db::query!(
        INSERT INTO page (path, title) VALUES ("/", "Home")
        ON CONFLICT (path) DO UPDATE SET title = excluded.title WHERE page.title <> excluded.title
    );
    run_on_mysql(&retitle);
}
