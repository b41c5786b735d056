//! One mistake, one error: every compile-fail case shows as many errors (and denied warnings)
//! as it has mistakes, which is one unless the case says otherwise below. A cascade (an error
//! caused by an earlier one, such as a field missing from a failed query's stand-in row) makes
//! a case show more, and fails here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The cases with more than one mistake, each with how many it has and why.
const SEVERAL: &[(&str, usize, &str)] = &[
    (
        "names/several-mistakes-at-once",
        4,
        "two misspelt columns, a table missing from FROM and a comparison of text with an integer, in one statement",
    ),
    (
        "schema/several-mistakes-at-once",
        4,
        "four mistakes in one schema",
    ),
    (
        "dml/insert-into-a-view",
        3,
        "an INSERT, an UPDATE and a DELETE of a view",
    ),
    (
        "schema/insert-into-a-column-generated-always",
        2,
        "an INSERT and an UPDATE",
    ),
    (
        "syntax/misspelled-keyword-read-as-alias",
        2,
        "two statements, one typo each",
    ),
    (
        "syntax/unsupported-constructs",
        3,
        "three statements, one construct each",
    ),
    (
        "types/enum-label-outside-the-type",
        2,
        "a comparison and an INSERT",
    ),
    (
        "warnings/string-named-like-a-column",
        2,
        "a select list and a comparison",
    ),
    (
        "warnings/update-and-delete-without-where",
        2,
        "an UPDATE and a DELETE",
    ),
];

#[test]
fn every_case_shows_one_error_per_mistake() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let several: BTreeMap<&str, usize> = SEVERAL.iter().map(|(case, n, _)| (*case, *n)).collect();
    let mut cases = Vec::new();
    collect(&root, &mut cases);
    assert!(
        cases.len() > 100,
        "found only {} cases under {}",
        cases.len(),
        root.display()
    );
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for stderr in cases {
        let case = stderr
            .strip_prefix(&root)
            .expect("under the root")
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&stderr).expect("read a .stderr");
        let shown = text.lines().filter(|line| is_headline(line)).count();
        let expected = several.get(case.as_str()).copied().unwrap_or(1);
        if shown != expected {
            wrong.push(format!("{case}: {shown} errors, expected {expected}"));
        }
        seen.push(case);
    }
    for (case, _, _) in SEVERAL {
        assert!(
            seen.iter().any(|c| c == case),
            "no case {case}: remove it from SEVERAL"
        );
    }
    assert!(
        wrong.is_empty(),
        "cases with a cascade or a missing error:\n{}",
        wrong.join("\n")
    );
}

/// `error: ...`, `error[E0277]: ...` or `warning: ...` at the start of a line: one diagnostic.
fn is_headline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("error")
        .or_else(|| line.strip_prefix("warning"))
    else {
        return false;
    };
    rest.starts_with(": ") || (rest.starts_with("[E") && rest.find("]: ").is_some_and(|at| at <= 7))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "stderr") {
            out.push(path);
        }
    }
}
