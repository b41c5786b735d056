//! The `migrations` path given to `schema!` does not exist, so the migrations cannot be read; this
//! is the only error, though the code below uses every item of the schema's API.
//! Fix: point `#[sqlmint(migrations = "...")]` at a migrations directory or `.sql` file that
//! exists.
// Migrations that cannot be read: its error is the only one, though the code below
// uses every item of the schema's API.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/no-such-directory")]
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
