//! What an editor shows in a crate using sqlmint, asked of rust-analyzer itself: the
//! expansions of `schema!` and `query!` have no errors, hovering a row's field shows its type,
//! and go-to-definition leads from a table or column in the SQL to its declaration in
//! `schema!`. Skipped, saying why, only where rust-analyzer cannot run.

use serde_json::{json, Value};
use sqlmint_ide_tests::{unavailable, uri, Position, Server};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[test]
fn rust_analyzer_sees_through_the_macros() {
    if let Some(reason) = unavailable() {
        // Shown with `--nocapture`; .ci/run warns on its own when it cannot install it.
        eprintln!("skipped: {reason}");
        return;
    }
    let started = Instant::now();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixture");
    let mut server = Server::start(
        &fixture,
        &target_dir(),
        json!({
            // Its own analysis, not `cargo check`'s, of only the files asked about...
            "checkOnSave": false,
            "cachePriming": { "enable": false },
            // ...with the diagnostics it is less sure of, which is where it saw false errors.
            "diagnostics": { "experimental": { "enable": true } },
        }),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Loading builds sqlmint's proc macro and the build scripts: a minute or more when cold.
    server
        .wait_until_ready(Duration::from_secs(600))
        .unwrap_or_else(|e| panic!("{e}"));
    let main = fixture.join("src/main.rs");
    let text = server.open(&main).unwrap_or_else(|e| panic!("{e}"));
    // The `occurrence`th `needle` of the fixture, `offset` characters in.
    let nth = |needle: &str, occurrence: usize, offset: u32| {
        Position::of(&text, needle, occurrence, offset)
            .unwrap_or_else(|| panic!("the fixture has no `{needle}` #{occurrence}"))
    };
    let at = |needle: &str, offset: u32| nth(needle, 0, offset);
    let main_uri = uri(&main);
    let mut failures: Vec<String> = Vec::new();

    // The user's crate, its macros expanded, has no errors or warnings...
    let problems = serious(&server.diagnostics(&main).unwrap_or_else(|e| panic!("{e}")));
    if !problems.is_empty() {
        failures.push(format!(
            "src/main.rs has diagnostics:\n{}",
            problems.join("\n")
        ));
    }
    // ...and neither has the PostgreSQL code its editor also analyzes, where rust-analyzer
    // once reported a false E0507 at every arm of a match on a `Type` constant.
    let pg = workspace_root().join("runtime/src/pg.rs");
    let problems = serious(&server.diagnostics(&pg).unwrap_or_else(|e| panic!("{e}")));
    if !problems.is_empty() {
        failures.push(format!(
            "runtime/src/pg.rs has diagnostics:\n{}",
            problems.join("\n")
        ));
    }

    // Hovering a row's field shows its type: a nullable column's is an `Option`.
    for (field, shown) in [
        ("row.fullname", "pub fullname: Option<String>"),
        ("row.emails", "pub emails: i64"),
    ] {
        let hover = server
            .hover(&main, at(field, 4))
            .unwrap_or_else(|e| panic!("{e}"));
        if !hover.as_deref().is_some_and(|h| h.contains(shown)) {
            failures.push(format!("hovering `{field}` shows {hover:?}, not `{shown}`"));
        }
    }
    // Hovering a column in the SQL shows its declaration.
    let hover = server
        .hover(&main, at("user_account.name = ", 13))
        .unwrap_or_else(|e| panic!("{e}"));
    let declared = "`user_account.name`: VARCHAR(30) NOT NULL";
    if !hover.as_deref().is_some_and(|h| h.contains(declared)) {
        failures.push(format!(
            "hovering `name` in the SQL shows {hover:?}, not `{declared}`"
        ));
    }

    // Go-to-definition leads from the SQL to `schema!`, to one place each.
    for (from, offset, (to, occurrence, to_offset)) in [
        // The column of `user_account.name`, to `name: VARCHAR(30) NOT NULL`.
        ("user_account.name = ", 13, ("name: VARCHAR(30)", 0, 0)),
        // Its qualifier, to `table user_account`.
        ("user_account.name = ", 0, ("table user_account", 0, 6)),
        // A column in the SELECT list.
        ("user_account.fullname,", 13, ("fullname: TEXT", 0, 0)),
        // A column in an aggregate's argument, to the second table's `id`.
        ("count(address.id)", 14, ("id: INTEGER PRIMARY KEY", 1, 0)),
        // A table in FROM.
        ("FROM user_account", 5, ("table user_account", 0, 6)),
    ] {
        let found = server
            .definition(&main, at(from, offset))
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = vec![(main_uri.clone(), nth(to, occurrence, to_offset))];
        if found != expected {
            failures.push(format!(
                "go-to-definition at `{from}`+{offset} leads to {found:?}, not to `{to}` at {expected:?}"
            ));
        }
    }
    // From a row's field: a label to the label, a column to its declaration (rust-analyzer
    // may add the `query!` call, where the field was generated).
    for (from, to, to_offset, only) in [
        ("row.emails", "AS emails", 3, true),
        ("row.fullname", "fullname: TEXT", 0, false),
    ] {
        let found = server
            .definition(&main, at(from, 4))
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = (main_uri.clone(), at(to, to_offset));
        let leads_there = if only {
            found == [expected.clone()]
        } else {
            found.first() == Some(&expected)
        };
        if !leads_there {
            failures.push(format!(
                "go-to-definition at `{from}` leads to {found:?}, not to `{to}` at {expected:?}"
            ));
        }
    }

    // A misspelt column, typed and not saved: its error alone, under it, as `cargo build`
    // reports it. (A stand-in statement that were the `compile_error!` itself, which
    // rust-analyzer types as `()`, would add a "mismatched types" where it is run.)
    let misspelt = text.replacen("user_account.name = ", "user_account.nmae = ", 1);
    server
        .change(&main, 2, &misspelt)
        .unwrap_or_else(|e| panic!("{e}"));
    let problems = serious(&server.diagnostics(&main).unwrap_or_else(|e| panic!("{e}")));
    let nmae = at("user_account.name = ", 13);
    let expected = format!(
        "  {}:{} \"macro-error\" no column `nmae` in table `user_account`; did you mean `name`?",
        nmae.line + 1,
        nmae.character + 1
    );
    if problems != [expected.clone()] {
        failures.push(format!(
            "with `nmae` for `name`, src/main.rs has diagnostics:\n{}\nnot only:\n{expected}",
            problems.join("\n")
        ));
    }

    let log = server.log().to_owned();
    server.shutdown().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        failures.is_empty(),
        "rust-analyzer, in {:?} (its log: {}):\n{}",
        started.elapsed(),
        log.display(),
        failures.join("\n")
    );
    println!(
        "rust-analyzer loaded and answered in {:?}",
        started.elapsed()
    );
}

/// The errors and warnings among `diagnostics`, each as `line:column code message` (from 1);
/// hints (code a `cfg` leaves out, style) are not what a user calls a problem.
fn serious(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| {
            d.get("severity")
                .and_then(Value::as_u64)
                .is_none_or(|s| s <= 2)
        })
        .map(|d| {
            let number = |pointer: &str| {
                d.pointer(pointer)
                    .and_then(Value::as_u64)
                    .map_or(0, |n| n + 1)
            };
            format!(
                "  {}:{} {} {}",
                number("/range/start/line"),
                number("/range/start/character"),
                d.get("code").unwrap_or(&Value::Null),
                d.get("message").and_then(Value::as_str).unwrap_or_default()
            )
        })
        .collect()
}

/// Where cargo builds the fixture for rust-analyzer: beside the workspace's own build, not in
/// it, so neither invalidates the other's artifacts, and reused by the next run.
fn target_dir() -> PathBuf {
    let workspace_target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    workspace_target.join("ide-fixture")
}

fn workspace_root() -> &'static Path {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir.parent().unwrap_or(crate_dir)
}
