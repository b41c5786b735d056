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
