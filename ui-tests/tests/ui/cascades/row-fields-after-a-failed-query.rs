//! The query selects a misspelt column (`nmae`); that is the only error, as the loop that reads the
//! rows' fields (even `row.nmae`) adds none of its own.
//! Fix: correct the column in the SQL (`SELECT id, name, fullname ...`) and the field the code
//! reads (`row.name`).
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
    let rows = conn.fetch_all(&db::query!(SELECT id, nmae, fullname FROM user_account))?;
    for row in rows {
        let id: i32 = row.id;
        println!("{id} {} {:?}", row.nmae.len(), row.fullname);
    }
    Ok(())
}
