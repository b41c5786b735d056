//! For a crate's `build.rs`: makes cargo rebuild the crate when a migration is added, so
//! `schema!` reads it. A proc macro cannot tell cargo it read a directory; a build script can.
//!
//! ```no_run
//! // build.rs's `fn main`, with `sqlmint` also under `[build-dependencies]`:
//! sqlmint::build::migrations("migrations");
//! ```

use std::path::Path;

/// Prints the `cargo:rerun-if-changed` lines for the migrations directory `dir` (relative to
/// the crate's `Cargo.toml`, as `#[sqlmint(migrations = "...")]` is) and each file in it, so
/// adding, removing or editing a migration rebuilds the crate. A file whose name is not a
/// migration's (`0001_create_users.sql`) gets a `cargo:warning`, as `schema!` will refuse it.
pub fn migrations(dir: impl AsRef<Path>) {
    for line in rerun_lines(dir.as_ref()) {
        println!("{line}");
    }
}

/// What [`migrations`] prints.
fn rerun_lines(dir: &Path) -> Vec<String> {
    let mut lines = vec![format!("cargo:rerun-if-changed={}", dir.display())];
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            lines.push(format!(
                "cargo:warning=sqlmint: cannot read migrations at {}: {error}",
                dir.display()
            ));
            return lines;
        }
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    for file in files {
        lines.push(format!("cargo:rerun-if-changed={}", file.display()));
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(Err(error)) = name.as_deref().map(sqlmint_core::MigrationFileName::parse) {
            lines.push(format!(
                "cargo:warning=sqlmint: {}: {error}",
                file.display()
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_and_the_directory_rerun_the_build_and_bad_names_warn() {
        let dir = std::env::temp_dir().join(format!("sqlmint-build-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        std::fs::write(dir.join("0001_init.sql"), "").expect("write");
        std::fs::write(dir.join("init.sql"), "").expect("write");
        let lines = rerun_lines(&dir);
        assert_eq!(
            lines[0],
            format!("cargo:rerun-if-changed={}", dir.display())
        );
        assert!(lines.contains(&format!(
            "cargo:rerun-if-changed={}",
            dir.join("0001_init.sql").display()
        )));
        assert!(lines.iter().any(|l| l.starts_with("cargo:warning=")
            && l.contains("init.sql: the name does not start with a version number")));
        assert_eq!(lines.iter().filter(|l| l.contains("warning")).count(), 1);
        let missing = rerun_lines(&dir.join("nope"));
        assert!(missing[1].starts_with("cargo:warning=sqlmint: cannot read migrations"));
    }
}
