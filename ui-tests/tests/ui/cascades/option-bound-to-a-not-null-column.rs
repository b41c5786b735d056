//! An `Option<&str>` is bound to the NOT NULL column `user_account.name`; that is the only error,
//! as executing the statement adds none of its own.
//! Fix: bind a plain `&str` (handle `None` before the query, or skip the INSERT), or make the
//! column nullable if it may be missing.
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

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    let name: Option<&str> = None;
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ({name})))?;
    Ok(())
}
