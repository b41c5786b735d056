//! A CROSS JOIN pairs every row with every row and takes no ON condition, but this one has one.
//! Fix: write `JOIN product ON product.id = user_account.id` for a join on a condition, or drop
//! the `ON ...` to keep the CROSS JOIN.
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
    let _ = db::query!(
        SELECT name, title FROM user_account CROSS JOIN product ON product.id = user_account.id
    );
}
