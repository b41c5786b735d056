//! `sum` is applied to `name`, a text column; it adds up numbers only.
//! Fix: sum a numeric column, or use `count(name)` to count values or `group_concat(name)` to join
//! them.
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
    let _ = db::query!(SELECT sum(name) FROM user_account);
}
