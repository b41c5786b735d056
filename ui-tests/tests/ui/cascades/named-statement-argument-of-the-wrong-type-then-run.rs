//! The named statement's `new` is given an integer for `:name`, which is compared with a text
//! column; that is the only error, as running the statement and reading its rows add none.
//! Fix: pass text: `account_by_name::new("sandy")`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
    }
}

db::query! {
    pub mod account_by_name {
        SELECT id, fullname FROM user_account WHERE name = :name
    }
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    for row in conn.fetch_all(&account_by_name::new(7))? {
        println!("{} {:?}", row.id, row.fullname);
    }
    Ok(())
}
