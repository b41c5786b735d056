//! Two fields of `Post` read the same column: `title` by its name, and `heading` through
//! `#[sqlmint(rename = "title")]`; each column can fill only one field.
//! Fix: remove one of the fields, or rename one to read another column, e.g. `#[sqlmint(rename =
//! "subtitle")]`.
#[derive(sqlmint::FromRow)]
struct Post {
    title: String,
    #[sqlmint(rename = "title")]
    heading: String,
}

fn main() {}
