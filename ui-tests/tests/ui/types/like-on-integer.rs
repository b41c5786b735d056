//! LIKE is used on `id`, an INTEGER column; LIKE matches text patterns only.
//! Fix: apply LIKE to a text column, compare the number directly (e.g. `id >= 10`), or `CAST(id AS
//! TEXT) LIKE "1%"` if the digits are really what is meant.
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
    let _ = db::query!(SELECT name FROM user_account WHERE id LIKE "1%");
}
