//! The INSERT's column list names a column (`nickname`) that the table `user_account` does not
//! have.
//! Fix: insert only the table's columns, e.g. `(name, fullname)`, or add the column to the schema
//! first.
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
    let _ = db::query!(INSERT INTO user_account (name, nickname) VALUES ("sandy", "squirrel"));
}
