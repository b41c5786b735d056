//! The SQL is passed to `query!` as one string literal; `query!` reads SQL written directly as
//! tokens, so that it can check each part where it is written.
//! Fix: drop the quotes around the statement: `db::query!(SELECT id FROM user_account)`.
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
    let _ = db::query!("SELECT id FROM user_account");
}
