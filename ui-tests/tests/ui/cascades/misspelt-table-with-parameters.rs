//! The query reads from a misspelt table (`user_acount`); that is the only error, as the bound
//! `{id}` and the code that uses the rows add none of their own.
//! Fix: correct the table name: `FROM user_account`.
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
    let id = 1;
    let rows = conn.fetch_all(&db::query!(SELECT name FROM user_acount WHERE id = {id}))?;
    println!("{}", rows.len());
    Ok(())
}
