//! A named statement puts `#[derive(Hash)]` on its rows, but it selects `*` from one table, so its
//! rows are that table's own row struct and the statement has no `Row` of its own to derive on.
//! Fix: name the columns (`SELECT id, name, fullname FROM user_account`) to get a `Row` of the
//! statement's own, or put the attribute on the table in `schema!`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    /// `SELECT *` rows are the table's own struct: nothing of the statement's to derive on.
    #[derive(Hash)]
    pub mod everyone {
        SELECT * FROM user_account
    }
}

fn main() {}
