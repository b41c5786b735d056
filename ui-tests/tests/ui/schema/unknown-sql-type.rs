//! The column `name` has a type sqlmint does not know (`VARCHR`, a typo); the error suggests the
//! closest one.
//! Fix: correct the type: `name: VARCHAR(30) NOT NULL`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id, name FROM user_account);
}
