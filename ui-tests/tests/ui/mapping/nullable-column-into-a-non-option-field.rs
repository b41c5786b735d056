//! The column `body` may be NULL (it is declared without NOT NULL), but the field that reads it is a
//! plain `String`, which cannot hold NULL.
//! Fix: make the field an `Option<String>`, or declare the column NOT NULL if it never is NULL.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    body: String,
}

fn main() {
    let _ = db::query_as!(Post, SELECT id, body FROM post);
}
