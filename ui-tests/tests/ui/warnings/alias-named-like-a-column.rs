//! `SELECT id title` has no comma between `id` and `title`, so `title` becomes an alias of `id`
//! rather than a second column; a bare alias that is also a column of the query warns. (The case
//! denies the warning so it shows as an error.)
//! Fix: add the missing comma, `SELECT id, title FROM post`; if the alias is intended, write it
//! with `AS` (`SELECT id AS title`), which silences the warning.
// `SELECT id title`: a comma missing makes `title` an alias of `id`. A bare alias that is
// also a column of the query warns; `AS title` says the alias is meant.
#![deny(deprecated)]

sqlmint::schema! {
    pub mod db {
        table post { id: BIGINT PRIMARY KEY, title: TEXT NOT NULL }
    }
}

fn main() {
    let _ = db::query!(SELECT id title FROM post);
    let _ = db::query!(SELECT upper(title) AS title FROM post);
}
