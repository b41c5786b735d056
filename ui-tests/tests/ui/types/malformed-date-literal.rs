//! The string written into the DATE column `happened_on` is not a valid date literal (`"2024-1-5"`
//! lacks the leading zeros); sqlmint checks date literals at compile time.
//! Fix: write the date as `YYYY-MM-DD` with two-digit month and day: `"2024-01-05"`.
sqlmint::schema! {
    pub mod db {
        table event { id: INTEGER PRIMARY KEY, happened_on: DATE NOT NULL }
    }
}

fn main() {
    let _ = db::query!(INSERT INTO event (happened_on) VALUES ("2024-1-5"));
}
