sqlmint::schema! {
    pub mod db {
        table posts { id: BIGINT PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    let id = "7";
    let rows = conn.fetch_all(&db::query!(SELECT title FROM posts WHERE id = {id}))?;
    println!("{}", rows.len());
    Ok(())
}
