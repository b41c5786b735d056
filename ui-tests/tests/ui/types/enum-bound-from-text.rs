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
