//! Two columns of `user_account` are each declared PRIMARY KEY; a table has one primary key.
//! Fix: keep `PRIMARY KEY` on one column and make the other `UNIQUE` if it must not repeat, or
//! declare a key of both columns with `PRIMARY KEY (id, name)`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL PRIMARY KEY }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
