//! An `Option<&str>` is bound to `user_account.name`, a NOT NULL column; an `Option` could be
//! `None`, which would store NULL where the column forbids it, so only a plain value is accepted.
//! Fix: bind the value itself (e.g. `nickname.unwrap_or("anonymous")`, or handle `None` before the
//! query), or make the column nullable in the schema.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
}

fn main() {
    let nickname: Option<&str> = Some("sandy");
    let _ = db::query!(INSERT INTO user_account (name) VALUES ({nickname}));
}
