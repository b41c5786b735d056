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
