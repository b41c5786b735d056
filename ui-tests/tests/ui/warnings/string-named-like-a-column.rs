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
