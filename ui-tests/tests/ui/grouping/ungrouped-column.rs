//! The select list has an aggregate (`count(*)`), which makes the query grouped, and also the plain
//! column `name`, which is neither grouped nor aggregated, so it has no single value per group.
//! Fix: add `GROUP BY name` to count per name, or aggregate the column too (e.g. `max(name)`).
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
    let _ = db::query!(SELECT name, count(*) FROM user_account);
}
