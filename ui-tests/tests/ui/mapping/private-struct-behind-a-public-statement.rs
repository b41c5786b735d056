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
