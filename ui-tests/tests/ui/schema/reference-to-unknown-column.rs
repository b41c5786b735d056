//! The foreign key references a column (`uid`) that the table `user_account` does not have; the
//! error suggests the closest one.
//! Fix: reference an existing column, here the key: `REFERENCES user_account(id)`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(uid),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(SELECT email_address FROM address WHERE user_id = 1);
}
