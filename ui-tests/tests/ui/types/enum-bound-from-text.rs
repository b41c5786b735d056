//! A Rust `&str` is bound to `person.mood`, a column of the enum type `mood`; such a column takes
//! the Rust enum `schema!` generates for the type (`Mood`), not text.
//! Fix: bind a value of the generated enum, e.g. `let mood = db::Mood::Happy;`, converting user
//! text to it first if needed.
// An enum column binds the generated Rust enum, not text.
sqlmint::schema! {
    pub mod db {
        enum mood { "sad", "ok", "happy" }
        table person { id: BIGINT PRIMARY KEY, mood: mood NOT NULL }
    }
}

fn main() {
    let mood = "happy";
    let _ = db::query!(SELECT id FROM person WHERE mood = {mood});
}
