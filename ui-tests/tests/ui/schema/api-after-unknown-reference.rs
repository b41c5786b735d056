//! A foreign key in `schema!` references a table that does not exist (`user_acount`, a typo); this
//! is the only error, though the code below uses every item of the schema's API.
//! Fix: reference a table the schema declares, or declare the referenced table, e.g. `table
//! user_account { id: INTEGER PRIMARY KEY }`.
// A schema that parses but references an unknown table: its error is the only one, though the code below
// uses every item of the schema's API.
sqlmint::schema! {
    pub mod db {
        table address { id: INTEGER PRIMARY KEY, user_id: INTEGER REFERENCES user_acount(id) }
    }
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let _ = db::verify(&conn)?.is_clean();
    let _ = (db::SCHEMA, db::CREATE_ALL, db::DROP_ALL);
    let _ = conn.execute(&db::query!(DELETE FROM address WHERE TRUE));
    db::drop_all(&conn)?;
    Ok(())
}
