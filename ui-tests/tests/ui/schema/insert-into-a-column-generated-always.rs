//! This case has two statements (an INSERT and an UPDATE) that each write `event.id`, a column the
//! migration declares `GENERATED ALWAYS AS IDENTITY`: PostgreSQL fills it itself and refuses any
//! value for it.
//! Fix: leave the column out: `INSERT INTO event (kind) VALUES ("start")`, and do not SET it.
// PostgreSQL refuses a value for a `GENERATED ALWAYS AS IDENTITY` column.
sqlmint::schema! {
    #[sqlmint(migrations = "${SQLMINT_UI_TESTS}/tests/migrations/keys")]
    pub mod db {}
}

fn main() {
    let _ = db::query!(INSERT INTO event (id, kind) VALUES (1, "start"));
    let _ = db::query!(UPDATE event SET id = 2);
}
