//! Runs `cargo xtask slt` as a user would and reads its closing totals line.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The numbers of the last `N passed, N failed, N skipped` line: the total over all files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// The sqlmint workspace.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target files: `select1`–`select3`, then, with `evidence`, every `evidence/*.test`.
pub fn target_files(evidence: bool) -> Vec<PathBuf> {
    let corpus = root().join("../shared/sqllogictest");
    let mut files: Vec<_> = ["select1.test", "select2.test", "select3.test"]
        .iter()
        .map(|f| corpus.join(f))
        .collect();
    for file in &files {
        assert!(
            file.exists(),
            "the sqllogictest corpus is missing: {}",
            file.display()
        );
    }
    if evidence {
        let dir = std::fs::read_dir(corpus.join("evidence")).unwrap_or_else(|e| {
            panic!(
                "the sqllogictest corpus is missing at {}: {e}",
                corpus.display()
            )
        });
        let mut evidence: Vec<_> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        evidence.sort();
        files.extend(evidence);
    }
    files
}

/// Runs `xtask slt <options> <files>`; panics unless it succeeds. Returns its stdout and
/// totals.
pub fn run_slt(options: &[&str], files: &[PathBuf]) -> (String, Totals) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("slt")
        .args(options)
        .args(files)
        .current_dir(root())
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "xtask slt {options:?} failed:\n{stdout}\n{stderr}"
    );
    let total = stdout
        .lines()
        .rev()
        .find(|line| line.ends_with(" skipped") && line.contains(" passed, "))
        .unwrap_or_else(|| panic!("no totals line in:\n{stdout}"));
    let numbers: Vec<usize> = total
        .split(", ")
        .map(|part| {
            part.split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX)
        })
        .collect();
    let [passed, failed, skipped] = numbers[..] else {
        panic!("unreadable totals line: {total}")
    };
    (
        stdout,
        Totals {
            passed,
            failed,
            skipped,
        },
    )
}

/// Runs `select1`–`select3` on a database server (`--dialect <dialect>`), whose name the
/// command prints (`<server> server: ...`), and checks what docs/sqllogictest.md records for
/// it: no record failed or skipped, and at least every one of the three files' 5413 passed.
#[allow(dead_code)] // each test binary compiles this module; the SQLite one does not call it
pub fn select_files_pass_on_a_server(dialect: &str, server: &str) {
    let (stdout, totals) = run_slt(&["--dialect", dialect], &target_files(false));
    assert!(stdout.contains(&format!("{server} server: ")), "{stdout}");
    assert_eq!(totals.failed, 0, "{stdout}");
    assert_eq!(
        totals.skipped, 0,
        "more skips than documented: {totals:?}\n{stdout}"
    );
    assert!(
        totals.passed >= 5413,
        "fewer passes than documented: {totals:?}\n{stdout}"
    );
}
