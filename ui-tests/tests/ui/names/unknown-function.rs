//! The query calls a function sqlmint does not know (`lenght`, a typo); the error suggests the
//! closest known function.
//! Fix: correct the function name: `SELECT length(name) FROM user_account`.
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
    let _ = db::query!(SELECT lenght(name) FROM user_account);
}
