//! The UPDATE sets a column (`fulname`, a typo) that `user_account` does not have; the error
//! suggests the closest one.
//! Fix: use the column's name as the schema spells it: `SET fullname = "Sandy Cheeks"`.
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
    let _ = db::query!(UPDATE user_account SET fulname = "Sandy Cheeks" WHERE id = 1);
}
