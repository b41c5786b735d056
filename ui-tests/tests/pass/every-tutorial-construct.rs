//! Every construct of the coverage issue compiles and runs on SQLite.

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
    let rows = conn.fetch_all(&db::query!(
        WITH counts AS (SELECT user_id, count(*) AS n FROM address GROUP BY user_id)
        SELECT u.name, counts.n, (SELECT max(id) FROM address WHERE address.user_id = u.id) AS newest,
               CASE WHEN u.fullname IS NULL THEN "?" ELSE u.fullname END AS full, CAST(u.id AS TEXT) AS key
        FROM user_account AS u LEFT JOIN counts ON counts.user_id = u.id
        WHERE EXISTS (SELECT 1 FROM user_account) AND u.id NOT IN (SELECT user_id FROM address)
        UNION ALL SELECT "x", 0, 0, "y", "z"
    ))?;
    let _: Option<i64> = rows[0].n;
    let _: Option<i32> = rows[0].newest;
    let _: Option<String> = rows[0].full.clone();
    let inserted = conn.fetch_all(&db::query!(
        INSERT INTO address (user_id, email_address) SELECT id, name || "@aol.com" FROM user_account RETURNING id, email_address
    ))?;
    let _: String = inserted[0].email_address.clone();
    conn.execute(&db::query!(UPDATE user_account SET fullname = "S" FROM address WHERE address.user_id = user_account.id))?;
    let deleted: Vec<db::UserAccount> = conn.fetch_all(&db::query!(DELETE FROM user_account WHERE id > 100 RETURNING *))?;
    assert!(deleted.is_empty());
    Ok(())
}
