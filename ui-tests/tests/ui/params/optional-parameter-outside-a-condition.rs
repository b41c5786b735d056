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
