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
