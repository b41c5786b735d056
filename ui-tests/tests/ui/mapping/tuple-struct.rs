//! `#[derive(FromRow)]` is used on a tuple struct; columns are matched with fields by name, so the
//! fields must have names.
//! Fix: give the fields names matching the columns: `struct Post { id: i64, title: String }`.
#[derive(sqlmint::FromRow)]
struct Post(i64, String);

fn main() {}
