//! The SQL string `'sandy'` is written in single quotes; SQL in `query!` is Rust tokens, where
//! single quotes make a character literal, so Rust itself rejects it.
//! Fix: write SQL strings in double quotes: `WHERE name = "sandy"`.
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
    let _ = db::query!(SELECT id FROM user_account WHERE name = 'sandy');
}
