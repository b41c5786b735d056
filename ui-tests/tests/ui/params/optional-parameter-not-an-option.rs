//! `{title?}` marks the parameter optional, so its condition is left out when the value is `None`;
//! it therefore takes an `Option`, but `title` is a plain `&str`.
//! Fix: pass an `Option` (e.g. `let title = Some("rust%");`), or write `{title}` without `?` to
//! bind the value every time.
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
