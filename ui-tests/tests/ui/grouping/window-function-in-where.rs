sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, author_id: INTEGER NOT NULL, score: INTEGER NOT NULL }
    }
}

fn main() {
    let _ = db::query!(
        SELECT id FROM post
        WHERE row_number() OVER (PARTITION BY author_id ORDER BY score DESC) <= 3
    );
}
