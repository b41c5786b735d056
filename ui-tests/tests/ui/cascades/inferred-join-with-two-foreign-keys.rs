sqlmint::schema! {
    pub mod db {
        table users { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL }
        table messages {
            id: INTEGER PRIMARY KEY,
            sender_id: INTEGER NOT NULL REFERENCES users(id),
            recipient_id: INTEGER NOT NULL REFERENCES users(id),
            body: TEXT NOT NULL,
        }
    }
}

fn main() -> sqlmint::Result<()> {
    let conn = sqlmint::sqlite::Connection::open_in_memory()?;
    for row in conn.fetch_all(&db::query!(SELECT name, body FROM messages JOIN users))? {
        println!("{}: {}", row.name, row.body);
    }
    Ok(())
}
