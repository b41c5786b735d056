//! The foreign key references a table (`users`) the schema does not declare; the error lists the
//! tables it does have.
//! Fix: reference a declared table, `REFERENCES user_account(id)`, or declare the table.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES users(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(SELECT email_address FROM address WHERE user_id = 1);
}
