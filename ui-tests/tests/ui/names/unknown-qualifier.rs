//! The column is qualified with `usr`, which is neither a table nor an alias of this query; the
//! table was given the alias `u`.
//! Fix: qualify the column with the alias the query uses: `SELECT u.name FROM user_account AS u`.
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
    let _ = db::query!(SELECT usr.name FROM user_account AS u);
}
