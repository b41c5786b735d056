//! With SELECT DISTINCT, ORDER BY sorts by `fullname`, which is not in the result; after duplicates
//! are removed, one result row can stand for several values of it, so the order is undefined.
//! Fix: add the column to the select list (`SELECT DISTINCT name, fullname`), order by a selected
//! column (`ORDER BY name`), or drop DISTINCT.
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
    let _ = db::query!(SELECT DISTINCT name FROM user_account ORDER BY fullname);
}
