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
