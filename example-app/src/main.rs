//! A crate laid out as an application lays itself out: `src/db.rs` declares the schema from
//! `migrations/` beside `Cargo.toml`, and `build.rs` makes a new migration rebuild it.

mod db;

use db::db as schema;

/// A database brought up to date as a deployment would: the migrations `schema!` embedded,
/// applied by the runner (not the schema's own DDL).
fn open() -> sqlmint::Result<sqlmint::sqlite::Connection> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    schema::migrate(&conn)?;
    Ok(conn)
}

fn main() -> sqlmint::Result<()> {
    let conn = open()?;
    conn.execute(
        &schema::query!(INSERT INTO user_account (name, display_name) VALUES (:name, :display))
            .params("sandy", Some("Sandy Cheeks")),
    )?;
    for user in conn.fetch_all(&schema::query!(SELECT name, display_name FROM user_account))? {
        println!(
            "{} ({})",
            user.name,
            user.display_name.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column the second migration renamed is the one `query!` knows, and the database
    /// the migrations built has it.
    #[test]
    fn the_schema_is_the_migrations_from_the_crate_root() {
        let conn = open().expect("migrated");
        conn.execute(
            &schema::query!(INSERT INTO user_account (name, display_name) VALUES ({"patrick"}, {None::<&str>})),
        )
        .expect("insert");
        let users = conn
            .fetch_all(&schema::query!(SELECT id, name, display_name FROM user_account))
            .expect("select");
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].name, "patrick");
        assert_eq!(users[0].display_name, None);
    }
}
