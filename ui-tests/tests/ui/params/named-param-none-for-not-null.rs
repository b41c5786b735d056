//! `.params(...)` passes `None` for `:name`, which is stored in the NOT NULL column
//! `user_account.name`; a parameter for a NOT NULL column takes a plain value, not an `Option`.
//! Fix: pass a value for it, e.g. `insert.params("sandy", Some("Sandy Cheeks"))`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    let _ = insert.params(None, Some("Sandy Cheeks"));
}
