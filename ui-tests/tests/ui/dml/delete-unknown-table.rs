//! The DELETE names a table (`users`) the schema does not have; the error lists the tables it does
//! have.
//! Fix: delete from one of the schema's tables, e.g. `DELETE FROM user_account WHERE id = 1`.
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
    let _ = db::query!(DELETE FROM users WHERE id = 1);
}
