//! An IN list compares the INTEGER column `id` with values of which one is a string (`"two"`);
//! every value in the list must have a type comparable with the column.
//! Fix: make every value a number: `WHERE id IN (1, 2, 3)`.
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
    let _ = db::query!(SELECT name FROM user_account WHERE id IN (1, "two", 3));
}
