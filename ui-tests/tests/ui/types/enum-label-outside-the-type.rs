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
