//! The table `user_account` declares the column `name` twice in `schema!`.
//! Fix: remove one of the declarations, or rename it if two columns were meant, e.g. `fullname:
//! TEXT`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, name: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
