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

    let min_length = 3;
    let rows = conn.fetch_all(&db::query!(
        SELECT DISTINCT u.name, count(a.id) AS emails, max(a.email_address) AS last_email
        FROM user_account AS u LEFT JOIN address AS a ON a.user_id = u.id
        WHERE (u.name LIKE "s%" OR u.id IN (1, 2, 3) OR u.id BETWEEN 5 AND 9)
            AND u.fullname IS NOT NULL
            AND length(u.name) >= {min_length}
        GROUP BY u.name
        HAVING count(a.id) > 0
        ORDER BY emails DESC, u.name ASC
        LIMIT 10 OFFSET 0
    ))?;
    assert!(rows.is_empty());

    let joined = conn.fetch_all(&db::query!(
        SELECT user_account.name, address.email_address
        FROM user_account JOIN address
        WHERE NOT address.email_address LIKE "%@example.com"
        ORDER BY 1
    ))?;
    assert!(joined.is_empty());

    let constant = conn.fetch_one(&db::query!(SELECT 1 + 2 AS three))?;
    assert_eq!(constant.three, 3);
    Ok(())
}
