//! The INSERT lists two columns but gives one value (`{name}`); that is the only error, as the
//! code that executes the statement adds none of its own.
//! Fix: give a value for each listed column, e.g. `VALUES ({name}, NULL)`, or list only `(name)`.
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
    let name = "sandy";
    conn.execute(&db::query!(INSERT INTO user_account (name, fullname) VALUES ({name})))?;
    Ok(())
}
