//! `#[sqlmint(rename = "titel")]` makes the field `heading` read a column `titel`, which the query
//! does not select (the column is `title`; the rename is misspelt).
//! Fix: correct the column name in the attribute: `#[sqlmint(rename = "title")]`.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    #[sqlmint(rename = "titel")]
    heading: String,
}

fn main() {
    let _ = db::query_as!(Post, SELECT id, title FROM post);
}
