//! The query adds a number to a text column (`name + 1`); `+` and the other arithmetic operators
//! work on numbers only, and text is joined with `||` instead.
//! Fix: use `||` to join text (`name || "1"`), or do the arithmetic on a numeric column.
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
    let _ = db::query!(SELECT name + 1 FROM user_account);
}
