//! A subquery in FROM has no name; every subquery in FROM must be given one so its columns can be
//! referred to.
//! Fix: add an alias after the parentheses: `FROM (SELECT id FROM user_account) AS ids`.
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
    let _ = db::query!(SELECT * FROM (SELECT id FROM user_account));
}
