//! An INSERT of several rows has no comma between them (`("sandy") ("patrick")`), so the second row
//! is not read as part of the VALUES list.
//! Fix: separate the rows with a comma: `VALUES ("sandy"), ("patrick")`.
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
    let _ = db::query!(INSERT INTO user_account (name) VALUES ("sandy") ("patrick"));
}
