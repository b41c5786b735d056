//! A word (`name`) follows the end of the WHERE condition where nothing can stand, e.g. a leftover
//! from editing or a missing operator.
//! Fix: remove the stray word, or complete the condition, e.g. `WHERE id = 1 AND name = "sandy"`.
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
    let _ = db::query!(SELECT id FROM user_account WHERE id = 1 name);
}
