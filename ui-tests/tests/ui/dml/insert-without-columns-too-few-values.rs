//! The INSERT has no column list, so it must give a value for every column of the table, in order;
//! `user_account` has three columns and only two values are given.
//! Fix: name the columns being set, `INSERT INTO user_account (name, fullname) VALUES ("sandy",
//! "Sandy Cheeks")`, or give a value for each column.
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
    let _ = db::query!(INSERT INTO user_account VALUES ("sandy", "Sandy Cheeks"));
}
