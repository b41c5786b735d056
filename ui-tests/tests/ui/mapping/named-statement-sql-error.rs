//! A named statement that returns `Post` selects a column that does not exist (`titel`, a typo);
//! its error is the only one, as the code that reads `Post` rows from it adds none.
//! Fix: use the column's name as the schema spells it: `SELECT id, title FROM post WHERE id = :id`.
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
    pub mod by_id -> Post {
        SELECT id, titel FROM post WHERE id = :id
    }
}

fn main() {
    // The stand-in's rows are still `Post`.
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    let post: Post = conn.fetch_one(&by_id::new(1)).unwrap();
    let _ = (post.id, post.title);
}
