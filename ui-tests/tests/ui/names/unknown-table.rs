//! FROM names a table (`users`) the schema does not have; the error lists the tables it does have.
//! Fix: read from one of the schema's tables, e.g. `FROM user_account`, or add the table to the
//! schema.
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
    let _ = db::query!(SELECT id, name FROM users WHERE id = 1);
}
