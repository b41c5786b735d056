//! The table is given an alias with `AS u`, and after that the query must call it `u`: its own name
//! `user_account` no longer refers to it in this query.
//! Fix: use the alias, `SELECT u.name FROM user_account AS u`, or drop `AS u`.
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
    let _ = db::query!(SELECT user_account.name FROM user_account AS u);
}
