//! `.params(...)` is given two values but the statement has one named parameter (`:name`); it takes
//! exactly one argument per parameter.
//! Fix: pass one value per parameter, `select.params("sandy")`, or add the parameter the second
//! value was meant for to the SQL.
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
    let _ = select.params("sandy", "patrick");
}
