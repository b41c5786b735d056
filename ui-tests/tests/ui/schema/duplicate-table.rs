//! `schema!` declares the table `user_account` twice.
//! Fix: merge the two declarations into one table with all the columns, or give the second table
//! another name.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL }
        table user_account { id: INTEGER PRIMARY KEY, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
