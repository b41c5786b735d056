//! The query selects a column (`body`) that no field of the struct `Post` reads; `query_as!` needs
//! a field for every column it selects.
//! Fix: add a field for it (`body: Option<String>`), name a field for it with `#[sqlmint(rename =
//! "body")]`, or stop selecting the column.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    title: String,
}

fn main() {
    let _ = db::query_as!(Post, SELECT id, title, body FROM post);
}
