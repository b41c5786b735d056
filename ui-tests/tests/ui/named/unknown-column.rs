//! A named statement selects a column that does not exist (`fullnme`, a typo); the error is the
//! only one, as the code that uses `by_name::Row` and `by_name::new` adds none of its own.
//! Fix: use the column's name as the schema spells it: `SELECT fullname FROM user_account ...`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    pub mod by_name {
        SELECT fullnme FROM user_account WHERE name = :name
    }
}

fn main() {
    // The module and its `new` are there after the error, so these lines add no error of
    // their own.
    let _: Option<by_name::Row> = None;
    let _ = by_name::new("sandy");
}
