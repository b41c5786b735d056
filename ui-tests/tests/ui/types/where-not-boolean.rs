//! WHERE is given `id`, an INTEGER column, on its own; WHERE needs a condition that is true or false
//! for each row.
//! Fix: write a comparison, e.g. `WHERE id = 1` or `WHERE id IS NOT NULL`.
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
    let _ = db::query!(SELECT name FROM user_account WHERE id);
}
