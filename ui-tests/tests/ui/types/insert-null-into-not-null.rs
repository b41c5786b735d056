//! The INSERT writes NULL into `name`, which the schema declares NOT NULL, so the row would be
//! refused.
//! Fix: give the column a value, e.g. `VALUES ("sandy", "Sandy Cheeks")`, or make it nullable in the
//! schema if it really can be missing.
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
    let _ = db::query!(INSERT INTO user_account (name, fullname) VALUES (NULL, "Sandy Cheeks"));
}
