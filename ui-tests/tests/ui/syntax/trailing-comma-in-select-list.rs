//! The select list ends with a comma (`id, name,`), so `FROM` is read where another column was
//! expected.
//! Fix: remove the trailing comma: `SELECT id, name FROM user_account`.
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
    let _ = db::query!(SELECT id, name, FROM user_account);
}
