//! A schema read from SQL migrations: the query compiles against version 1 and runs.

sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/v1")]
    pub mod db {}
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    conn.execute(
        &db::query!(INSERT INTO user_account (name, fullname) VALUES ("sandy", "Sandy Cheeks")),
    )?;
    let row =
        conn.fetch_one(&db::query!(SELECT fullname FROM user_account WHERE name = "sandy"))?;
    assert_eq!(row.fullname.as_deref(), Some("Sandy Cheeks"));
    Ok(())
}
