//! A JOIN without ON cannot pick between the two foreign keys from `messages` to `users` (sender
//! and recipient); that is the only error, as the loop that reads `row.name` and `row.body` adds
//! none of its own.
//! Fix: write the condition with ON, e.g. `JOIN users ON messages.sender_id = users.id`.
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
