// A new file in migrations/ changes the directory, so cargo runs this again and rebuilds the
// crate, and `schema!` reads the new migration.
fn main() {
    sqlmint::build::migrations("migrations");
}
