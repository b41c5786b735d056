//! The UPDATE stores a string (`"x"`) in `id`, an INTEGER column; a value must have the type of the
//! column it is written to.
//! Fix: assign a number, e.g. `SET id = 2`, or set a text column instead.
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
    let _ = db::query!(UPDATE user_account SET id = "x" WHERE name = "sandy");
}
