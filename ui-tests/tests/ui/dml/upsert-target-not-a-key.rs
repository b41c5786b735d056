//! `ON CONFLICT (title)` names a column that is not a key of `page`; a conflict can only happen on
//! the primary key or a UNIQUE constraint, and the target must be exactly one of them.
//! Fix: name one of the keys the error lists, e.g. `ON CONFLICT (path)`, or declare `title` UNIQUE
//! in the schema if it must be.
sqlmint::schema! {
    pub mod db {
        table page {
            id: INTEGER PRIMARY KEY,
            path: TEXT NOT NULL UNIQUE,
            title: TEXT NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(
        INSERT INTO page (path, title) VALUES ("/", "Home")
        ON CONFLICT (title) DO UPDATE SET title = excluded.title
    );
}
