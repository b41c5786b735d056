//! The struct `Post` has a field `body` that no column of the query fills; every field of the
//! struct must have a column of the same name. The code using the rows adds no error of its own.
//! Fix: select the column (`SELECT id, title, body FROM post`), label a column `AS body`, or
//! remove the field.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL, body: TEXT }
    }
}

#[derive(sqlmint::FromRow)]
struct Post {
    id: i64,
    title: String,
    body: Option<String>,
}

fn main() {
    // The statement's rows are still `Post`: the code below adds no error of its own.
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    let posts: Vec<Post> = conn.fetch_all(&db::query_as!(Post, SELECT id, title FROM post)).unwrap();
    let _ = posts.first().map(|post| (post.id, &post.title, &post.body));
}
