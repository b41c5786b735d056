//! Compile-fail cases, one mistake per file with the diagnostics a user sees beside it, and
//! compile-pass cases for what must keep compiling.

#[test]
fn ui() {
    // trybuild compiles each case in a crate of its own under `target/`, so a migrations path
    // relative to that crate's root cannot reach `tests/migrations`; the cases name it through
    // this variable (`${SQLMINT_UI_TESTS}/tests/migrations/v1`), as an application could name
    // `${OUT_DIR}`.
    std::env::set_var("SQLMINT_UI_TESTS", env!("CARGO_MANIFEST_DIR"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/names/*.rs");
    t.compile_fail("tests/ui/types/*.rs");
    t.compile_fail("tests/ui/dml/*.rs");
    t.compile_fail("tests/ui/params/*.rs");
    t.compile_fail("tests/ui/syntax/*.rs");
    t.compile_fail("tests/ui/schema/*.rs");
    t.compile_fail("tests/ui/joins/*.rs");
    t.compile_fail("tests/ui/grouping/*.rs");
    t.compile_fail("tests/ui/subqueries/*.rs");
    // Warnings, each case denying them so that they show as errors.
    t.compile_fail("tests/ui/warnings/*.rs");
    t.compile_fail("tests/ui/dialects/*.rs");
    t.compile_fail("tests/ui/named/*.rs");
    t.compile_fail("tests/ui/mapping/*.rs");
    // Code around a failed statement, which must add no error of its own.
    t.compile_fail("tests/ui/cascades/*.rs");
    t.pass("tests/pass/*.rs");
}
