//! The foreign key `address.user_id` is TEXT, but the column it references, `user_account.id`, is
//! INTEGER; a foreign key must have the type of the column it references.
//! Fix: declare the referencing column with the same type: `user_id: INTEGER NOT NULL REFERENCES
//! user_account(id)`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: TEXT NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(SELECT email_address FROM address WHERE user_id = "1");
}
