//! `INSERT INTO address (user_id, email_address) SELECT ...` lists two target columns, but the
//! SELECT produces one; it must produce one column per target column, in order.
//! Fix: select a value for each target column, e.g. `SELECT id, name FROM user_account`, or drop
//! the unused target column.
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
    let _ = db::query!(INSERT INTO address (user_id, email_address) SELECT id FROM user_account);
}
