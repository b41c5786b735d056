//! The select list reads `address.email_address`, but `address` is not one of the tables the query
//! reads from: a column can only come from a table listed in FROM or a JOIN.
//! Fix: add the table to the query, e.g. `FROM user_account JOIN address`, or drop the column.
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
    let _ = db::query!(SELECT name, address.email_address FROM user_account);
}
