//! `DELETE ... USING` (deleting rows with the help of another table) is run on a SQLite
//! connection, and SQLite has no such DELETE.
//! Fix: write the join as a subquery, e.g. `DELETE FROM address WHERE user_id IN (SELECT id FROM
//! user_account WHERE name = "sandy")`, or run it on a dialect that has `USING`.
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
    let delete = db::query!(
        DELETE FROM address USING user_account
        WHERE user_account.id = address.user_id AND user_account.name = "sandy"
    );
    let _ = conn.execute(&delete);
}
