//! WHERE compares `name`, a text column, with the number `5`; the two sides of a comparison must
//! have comparable types.
//! Fix: compare with a string, `WHERE name = "5"`, or compare a numeric column such as `id`.
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
    let _ = db::query!(SELECT id FROM user_account WHERE name = 5);
}
