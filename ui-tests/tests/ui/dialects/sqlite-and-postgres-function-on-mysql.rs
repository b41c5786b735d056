//! A function generic over the dialect, bound to what SQLite and PostgreSQL share because its
//! statement returns the rows it updates, is called for MySQL.
//! Fix: call it for SQLite or PostgreSQL, or give MySQL its own function that reads the rows
//! with a SELECT after the UPDATE.
use sqlmint::constructs::SqliteAndPostgres;

sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

/// Stands for a function generic over the executor: `E: Executor<Dialect: SqliteAndPostgres>`.
fn rename_sql<D: SqliteAndPostgres>() -> &'static str {
    let update = db::query!(UPDATE user_account SET fullname = "Patrick" WHERE name = "patrick" RETURNING id);
    fn sql<D: sqlmint::Dialect, Q: sqlmint::SqlFor<D>>(_: &Q) -> &'static str {
        Q::SQL
    }
    sql::<D, _>(&update)
}

fn main() {
    let _ = rename_sql::<sqlmint::MySql>();
}
