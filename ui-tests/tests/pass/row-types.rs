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

    let row = conn.fetch_one(&db::query!(
        SELECT id, name, fullname, count(*), sum(id) AS total, avg(id) AS mean
        FROM user_account
        GROUP BY id
    ))?;
    let _: i32 = row.id;
    let _: String = row.name;
    let _: Option<String> = row.fullname;
    let _: i64 = row.count;
    let _: i64 = row.total;
    let _: f64 = row.mean;

    // Without GROUP BY an aggregate over no rows is NULL.
    let row =
        conn.fetch_one(&db::query!(SELECT count(*) AS n, max(name) AS last FROM user_account))?;
    let _: i64 = row.n;
    let _: Option<String> = row.last;

    // The right side of a LEFT JOIN may be missing.
    let row = conn.fetch_one(&db::query!(
        SELECT user_account.name, address.email_address FROM user_account LEFT JOIN address
    ))?;
    let _: String = row.name;
    let _: Option<String> = row.email_address;
    Ok(())
}
