//! A public named statement (`pub mod titles -> Post`) returns rows of `Post`, which is private, so
//! its public API would expose a private type.
//! Fix: make the struct public, `pub struct Post { ... }`, or the statement private: `mod titles ->
//! Post { ... }`.
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

db::query! {
    pub mod titles -> Post {
        SELECT id, title FROM post
    }
}

fn main() {}
