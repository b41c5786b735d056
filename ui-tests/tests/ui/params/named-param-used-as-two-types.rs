//! The named parameter `:key` is compared with `id` (INTEGER) and with `name` (text); one named
//! parameter is one value, so it can have only one SQL type.
//! Fix: use two parameters, e.g. `WHERE id = :id OR name = :name`, and pass a value for each.
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
    let _ = db::query!(SELECT id FROM user_account WHERE id = :key OR name = :key);
}
