//! `.params(5)` passes an integer for `:name`, which is compared with a text column; that is the
//! only error, as running the statement and reading `row.id` add none.
//! Fix: pass text: `.params("sandy")`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    let statement = db::query!(SELECT id FROM user_account WHERE name = :name).params(5);
    for row in conn.fetch_all(&statement)? {
        println!("{}", row.id);
    }
    Ok(())
}
