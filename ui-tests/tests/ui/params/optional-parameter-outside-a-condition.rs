//! An optional parameter (`{title?}`) is used as the value of an UPDATE's SET; `?` only makes sense
//! in a WHERE or HAVING condition (or a whole LIMIT or OFFSET), which can be left out when the value
//! is `None`.
//! Fix: write `{title}` without `?` and bind a plain value (an `Option` binds NULL, which only a
//! nullable column takes), or skip the UPDATE in Rust when there is no title.
sqlmint::schema! {
    pub mod db {
        table post { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() {
    let title: Option<&str> = None;
    // There is no condition to leave out when `title` is `None`.
    let _ = db::query!(UPDATE post SET title = {title?} WHERE id = 1);
}
