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
