//! A column declaration in `schema!` is missing the comma after `PRIMARY KEY`, so `name` is read as
//! if it continued `id`'s constraints; this is the only error, though the code below uses every
//! item of the schema's API.
//! Fix: separate the columns with a comma: `id: INTEGER PRIMARY KEY, name: TEXT`.
// A syntax error in `schema!`: its error is the only one, though the code below
// uses every item of the schema's API.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY name: TEXT }
    }
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let _ = db::verify(&conn)?.is_clean();
    let _ = (db::SCHEMA, db::CREATE_ALL, db::DROP_ALL);
    let _ = conn.execute(&db::query!(DELETE FROM address));
    db::drop_all(&conn)?;
    Ok(())
}
