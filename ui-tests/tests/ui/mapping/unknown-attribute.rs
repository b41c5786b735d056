#[derive(sqlmint::FromRow)]
struct Post {
    #[sqlmint(skip)]
    title: String,
}

fn main() {}
