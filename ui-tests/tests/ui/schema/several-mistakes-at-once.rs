//! This schema deliberately has several mistakes (two primary keys in one table, AUTOINCREMENT on a
//! TEXT column that is not a key, a misspelt referenced table and a UNIQUE on a misspelt column);
//! all are reported in the same build, each at its token.
//! Fix: correct each one: one PRIMARY KEY per table, `id: INTEGER PRIMARY KEY AUTOINCREMENT`,
//! `REFERENCES user_account (id)`, and `UNIQUE` on a column the table has.
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
