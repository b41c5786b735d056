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
