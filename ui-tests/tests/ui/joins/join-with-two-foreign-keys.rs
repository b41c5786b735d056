//! A JOIN without ON takes its condition from the foreign key between the tables, but `message`
//! has two foreign keys to `user_account` (sender and recipient), so which one to follow is unclear.
//! Fix: write the condition with ON, e.g. `JOIN user_account ON message.sender_id =
//! user_account.id`.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table product { id: INTEGER PRIMARY KEY, title: TEXT NOT NULL }
        table message {
            id: INTEGER PRIMARY KEY,
            sender_id: INTEGER NOT NULL REFERENCES user_account(id),
            recipient_id: INTEGER NOT NULL REFERENCES user_account(id),
            body: TEXT NOT NULL,
        }
    }
}

fn main() {
    let _ = db::query!(SELECT body, name FROM message JOIN user_account);
}
