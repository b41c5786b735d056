//! The same table `user_account` is joined twice with no alias, so `user_account.id` cannot say
//! which of the two it means.
//! Fix: give each occurrence its own alias, e.g. `JOIN user_account AS sender ON sender_id =
//! sender.id JOIN user_account AS recipient ON recipient_id = recipient.id`.
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
        SELECT body FROM message JOIN user_account ON sender_id = user_account.id
            JOIN user_account ON recipient_id = user_account.id
    );
}
