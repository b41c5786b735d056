//! The ON clause is a column (`address.user_id`, an INTEGER), not a condition that is true or false
//! for each pair of rows.
//! Fix: compare it with the other table's key: `ON address.user_id = user_account.id`, or leave ON
//! out to use the foreign key.
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
    let _ =
        db::query!(SELECT name, email_address FROM user_account JOIN address ON address.user_id);
}
