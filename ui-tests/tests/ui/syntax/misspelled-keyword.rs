//! The statement starts with a misspelt keyword (`SELEC`); a statement must start with SELECT,
//! WITH, INSERT, UPDATE or DELETE.
//! Fix: correct the spelling: `SELECT id FROM user_account`.
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
    let _ = db::query!(SELEC id FROM user_account);
}
