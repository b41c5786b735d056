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
    conn.execute(&db::query!(INSERT INTO user_account (name) VALUES ("sandy")))?;

    let users: Vec<db::UserAccount> = conn.fetch_all(&db::query!(SELECT * FROM user_account))?;
    assert_eq!(
        users,
        [db::UserAccount {
            id: 1,
            name: "sandy".to_owned(),
            fullname: None,
        }]
    );
    let addresses: Vec<db::Address> = conn.fetch_all(&db::query!(SELECT a.* FROM address AS a))?;
    assert!(addresses.is_empty());
    Ok(())
}
