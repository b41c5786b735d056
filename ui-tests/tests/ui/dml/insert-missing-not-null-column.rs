//! The INSERT gives no value for `name`, a NOT NULL column without a default, so the new row could
//! not be stored.
//! Fix: add the column and a value for it: `INSERT INTO user_account (name, fullname) VALUES
//! ("sandy", "Sandy Cheeks")`, or give the column a default in the schema.
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
    let _ = db::query!(INSERT INTO user_account (fullname) VALUES ("Sandy Cheeks"));
}
