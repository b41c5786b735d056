//! A JOIN without ON takes its condition from a foreign key, but no foreign key links `product`
//! with `user_account`, so there is no condition to infer.
//! Fix: write the condition with ON (`JOIN product ON ...`), use `CROSS JOIN` if every pair of rows
//! is really wanted, or declare the foreign key in the schema.
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
    let _ = db::query!(SELECT name, title FROM user_account JOIN product);
}
