// Every mistake in a schema is reported at once, each at its token: only syntax stops early.
sqlmint::schema! {
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: TEXT PRIMARY KEY }
        table address {
            id: TEXT AUTOINCREMENT,
            user_id: INTEGER REFERENCES user_acount (id),
            UNIQUE (emial),
        }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM address);
}
