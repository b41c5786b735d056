//! This case deliberately makes several mistakes in one statement (two misspelt columns, a table
//! missing from FROM, and a TEXT column compared with a number); each is reported as its own error
//! in the same build, so they can all be fixed at once.
//! Fix: correct each one: `name` and `id` for `nmae` and `idd`, `JOIN address` in FROM, and compare
//! `fullname` with a string such as `"Ann"`.
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
    let _ = db::query!(
        SELECT nmae, address.email_address
        FROM user_account
        WHERE fullname = 5 AND idd > 1
    );
}
