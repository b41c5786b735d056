#[derive(sqlmint::FromRow)]
struct Post {
    title: String,
    #[sqlmint(rename = "title")]
    heading: String,
}

fn main() {}
