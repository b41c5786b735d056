//! A field of `Post` has `#[sqlmint(skip)]`, which is not a sqlmint attribute; fields take only
//! `rename = "column"` or `flatten`. It is the only error: the struct still reads its rows.
//! Fix: remove the attribute; to leave a column out, remove both the field and the column from the
//! SELECT.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    #[sqlmint(skip)]
    title: String,
}

fn main() {
    // The struct still reads its rows: the attribute's error is the only one.
    let _ = db::query_as!(Post, SELECT id, title FROM post);
}
