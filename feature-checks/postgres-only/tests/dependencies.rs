//! A PostgreSQL-only application does not compile SQLite: neither `rusqlite` nor
//! `libsqlite3-sys` (the bundled C library) is among its normal dependencies.

use std::process::Command;

#[test]
fn sqlite_is_not_a_dependency() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "sqlmint-postgres-only",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        tree.contains("postgres v"),
        "the tree lists the driver:\n{tree}"
    );
    for sqlite in ["rusqlite", "libsqlite3-sys"] {
        assert!(
            !tree.lines().any(|line| line.starts_with(sqlite)),
            "{sqlite} is compiled into a PostgreSQL-only application:\n{tree}"
        );
    }
}
