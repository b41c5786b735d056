//! `length` is called with two arguments; it takes one, the text to measure.
//! Fix: pass one argument, e.g. `length(name)`, or call it once per column (`length(name),
//! length(fullname)`).
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
    let _ = db::query!(SELECT length(name, fullname) FROM user_account);
}
