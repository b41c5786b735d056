sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;

    // Named parameters, bound later: `&str`, and `Option<&str>` into the nullable column.
    let insert = db::query!(INSERT INTO user_account (name, fullname) VALUES (:name, :fullname));
    let fullname = String::from("Sandy Cheeks");
    conn.execute_many([
        insert.params("sandy", Some(fullname.as_str())),
        insert.params("patrick", None),
    ])?;

    // Inline values: `&str`, a `String` by reference, an `i32`, an `Option<&str>`.
    let name: &str = "sandy";
    let owned = String::from("patrick");
    let id: i32 = 1;
    let nickname: Option<&str> = None;
    let sandy = conn.fetch_one(&db::query!(
        SELECT id, fullname FROM user_account WHERE name = {name} AND id = {id}
    ))?;
    assert_eq!(sandy.fullname.as_deref(), Some("Sandy Cheeks"));
    conn.execute(&db::query!(
        UPDATE user_account SET fullname = {nickname} WHERE name = {&owned}
    ))?;

    // Both in one statement; a named parameter used twice is supplied once.
    let search = db::query!(
        SELECT name FROM user_account
        WHERE (name = :wanted OR fullname = :wanted) AND id >= {id}
    );
    let found = conn.fetch_all(&search.params("patrick"))?;
    assert_eq!(found.len(), 1);
    let found = conn.fetch_all(&search.params(&owned))?;
    assert_eq!(found[0].name, "patrick");
    Ok(())
}
