//! A Rust `&str` is bound where it is compared with `user_account.id`, an INTEGER column; a bound
//! value must have a Rust type that matches the SQL type it meets.
//! Fix: bind an integer (e.g. an `i32`), parsing the text first if it holds a number, or compare
//! the text with a text column: `WHERE name = {name}`.
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
    let name: &str = "sandy";
    let _ = db::query!(SELECT fullname FROM user_account WHERE id = {name});
}
