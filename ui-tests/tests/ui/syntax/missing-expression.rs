//! The statement ends right after `WHERE`, which must be followed by a condition.
//! Fix: write the condition, e.g. `WHERE id = 1`, or drop `WHERE`.
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
    let _ = db::query!(SELECT id FROM user_account WHERE);
}
