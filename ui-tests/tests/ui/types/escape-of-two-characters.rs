//! The ESCAPE clause of a LIKE gives two characters (`"!!"`); the escape is a single character that
//! marks the next `%` or `_` of the pattern as literal.
//! Fix: give one character, e.g. `LIKE "a%" ESCAPE "!"`.
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
    let _ = db::query!(SELECT name FROM user_account WHERE name LIKE "a%" ESCAPE "!!");
}
