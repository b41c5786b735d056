//! `SELECT *` in a grouped query also selects columns (`id`, `email_address`) that are neither in
//! GROUP BY nor aggregated; a group has many rows, so such a column has no single value.
//! Fix: list the columns instead of `*`: grouped columns and aggregates, e.g. `SELECT user_id,
//! count(*) FROM address GROUP BY user_id`.
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
    let _ = db::query!(SELECT * FROM address GROUP BY user_id);
}
