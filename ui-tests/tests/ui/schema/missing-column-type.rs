//! The column `name` is declared without a type in `schema!`; every column is written `name: TYPE`
//! followed by its constraints.
//! Fix: add the colon and the type: `name: VARCHAR(30) NOT NULL`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name NOT NULL, fullname: TEXT }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM user_account);
}
