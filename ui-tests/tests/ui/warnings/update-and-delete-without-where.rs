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
