//! `#[derive(FromRow)]` is used on a generic struct (`Page<T>`); sqlmint checks each field's type
//! against its column, so every field's type must be known.
//! Fix: give the fields concrete types, e.g. `struct Page { id: i64, items: String }`, with one
//! struct per row shape.
#[derive(sqlmint::FromRow)]
struct Page<T> {
    id: i64,
    items: T,
}

fn main() {}
