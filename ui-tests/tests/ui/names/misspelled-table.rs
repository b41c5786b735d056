//! The table name in FROM is misspelt (`user_acount`), so no table of the schema has that name;
//! the error suggests the closest one.
//! Fix: correct the spelling to the table's name in the schema: `FROM user_account`.
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
    let _ = db::query!(SELECT id, name FROM user_acount WHERE id = 1);
}
