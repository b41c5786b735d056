#[derive(sqlmint::FromRow)]
struct Page<T> {
    id: i64,
    items: T,
}

fn main() {}
