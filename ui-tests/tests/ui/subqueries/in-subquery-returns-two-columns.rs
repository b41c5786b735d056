//! The subquery of `id IN (...)` selects two columns; IN compares one value with each row of the
//! subquery, so the subquery must return exactly one column.
//! Fix: select only the column to compare with: `WHERE id IN (SELECT user_id FROM address)`.
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
    let _ = db::query!(SELECT name FROM user_account WHERE id IN (SELECT user_id, id FROM address));
}
