//! The two sides of the UNION put an INTEGER (`id`) and a text column (`email_address`) in the
//! same result column; each column must have one type on both sides.
//! Fix: select columns of the same type in the same position, or convert one side, e.g. `CAST(id
//! AS TEXT)`.
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
    let _ = db::query!(SELECT id FROM user_account UNION SELECT email_address FROM address);
}
