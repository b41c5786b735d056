// A new file in migrations/ rebuilds the crate, so `schema!` reads it.
fn main() {
    sqlmint::build::migrations("migrations");
}
