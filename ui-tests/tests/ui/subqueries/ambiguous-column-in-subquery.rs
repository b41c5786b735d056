//! Inside the EXISTS subquery, `id` is a column of both `address` and `u`, the joined
//! `user_account`, so it is unclear which one it means.
//! Fix: qualify the column with its table or alias, e.g. `SELECT address.id FROM address JOIN ...`.
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
    let _ = db::query!(
        SELECT name FROM user_account
        WHERE EXISTS (SELECT id FROM address JOIN user_account AS u ON u.id = address.user_id)
    );
}
