//! A named statement is declared with `pub fn by_name { ... }`; named statements are written as
//! modules, which hold the statement's `new` and its `Row`.
//! Fix: write `pub mod by_name { SELECT id FROM user_account WHERE name = :name }`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    // A named statement is a module, not a function.
    pub fn by_name {
        SELECT id FROM user_account WHERE name = :name
    }
}

fn main() {}
