//! Runs the sqllogictest command on every target file, as a user would, so a regression in
//! grammar, typing or rendering that changes an answer fails `cargo test --workspace`.

use std::path::Path;
use std::process::Command;

#[test]
fn the_target_files_pass_with_only_the_documented_skips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("../shared/sqllogictest");
    let mut files: Vec<_> = ["select1.test", "select2.test", "select3.test"]
        .iter()
        .map(|f| corpus.join(f))
        .collect();
    let evidence = std::fs::read_dir(corpus.join("evidence")).unwrap_or_else(|e| {
        panic!(
            "the sqllogictest corpus is missing at {}: {e}",
            corpus.display()
        )
    });
    let mut evidence: Vec<_> = evidence.filter_map(Result::ok).map(|e| e.path()).collect();
    evidence.sort();
    files.extend(evidence);

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("slt")
        .args(&files)
        .current_dir(&root)
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "xtask slt failed:\n{stdout}\n{stderr}"
    );

    // The last `N passed, N failed, N skipped` line is the total over all files.
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
    assert_eq!(failed, 0, "{stdout}");
    // docs/sqllogictest.md lists each of these skips and why.
    assert!(
        skipped <= 26,
        "more skips than documented: {total}\n{stdout}"
    );
    assert!(
        passed >= 5775,
        "fewer passes than before: {total}\n{stdout}"
    );
}
