//! Two statements write `"title"` in double quotes to quote a column name, as PostgreSQL does; in
//! `query!` double quotes make a string, so each uses the text "title", not the column, and warns
//! (the case denies the warning so it shows as an error).
//! Fix: write the column's name bare: `SELECT title`, `WHERE title = {title}`. Where the text is
//! meant, compare it with a column (`kind = "title"` does not warn) or allow `deprecated` on `main`.
// PostgreSQL quotes names with double quotes; in query! they write a string. A string that
// spells a column of the query, selected or compared with something else, warns.
#![deny(deprecated)]

sqlmint::schema! {
    pub mod db {
        table post { id: BIGINT PRIMARY KEY, title: TEXT NOT NULL, kind: TEXT NOT NULL }
    }
}

fn main() {
    let _ = db::query!(SELECT "title" FROM post);
    let title = "Notes";
    let _ = db::query!(SELECT id FROM post WHERE "title" = {title});
    // Compared with a column, the string is meant as text: no warning.
    let _ = db::query!(SELECT id FROM post WHERE kind = "title");
}
