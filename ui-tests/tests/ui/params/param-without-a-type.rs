//! The named parameter `:value` is selected on its own, so nothing in the statement gives it an SQL
//! type (no column it is compared with or stored in).
//! Fix: use it with a column (e.g. `WHERE name = :value`), or state its type:
//! `SELECT CAST(:value AS TEXT) FROM user_account`.
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
    let _ = db::query!(SELECT :value FROM user_account);
}
