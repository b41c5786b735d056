//! The INSERT's column list names `name` twice, so the row would get two values for one column.
//! Fix: list each column once, with one value for each, e.g. `INSERT INTO user_account (name,
//! fullname) VALUES ("sandy", "squirrel")`.
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
    let _ = db::query!(INSERT INTO user_account (name, name) VALUES ("sandy", "squirrel"));
}
