//! The book cannot rot quietly: every chapter is in `SUMMARY.md` and in `doctests.rs` (so its
//! samples run as doctests), no sample opts out of being compiled and run except another
//! library's code quoted beside sqlmint's, every link between chapters lands on a file, and
//! every line a reader sees in a sample fits the page without scrolling sideways.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.md` file under `src/`, as a path relative to `src/`, `SUMMARY.md` aside.
fn chapter_files() -> BTreeSet<String> {
    fn walk(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
        for entry in fs::read_dir(dir).expect("read the book's src folder") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, root, found);
            } else if path.extension().is_some_and(|e| e == "md") {
                let relative = path.strip_prefix(root).expect("under src");
                found.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = book().join("src");
    let mut found = BTreeSet::new();
    walk(&root, &root, &mut found);
    found.remove("SUMMARY.md");
    found
}

/// The targets of `](target)` links in `text`, anchors and external addresses left out.
fn local_links(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or("").to_owned())
        .filter(|target| {
            !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:")
        })
        .collect()
}

#[test]
fn every_chapter_is_in_the_summary_and_runs_as_doctests() {
    let summary = fs::read_to_string(book().join("src/SUMMARY.md")).expect("read SUMMARY.md");
    let in_summary: BTreeSet<String> = local_links(&summary).into_iter().collect();
    assert_eq!(
        in_summary,
        chapter_files(),
        "SUMMARY.md and the files under src/ differ"
    );

    let doctests = fs::read_to_string(book().join("doctests.rs")).expect("read doctests.rs");
    let included: BTreeSet<String> = doctests
        .split("\"src/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(
        included, in_summary,
        "doctests.rs must include every chapter of SUMMARY.md"
    );
}

/// One fenced code block: its info string (`rust,ignore`), its first line, where it is, and
/// its lines with their line numbers in the file.
struct Fence {
    info: String,
    first_line: String,
    at: String,
    lines: Vec<(usize, String)>,
}

fn fences(file: &str, text: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        // Up to the closing fence, which `take_while` consumes too.
        let body: Vec<(usize, String)> = lines
            .by_ref()
            .take_while(|(_, l)| !l.trim_start().starts_with("```"))
            .map(|(n, l)| (n + 1, l.to_owned()))
            .collect();
        found.push(Fence {
            info: info.trim().to_owned(),
            first_line: body
                .first()
                .map(|(_, l)| l.trim().to_owned())
                .unwrap_or_default(),
            at: format!("{file}:{}", number + 1),
            lines: body,
        });
    }
    found
}

#[test]
fn every_rust_sample_is_compiled_and_run() {
    let mut refused = Vec::new();
    let mut samples = 0;
    for file in chapter_files() {
        let text = fs::read_to_string(book().join("src").join(&file)).expect("read a chapter");
        for fence in fences(&file, &text) {
            let mut attributes = fence.info.split(',').map(str::trim);
            let is_rust = attributes.next() == Some("rust") || fence.info.is_empty();
            if !is_rust {
                continue;
            }
            samples += 1;
            let opted_out = fence
                .info
                .split(',')
                .any(|a| matches!(a.trim(), "ignore" | "no_run"));
            // Another library's code, quoted to compare: it says whose on its first line.
            let quoted = fence.first_line.starts_with("// diesel")
                || fence.first_line.starts_with("// sqlx");
            if fence.info.is_empty() {
                refused.push(format!(
                    "{}: a fence without a language runs as Rust; say ```rust or ```text",
                    fence.at
                ));
            } else if opted_out && !quoted {
                refused.push(format!("{}: ```{} is not run; only diesel's or sqlx's code (first line `// diesel` or `// sqlx`) may be", fence.at, fence.info));
            } else if quoted && !fence.info.contains("ignore") {
                refused.push(format!(
                    "{}: diesel's or sqlx's code is marked ```rust,ignore",
                    fence.at
                ));
            }
        }
    }
    assert!(samples > 0, "the book has no Rust samples at all");
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

/// The widest line mdBook's content column shows without scrolling sideways.
const PAGE_WIDTH: usize = 80;

/// Whether mdBook (and rustdoc) hide a sample's line: `# ` after any indentation, or a lone `#`.
fn is_hidden(line: &str) -> bool {
    let line = line.trim_start();
    line == "#" || line.starts_with("# ")
}

#[test]
fn every_visible_line_of_a_rust_sample_fits_the_page() {
    let mut wide = Vec::new();
    for file in chapter_files() {
        // Generated from the compiler's own messages.
        if file == "diagnostics.md" {
            continue;
        }
        let text = fs::read_to_string(book().join("src").join(&file)).expect("read a chapter");
        for fence in fences(&file, &text) {
            if fence.info.split(',').next().map(str::trim) != Some("rust") {
                continue;
            }
            for (number, line) in &fence.lines {
                let width = line.chars().count();
                if width > PAGE_WIDTH && !is_hidden(line) {
                    wide.push(format!("{file}:{number}: {width} characters"));
                }
            }
        }
    }
    assert!(
        wide.is_empty(),
        "these lines of Rust samples are wider than the {PAGE_WIDTH} characters the page \
         shows, so they scroll sideways; wrap them:\n{}",
        wide.join("\n")
    );
}

#[test]
fn every_link_between_chapters_lands_on_a_chapter() {
    let chapters = chapter_files();
    let mut broken = Vec::new();
    for file in &chapters {
        let text = fs::read_to_string(book().join("src").join(file)).expect("read a chapter");
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        for target in local_links(&text) {
            // Resolve `..` by hand: the target must stay inside src/ to be in the book.
            let mut parts: Vec<&str> = dir.iter().map(|p| p.to_str().unwrap_or("")).collect();
            let mut escapes = false;
            for part in target.split('/') {
                match part {
                    "." | "" => {}
                    ".." => escapes |= parts.pop().is_none(),
                    other => parts.push(other),
                }
            }
            let resolved = parts.join("/");
            if escapes || !chapters.contains(&resolved) {
                broken.push(format!("{file}: ({target}) is not a chapter of the book"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
