//! The left side of the UNION selects two columns and the right side one; both sides must have the
//! same number of columns.
//! Fix: select the same number of columns on both sides, e.g. `SELECT id, email_address FROM
//! address` on the right, or `SELECT id FROM user_account` on the left.
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
    let _ = db::query!(SELECT id, name FROM user_account UNION SELECT id FROM address);
}
