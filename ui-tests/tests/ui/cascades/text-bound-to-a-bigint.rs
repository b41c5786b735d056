//! A `&str` (`"7"`) is bound where it is compared with `posts.id`, a BIGINT column; that is the
//! only error, as the code that uses the rows adds none.
//! Fix: bind an integer, e.g. `let id: i64 = 7;`, parsing the text first if it comes as a string.
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
