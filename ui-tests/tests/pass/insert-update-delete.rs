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

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;

    conn.execute(&db::query!(
        INSERT INTO user_account (name, fullname)
        VALUES ("sandy", NULL), ("patrick", "Patrick Star")
    ))?;
    conn.execute(&db::query!(INSERT INTO user_account VALUES (10, "gary", NULL)))?;
    conn.execute(&db::query!(
        INSERT INTO address (user_id, email_address) VALUES (1, "sandy@example.com")
    ))?;
    let updated = conn.execute(&db::query!(
        UPDATE user_account SET fullname = name || " Cheeks", id = id + 100 WHERE name = "patrick"
    ))?;
    assert_eq!(updated, 1);
    conn.execute(&db::query!(DELETE FROM address WHERE email_address LIKE "%@example.com"))?;
    let deleted = conn.execute(&db::query!(DELETE FROM user_account))?;
    assert_eq!(deleted, 3);
    Ok(())
}
