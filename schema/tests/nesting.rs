//! Deeply nested and very long SQL ends in a compile error or an expansion, never in a stack
//! overflow that takes the compiler down (finding 13 of the reliability issue).
//!
//! Test threads have a 2 MiB stack, a quarter of what rustc gives a proc macro, so passing here
//! leaves a margin.

use proc_macro2::TokenStream;
use quote::quote;

const SCHEMA: &str = r#"
    pub mod db {
        table t { id: INTEGER PRIMARY KEY, x: INTEGER, name: TEXT }
    }
"#;

fn expand(sql: &str) -> String {
    let schema: TokenStream = SCHEMA.parse().expect("schema tokens");
    let sql: TokenStream = sql.parse().expect("sql tokens");
    sqlmint_schema::expand_query(quote!([#schema] [crate::db] #sql)).to_string()
}

fn nesting_error(expansion: &str) -> bool {
    expansion.contains("compile_error") && expansion.contains("nests deeper than")
}

/// The start of an expansion, for a failure message that does not print megabytes.
fn head(expansion: &str) -> &str {
    &expansion[..expansion
        .char_indices()
        .nth(300)
        .map_or(expansion.len(), |(i, _)| i)]
}

/// `sql` expands without a compile error.
fn assert_compiles(sql: &str) {
    let expansion = expand(sql);
    assert!(!expansion.contains("compile_error"), "{}", head(&expansion));
}

#[test]
fn ten_thousand_nested_parentheses_are_a_compile_error() {
    let depth = 10_000;
    let sql = format!("SELECT {}1{} FROM t", "(".repeat(depth), ")".repeat(depth));
    let expansion = expand(&sql);
    assert!(nesting_error(&expansion), "{}", head(&expansion));
}

#[test]
fn nesting_within_the_limit_compiles() {
    let depth = sqlmint_schema::MAX_NESTING - 8;
    let sql = format!("SELECT {}x{} FROM t", "(".repeat(depth), ")".repeat(depth));
    assert_compiles(&sql);
}

#[test]
fn deeply_nested_subqueries_case_calls_and_signs_are_compile_errors() {
    let depth = 10_000;
    let subqueries = format!(
        "SELECT {}1{} FROM t",
        "(SELECT ".repeat(depth),
        ")".repeat(depth)
    );
    let from = format!(
        "SELECT * FROM {}t{}",
        "(SELECT * FROM ".repeat(depth),
        ") AS s".repeat(depth)
    );
    let cases = format!(
        "SELECT {}1{} FROM t",
        "CASE WHEN TRUE THEN ".repeat(depth),
        " END".repeat(depth)
    );
    let calls = format!(
        "SELECT {}1{} FROM t",
        "abs(".repeat(depth),
        ")".repeat(depth)
    );
    let signs = format!("SELECT {}1 FROM t", "- ".repeat(depth));
    let nots = format!("SELECT id FROM t WHERE {}TRUE", "NOT ".repeat(depth));
    for sql in [subqueries, from, cases, calls, signs, nots] {
        let expansion = expand(&sql);
        assert!(
            nesting_error(&expansion),
            "{}...: {}",
            &sql[..40],
            head(&expansion)
        );
    }
}

#[test]
fn long_operator_chains_compile() {
    let terms = 5_000;
    let and_chain = vec!["x = 1"; terms].join(" AND ");
    let plus_chain = vec!["x"; terms].join(" + ");
    let concat_chain = vec!["name"; terms].join(" || ");
    for sql in [
        format!("SELECT id FROM t WHERE {and_chain}"),
        format!("SELECT {plus_chain} AS total FROM t"),
        format!("SELECT {concat_chain} AS joined FROM t"),
    ] {
        assert_compiles(&sql);
    }
}

/// Found by the fuzzer (`fuzz-regressions/bound-rust-expression-1490-nested-parentheses.txt`): a bound
/// Rust expression nested 1 500 parentheses deep overflowed the stack inside syn.
#[test]
fn a_deeply_nested_bound_rust_expression_is_a_compile_error() {
    let depth = 10_000;
    let sql = format!(
        "SELECT id FROM t WHERE x = {{ {}1{} }}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let expansion = expand(&sql);
    assert!(
        expansion.contains("compile_error") && expansion.contains("Rust expression nests deeper"),
        "{}",
        head(&expansion)
    );
}

/// Found by the fuzzer (`fuzz-regressions/schema-attribute-1497-nested-parentheses.txt`): an
/// attribute of `schema!` nested 1 500 parentheses deep overflowed the stack inside syn.
#[test]
fn a_deeply_nested_schema_attribute_is_a_compile_error() {
    let depth = 10_000;
    let schema = format!(
        "#[doc = {}\"x\"{}] pub mod db {{ table t {{ id: INTEGER PRIMARY KEY }} }}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let tokens: TokenStream = schema.parse().expect("schema tokens");
    let expansion = sqlmint_schema::expand_schema(tokens).to_string();
    assert!(
        expansion.contains("compile_error") && expansion.contains("nests deeper than"),
        "{}",
        head(&expansion)
    );
}
