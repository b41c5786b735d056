//! What `cargo xtask slt` prints: per file a header, the plain `N passed, N failed, N skipped`
//! line, the split between queries and statements, timings, skip reasons grouped with counts,
//! and the first failures in detail.

use super::parse::{Expected, Record, RecordKind};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

/// How many failures are shown in full.
const FAILURES_SHOWN: usize = 20;
/// How many values of a result a failure shows.
const VALUES_SHOWN: usize = 12;

/// The outcome of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It ran through sqlmint and gave the expected result.
    Passed,
    /// It gave a wrong result or error, or the library mishandled it.
    Failed {
        /// What went wrong.
        reason: String,
        /// The values it returned, in compared order, if it returned any.
        got: Vec<String>,
    },
    /// Not tested through sqlmint, and why.
    Skipped(String),
    /// A condition keeps it off this engine.
    NotForEngine(String),
    /// After a `halt`.
    NotRun,
    /// Not a test (`hash-threshold`, `halt`).
    Directive,
}

/// One record and its outcome.
#[derive(Debug, Clone)]
pub struct RecordReport {
    /// The record.
    pub record: Record,
    /// What became of it.
    pub outcome: Outcome,
}

/// Where the time went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Parsing and checking every record.
    pub plan: Duration,
    /// Building the generated crate (all rounds).
    pub build: Duration,
    /// Running it.
    pub run: Duration,
    /// Everything, including writing and comparing.
    pub total: Duration,
}

/// The outcome of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Its file name.
    pub name: String,
    /// Its path as given.
    pub path: PathBuf,
    /// Every record.
    pub records: Vec<RecordReport>,
    /// Where the time went.
    pub timings: Timings,
    /// The generated crate, when kept.
    pub generated: Option<PathBuf>,
}

/// Passed, failed and skipped records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
}

impl Counts {
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::NotForEngine(_) | Outcome::NotRun | Outcome::Directive => {}
        }
    }

    /// Adds `other`.
    pub fn merge(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// The plain line test tooling reads.
    pub fn line(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

impl FileReport {
    /// Counts over every record that is a test.
    pub fn counts(&self) -> Counts {
        self.counts_where(|_| true)
    }

    fn counts_where(&self, keep: impl Fn(&RecordKind) -> bool) -> Counts {
        let mut counts = Counts::default();
        for report in self.records.iter().filter(|r| keep(&r.record.kind)) {
            counts.add(&report.outcome);
        }
        counts
    }

    /// Skip reasons with how often each occurs and the line of its first record, most
    /// frequent first.
    pub fn skip_reasons(&self) -> Vec<(String, usize, usize)> {
        let mut reasons: HashMap<&str, (usize, usize)> = HashMap::new();
        for report in &self.records {
            if let Outcome::Skipped(reason) = &report.outcome {
                let entry = reasons.entry(reason).or_insert((0, report.record.line));
                entry.0 += 1;
            }
        }
        let mut reasons: Vec<(String, usize, usize)> = reasons
            .into_iter()
            .map(|(reason, (count, line))| (reason.to_owned(), count, line))
            .collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        reasons
    }

    /// The full text printed for this file.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "== {} ({})", self.name, self.path.display());
        let _ = writeln!(out, "{}", self.counts().line());
        let queries = self.counts_where(|k| matches!(k, RecordKind::Query(_)));
        let statements = self.counts_where(|k| !matches!(k, RecordKind::Query(_)));
        let _ = writeln!(out, "  queries:    {}", queries.line());
        let _ = writeln!(out, "  statements: {}", statements.line());
        let not_for_engine = self
            .records
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::NotForEngine(_)))
            .count();
        let not_run = self
            .records
            .iter()
            .filter(|r| r.outcome == Outcome::NotRun)
            .count();
        let _ = writeln!(
            out,
            "  not counted: {not_for_engine} record(s) for other engines (skipif/onlyif), {not_run} after halt"
        );
        let t = &self.timings;
        let _ = writeln!(
            out,
            "  time: {:.1}s (check {:.1}s, build {:.1}s, run {:.1}s)",
            t.total.as_secs_f64(),
            t.plan.as_secs_f64(),
            t.build.as_secs_f64(),
            t.run.as_secs_f64()
        );
        if let Some(dir) = &self.generated {
            let _ = writeln!(out, "  generated crate: {}", dir.display());
        }
        let reasons = self.skip_reasons();
        if !reasons.is_empty() {
            let _ = writeln!(out, "skipped, by reason:");
            for (reason, count, line) in &reasons {
                let _ = writeln!(out, "  {count:>5}  {reason}  (first at line {line})");
            }
        }
        let failures: Vec<&RecordReport> = self
            .records
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
            .collect();
        if !failures.is_empty() {
            let _ = writeln!(
                out,
                "failed ({} shown of {}):",
                failures.len().min(FAILURES_SHOWN),
                failures.len()
            );
            for report in failures.iter().take(FAILURES_SHOWN) {
                out.push_str(&render_failure(&self.name, report));
            }
        }
        out
    }
}

fn render_failure(file: &str, report: &RecordReport) -> String {
    let Outcome::Failed { reason, got } = &report.outcome else {
        return String::new();
    };
    let mut out = String::new();
    let record = &report.record;
    let (header, sql, expected) = match &record.kind {
        RecordKind::Query(query) => {
            let sort = query.sort.name();
            let expected = match &query.expected {
                Expected::Nothing => "(not given)".to_owned(),
                Expected::Values(values) => shorten(values),
                Expected::Hash { count, md5 } => format!("{count} values hashing to {md5}"),
            };
            (
                format!("query {} {sort}", query.types),
                query.sql.as_str(),
                Some(expected),
            )
        }
        RecordKind::Statement { expect_error, sql } => (
            format!("statement {}", if *expect_error { "error" } else { "ok" }),
            sql.as_str(),
            None,
        ),
        _ => (String::new(), "", None),
    };
    let _ = writeln!(out, "  {file}:{}: {header}", record.line);
    for line in sql.lines() {
        let _ = writeln!(out, "      {line}");
    }
    let _ = writeln!(out, "    {reason}");
    if let Some(expected) = expected {
        let _ = writeln!(out, "    expected: {expected}");
        if !got.is_empty() {
            let _ = writeln!(out, "    got:      {}", shorten(got));
        }
    }
    out
}

/// The first values of a result, space-separated.
fn shorten(values: &[String]) -> String {
    let mut text = values
        .iter()
        .take(VALUES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if values.len() > VALUES_SHOWN {
        let _ = write!(text, " ... ({} values)", values.len());
    }
    if values.is_empty() {
        text.push_str("(no rows)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slt::parse::parse;

    #[test]
    fn the_counts_line_stands_alone_and_reasons_are_grouped() {
        let records = parse(
            "query I nosort\nSELECT 1\n----\n1\n\n\
             query I nosort\nSELECT 2\n----\n2\n\n\
             query I nosort\nSELECT 3\n----\n3\n\n\
             statement ok\nCREATE INDEX i ON t(a)\n\n\
             skipif sqlite\nquery I nosort\nSELECT 4\n",
        )
        .unwrap();
        let outcomes = [
            Outcome::Passed,
            Outcome::Skipped("no CASE".into()),
            Outcome::Failed {
                reason: "wrong result".into(),
                got: vec!["4".into()],
            },
            Outcome::Skipped("no CASE".into()),
            Outcome::NotForEngine("skipif sqlite".into()),
        ];
        let report = FileReport {
            name: "a.test".into(),
            path: "dir/a.test".into(),
            records: records
                .into_iter()
                .zip(outcomes)
                .map(|(record, outcome)| RecordReport { record, outcome })
                .collect(),
            timings: Timings::default(),
            generated: None,
        };
        let text = report.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "== a.test (dir/a.test)");
        assert_eq!(lines[1], "1 passed, 1 failed, 2 skipped");
        assert_eq!(lines[2], "  queries:    1 passed, 1 failed, 1 skipped");
        assert_eq!(lines[3], "  statements: 0 passed, 0 failed, 1 skipped");
        assert!(
            text.contains("      2  no CASE  (first at line 6)"),
            "{text}"
        );
        assert!(text.contains("  a.test:11: query I nosort\n      SELECT 3\n"));
        assert!(text.contains("    expected: 3\n    got:      4\n"));
    }
}
