//! A subquery used as a value in the select list returns two columns (`id, email_address`); a
//! subquery in a value's place must return a single column.
//! Fix: select one column in it, e.g. `(SELECT email_address FROM address ...) AS first`, or join
//! the table to get several of its columns.
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
    let _ = db::query!(SELECT name, (SELECT id, email_address FROM address) AS first FROM user_account);
}
