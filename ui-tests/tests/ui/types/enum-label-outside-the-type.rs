//! This case has two statements, each writing a string the enum `mood` does not have: `"angry"` is
//! not one of its labels, and `"Happy"` differs from `"happy"` in case; each is an error.
//! Fix: write one of the type's labels exactly as declared, `"sad"`, `"ok"` or `"happy"`, or add the
//! label to the `enum mood { ... }` declaration.
// A label the enum type does not have is refused where it is written.
sqlmint::schema! {
    pub mod db {
        enum mood { "sad", "ok", "happy" }
        table person { id: BIGINT PRIMARY KEY, mood: mood NOT NULL }
    }
}

fn main() {
    let _ = db::query!(SELECT id FROM person WHERE mood = "angry");
    let _ = db::query!(INSERT INTO person (id, mood) VALUES (1, "Happy"));
}
