//! LIMIT is given a string (`"ten"`); it takes the number of rows as an integer.
//! Fix: write an integer, `LIMIT 10`, or bind an integer value, e.g. `LIMIT {limit}` with an `i64`.
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
    let _ = db::query!(SELECT name FROM user_account LIMIT "ten");
}
