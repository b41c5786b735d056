//! The UPDATE's SET assigns `name` twice, so it is unclear which value the row should get.
//! Fix: assign each column once, e.g. `SET name = "patrick"`.
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
    let _ = db::query!(UPDATE user_account SET name = "sandy", name = "patrick" WHERE id = 1);
}
