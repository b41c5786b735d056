//! `query_as!` is given a struct, `Article`, that has no `#[derive(sqlmint::FromRow)]`, so sqlmint
//! does not know how to read rows into it.
//! Fix: add `#[derive(sqlmint::FromRow)]` above `struct Article`.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

struct Article {
    id: i64,
}

fn main() {
    let _ = db::query_as!(Article, SELECT id FROM post);
}
