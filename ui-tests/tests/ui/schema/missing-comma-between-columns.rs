//! Two column declarations in `schema!` are not separated by a comma, so `name` is read as if it
//! continued `id`'s constraints.
//! Fix: add the comma: `id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
