//! Compile-fail cases, one mistake per file with the diagnostics a user sees beside it, and
//! compile-pass cases for what must keep compiling.

#[test]
fn ui() {
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
    t.compile_fail("tests/ui/dialects/*.rs");
    t.compile_fail("tests/ui/named/*.rs");
    t.compile_fail("tests/ui/mapping/*.rs");
    t.pass("tests/pass/*.rs");
}
