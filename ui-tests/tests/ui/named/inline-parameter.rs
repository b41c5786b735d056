//! A named statement (`pub mod by_id { ... }`) uses an inline value `{1 + 1}`; a named statement is
//! defined apart from the code that runs it, so it has no Rust values around it to bind inline.
//! Fix: use a named parameter and pass its value to `new`: `WHERE id = :id`, then `by_id::new(2)`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    /// A named statement has no values around it to bind inline.
    pub mod by_id {
        SELECT name FROM user_account WHERE id = {1 + 1}
    }
}

fn main() {}
