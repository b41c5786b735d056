sqlmint::schema! {
    pub mod db {
        table page {
            id: INTEGER PRIMARY KEY,
            path: TEXT NOT NULL UNIQUE,
            title: TEXT NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(
        INSERT INTO page (path, title) VALUES ("/", "Home")
        ON CONFLICT (title) DO UPDATE SET title = excluded.title
    );
}
