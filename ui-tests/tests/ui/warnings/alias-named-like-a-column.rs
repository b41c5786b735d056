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
