//! `LIMIT -1` asks for a negative number of rows; databases disagree on what it means (SQLite reads
//! it as no limit, PostgreSQL refuses it), so sqlmint refuses it.
//! Fix: leave LIMIT out to read every row, or give a limit of zero or more, e.g. `LIMIT 10`.
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
    let _ = db::query!(SELECT name FROM user_account LIMIT -1);
}
