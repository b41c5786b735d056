//! The field `title` of `Post` is an `i64`, but the column it reads is SQL TEXT, which cannot be
//! read into an integer.
//! Fix: give the field a Rust type the column reads into, here `title: String`.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    title: i64,
}

fn main() {
    let _ = db::query_as!(Post, SELECT id, title FROM post);
}
