//! The INSERT lists two columns but gives a row of one value; each row needs one value per listed
//! column.
//! Fix: give a value for each column, `VALUES ("sandy", "Sandy Cheeks")`, or list only the
//! columns you set: `(name) VALUES ("sandy")`.
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
    let _ = db::query!(INSERT INTO user_account (name, fullname) VALUES ("sandy"));
}
