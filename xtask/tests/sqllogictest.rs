//! Runs the sqllogictest command on every target file, as a user would, so a regression in
//! grammar, typing or rendering that changes an answer fails `cargo test --workspace`.

mod common;

#[test]
fn the_target_files_pass_with_only_the_documented_skips() {
    let (stdout, totals) = common::run_slt(&[], &common::target_files(true));
    assert_eq!(totals.failed, 0, "{stdout}");
    // docs/sqllogictest.md lists each of these skips and why.
    assert!(
        totals.skipped <= 26,
        "more skips than documented: {totals:?}\n{stdout}"
    );
    assert!(
        totals.passed >= 5775,
        "fewer passes than before: {totals:?}\n{stdout}"
    );
}
