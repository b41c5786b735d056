#[derive(sqlmint::FromRow)]
struct Post(i64, String);

fn main() {}
