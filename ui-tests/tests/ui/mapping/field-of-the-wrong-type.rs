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
