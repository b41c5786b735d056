sqlmint::schema! {
    pub mod db {
        table event { id: INTEGER PRIMARY KEY, happened_on: DATE NOT NULL }
    }
}

fn main() {
    let _ = db::query!(INSERT INTO event (happened_on) VALUES ("2024-1-5"));
}
