//! The parameter `{pattern}` is only tested with IS NULL, which accepts any type, so nothing in the
//! statement says what SQL type it has.
//! Fix: also use it where its type is known (`{pattern} IS NULL OR title LIKE {pattern}`), or give
//! the type with `CAST({pattern} AS TEXT) IS NULL`.
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
