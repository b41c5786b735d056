//! `docs/book/src/diagnostics.md` is made from the compile-fail cases: each case's header (what the
//! mistake is, and `Fix:` how to fix it) and the diagnostics trybuild recorded for it. This
//! test fails when the page is out of date; `SQLMINT_BLESS=1 cargo test -p sqlmint-ui-tests
//! --test diagnostics_gallery` rewrites it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folders of `tests/ui`, in the page's order, each with its title and what it holds.
const SECTIONS: &[(&str, &str, &str)] = &[
    ("names", "Names", "Tables, columns, functions and aliases that do not exist or are ambiguous."),
    ("types", "Types", "Values of one SQL type where another is needed."),
    ("params", "Bound values", "Rust values bound to parameters: each is checked against the SQL type it meets."),
    ("dml", "INSERT, UPDATE, DELETE", "Writes that name the wrong columns, leave out required ones, or write what cannot be written."),
    ("joins", "Joins", "Joins whose condition cannot be inferred or is wrong."),
    ("grouping", "Grouping and aggregates", "GROUP BY, HAVING, aggregates and window functions where they cannot go."),
    ("subqueries", "Subqueries, CTEs and set operations", "Subqueries and set operations of the wrong shape."),
    ("syntax", "Syntax", "SQL that does not parse, including misspelt keywords and constructs sqlmint does not support."),
    ("dialects", "Dialects", "Statements a database the code runs them on cannot run."),
    ("schema", "Schemas and migrations", "Mistakes in `schema!` and in the migrations it reads."),
    ("named", "Named statements", "Statements given a name with `pub mod name { ... }`."),
    ("mapping", "Rows into your struct", "`query_as!` and `-> Struct`: a struct whose fields do not match the columns."),
    ("cascades", "Code after a mistake", "A failed statement's own error is the only one: code using its rows or values adds none."),
    ("warnings", "Warnings", "SQL that runs but is likely not what was meant. Each is a rustc warning (`deprecated`) at the token; the cases here deny it so the test sees it."),
];

#[test]
fn the_gallery_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = gallery(&root.join("tests/ui"));
    let path = root.join("../docs/book/src/diagnostics.md");
    if std::env::var_os("SQLMINT_BLESS").is_some() {
        std::fs::write(&path, &page).expect("write docs/book/src/diagnostics.md");
        return;
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == page,
        "docs/book/src/diagnostics.md is out of date with tests/ui; rewrite it with \
         `SQLMINT_BLESS=1 cargo test -p sqlmint-ui-tests --test diagnostics_gallery`"
    );
}

fn gallery(ui: &Path) -> String {
    let mut page = String::from(
        "# Diagnostics\n\n\
         <!-- Made from ui-tests/tests/ui by ui-tests/tests/diagnostics_gallery.rs: edit the cases, \
         then run `SQLMINT_BLESS=1 cargo test -p sqlmint-ui-tests --test diagnostics_gallery`. -->\n\n\
         Every mistake `query!` and `schema!` find is a compile error at the token that is wrong, \
         and every one in a statement is reported in the same build. One mistake is one error: \
         code that uses a failed statement's rows or values adds none of its own, and a value \
         left untyped by another mistake is not reported again. Each section below lists the \
         errors of one kind, as `cargo build` prints them for the case in `ui-tests/tests/ui`, \
         with what the mistake is and how to fix it.\n\n\
         Warnings are rustc warnings on stable Rust, shown at the token (they use the \
         `#[deprecated]` lint, so `#[allow(deprecated)]` on the enclosing item silences them \
         all, and each says how to silence it in the SQL itself).\n\n",
    );
    let mut folders: Vec<String> = std::fs::read_dir(ui)
        .expect("read tests/ui")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    folders.sort();
    let known: Vec<&str> = SECTIONS.iter().map(|(folder, _, _)| *folder).collect();
    for folder in &folders {
        assert!(
            known.contains(&folder.as_str()),
            "tests/ui/{folder} has no section in the gallery: add it to SECTIONS"
        );
    }
    for (folder, title, about) in SECTIONS {
        let _ = writeln!(page, "- [{title}](#{})", anchor(title));
        let _ = (folder, about);
    }
    page.push('\n');
    for (folder, title, about) in SECTIONS {
        let _ = write!(page, "## {title}\n\n{about}\n\n");
        for case in cases(&ui.join(folder)) {
            page.push_str(&entry(folder, &case));
        }
    }
    page
}

/// The `.rs` files of one folder, by name.
fn cases(folder: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("read {}: {e}", folder.display()))
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    cases.sort();
    cases
}

/// One case: its name, its header, and its recorded diagnostics.
fn entry(folder: &str, case: &Path) -> String {
    let name = case
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let source = std::fs::read_to_string(case).expect("read a case");
    let header: Vec<&str> = source
        .lines()
        .map_while(|line| line.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let fix = header.iter().position(|line| line.starts_with("Fix:"));
    let (what, fix) = match fix {
        Some(at) if at > 0 => (header[..at].join(" "), header[at..].join(" ")),
        _ => panic!(
            "tests/ui/{folder}/{name}.rs must start with `//!` lines saying what the mistake is, \
             then `//! Fix: ...`"
        ),
    };
    let stderr = std::fs::read_to_string(case.with_extension("stderr"))
        .unwrap_or_else(|_| panic!("tests/ui/{folder}/{name}.stderr is missing"));
    let fix = fix.trim_start_matches("Fix:").trim();
    format!(
        "### {}\n\n{what}\n\n**Fix:** {fix}\n\n```text\n{}\n```\n\n",
        name.replace('-', " "),
        stderr.trim_end()
    )
}

/// The anchor GitHub and mdBook give a heading.
fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}
