//! This case has two statements, an UPDATE and a DELETE without WHERE, which change or delete every
//! row of the table; each warns, as a forgotten WHERE is a common and costly mistake. (The case
//! denies the warning so it shows as an error.)
//! Fix: add the WHERE that picks the rows, e.g. `WHERE id = 1`; if every row is meant, write
//! `WHERE TRUE`, which silences the warning.
// Warnings, made errors here so the test sees them: an UPDATE or DELETE without WHERE.
// `WHERE TRUE` says every row is meant, and warns of nothing.
#![deny(deprecated)]

sqlmint::schema! {
    pub mod db {
        table post { id: BIGINT PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() {
    let _ = db::query!(UPDATE post SET title = "x");
    let _ = db::query!(DELETE FROM post);
    let _ = db::query!(UPDATE post SET title = "x" WHERE TRUE);
    let _ = db::query!(DELETE FROM post WHERE TRUE);
}
