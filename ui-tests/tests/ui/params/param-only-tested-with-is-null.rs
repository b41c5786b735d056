sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() {
    let pattern: Option<&str> = None;
    // IS NULL takes any type: nothing else says what `pattern` is.
    let _ = db::query!(SELECT id FROM post WHERE {pattern} IS NULL);
}
