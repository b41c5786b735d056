//! The statement has a named parameter (`:name`) but is run without a value for it: a statement
//! with `:name` parameters cannot be executed until they are bound.
//! Fix: bind the values first and run the result: `conn.execute(&insert.params("sandy"))`.
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
    let conn = sqlmint::sqlite::Connection::open_in_memory().unwrap();
    let insert = db::query!(INSERT INTO user_account (name) VALUES (:name));
    let _ = conn.execute(&insert);
}
