//! The migration file `broken.sql` does not parse (`CREATE TABEL`, a typo); the error names the
//! file, line and column, and is the only one: the code below that uses the schema's API adds none.
//! Fix: correct the SQL in the migration file, here `CREATE TABLE u (id INTEGER);`.
// A migration that does not parse: its error is the only one, though the code below
// uses every item of the schema's API.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/broken.sql")]
    pub mod db {}
}

fn main() -> Result<(), sqlmint::Error> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    db::create_all(&conn)?;
    let _ = db::verify(&conn)?.is_clean();
    let _ = (db::SCHEMA, db::CREATE_ALL, db::DROP_ALL);
    let _ = conn.execute(&db::query!(DELETE FROM address));
    db::drop_all(&conn)?;
    let _ = (
        db::MIGRATIONS,
        db::MIGRATOR.status(&conn)?,
        db::migrate(&conn)?,
    );
    Ok(())
}
