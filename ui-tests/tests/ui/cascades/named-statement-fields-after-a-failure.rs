//! A named statement selects a misspelt column (`nmae`); that is the only error, as the code that
//! uses its `Row` and its fields (even `row.nmae`) adds none of its own.
//! Fix: correct the column in the SQL (`SELECT id, name ...`) and then the field the code reads
//! (`row.name`).
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    pub mod account_names {
        SELECT id, nmae FROM user_account WHERE id > {min_id}
    }
}

fn names(conn: &sqlmint::sqlite::Connection) -> sqlmint::Result<Vec<String>> {
    let rows: Vec<account_names::Row> = conn.fetch_all(&account_names::new(0))?;
    Ok(rows.into_iter().map(|row| format!("{} {}", row.id, row.nmae)).collect())
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    println!("{:?}", names(&conn)?);
    Ok(())
}
