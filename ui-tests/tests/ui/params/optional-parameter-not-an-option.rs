sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() {
    let title = "rust%";
    // `?` asks for an `Option` whose `None` leaves the condition out.
    let _ = db::query!(SELECT id FROM post WHERE title LIKE {title?});
}
