//! The query joins two tables that both have a column `id`, and `SELECT id` does not say which one
//! it means, so sqlmint cannot tell which table's column to read.
//! Fix: qualify the column with its table or alias, e.g. `SELECT user_account.id, email_address`.
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
    let _ = db::query!(SELECT id, email_address FROM user_account JOIN address);
}
