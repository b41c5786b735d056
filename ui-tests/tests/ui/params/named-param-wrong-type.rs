//! `.params(5)` passes an integer for `:name`, which is compared with `user_account.name`, a text
//! column; each argument of `.params` must fit the SQL type its parameter meets.
//! Fix: pass text, e.g. `select.params("sandy")`, or compare the parameter with a numeric column.
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
    let select = db::query!(SELECT id FROM user_account WHERE name = :name);
    let _ = select.params(5);
}
