//! `cargo xtask slt`: runs sqllogictest files through `query!`. Each file is parsed
//! (`parse`), every record checked by the library and planned (`plan`), the plan written
//! and built as a crate (`generate`), the program run, and its results compared with the
//! file (`compare`, `format`) and reported (`report`).

pub mod compare;
// Used by the generated crates, which get a copy of the file; compiled here for its tests.
#[cfg_attr(not(test), allow(dead_code))]
pub mod format;
pub mod generate;
pub mod parse;
pub mod plan;
pub mod report;
pub mod server;
pub mod translate;

use generate::Build;
use parse::{Record, RecordKind};
use plan::{Step, Verdict};
use report::{FileReport, Outcome, RecordReport, Timings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Which database the records run on, and so which `skipif` / `onlyif` lines apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite, in memory.
    Sqlite,
    /// PostgreSQL: a fresh database per file on the server `SQLMINT_PG_URL` names, or on a
    /// throwaway server started for the run (see `sqlmint-test-support`).
    Postgres,
    /// MariaDB (the `mysql` dialect): a fresh database per file on the server
    /// `SQLMINT_MYSQL_URL` names, or on a throwaway server started for the run.
    MySql,
}

impl Dialect {
    /// The dialect named on the command line.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "mysql" | "mariadb" => Some(Dialect::MySql),
            _ => None,
        }
    }

    /// The engine's name in `skipif` / `onlyif` lines.
    pub fn engine_name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
            Dialect::MySql => "mysql",
        }
    }

    /// The engine's name in messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
            Dialect::MySql => "MariaDB",
        }
    }

    /// The library's dialect, for rendering DDL.
    pub fn render(self) -> sqlmint_schema::dialect::Dialect {
        match self {
            Dialect::Sqlite => sqlmint_schema::dialect::Dialect::Sqlite,
            Dialect::Postgres => sqlmint_schema::dialect::Dialect::Postgres,
            Dialect::MySql => sqlmint_schema::dialect::Dialect::MySql,
        }
    }
}

/// Command-line options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Keep the generated crate after the run.
    pub keep: bool,
    /// The database.
    pub dialect: Dialect,
}

/// How many times a build may fail on records' code before giving up: each round removes
/// the records rustc blamed.
const BUILD_ROUNDS: usize = 4;

/// Runs one `.test` file; `root` is the sqlmint workspace.
pub fn run_file(root: &Path, path: &Path, options: &Options) -> Result<FileReport, String> {
    let started = Instant::now();
    // First, so a missing server is reported before anything is built.
    let database = server::database(options.dialect)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let records = parse::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut plan = plan::plan(&records, options.dialect);

    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "test".to_owned());
    // The two dialects' crates live side by side, so switching does not rebuild either.
    let suffix = match options.dialect {
        Dialect::Sqlite => "",
        Dialect::Postgres => "-postgres",
        Dialect::MySql => "-mysql",
    };
    let package = format!(
        "slt-{}{suffix}",
        stem.chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            })
            .collect::<String>()
    );
    let dir = root
        .join("target")
        .join("slt")
        .join(format!("{stem}{suffix}"));
    let target_dir = root.join("target").join("slt-target");
    let source = path.canonicalize().unwrap_or_else(|_| path.to_owned());

    let record_lines: Vec<usize> = records.iter().map(|r| r.line).collect();
    let mut timings = Timings {
        plan: started.elapsed(),
        ..Timings::default()
    };
    let mut round = 0;
    let binary = loop {
        let generated = generate::write_crate(
            root,
            &dir,
            &package,
            &source,
            &plan,
            &record_lines,
            options.dialect,
        )
        .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        let build_started = Instant::now();
        let build = generated.build(&target_dir)?;
        timings.build += build_started.elapsed();
        match build {
            Build::Built(binary) => break binary,
            Build::RecordErrors(errors) => {
                round += 1;
                if round > BUILD_ROUNDS {
                    return Err(format!(
                        "the generated crate in {} still fails to build after {BUILD_ROUNDS} rounds",
                        dir.display()
                    ));
                }
                for (record, message) in errors {
                    drop_compile_error(&mut plan, &records, record, &message);
                }
            }
        }
    };

    // Its incremental state served the rounds above and is of no use now; a file's takes
    // hundreds of megabytes, which CI's disk does not have to spare.
    forget_incremental(&target_dir, &package);

    let mut command = Command::new(&binary);
    if let Some(url) = &database {
        command.env(server::URL_VARIABLE, url);
    }
    let run_started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    timings.run = run_started.elapsed();
    let events = read_events(&String::from_utf8_lossy(&output.stdout));
    let stopped = (!output.status.success()).then(|| {
        format!(
            "the program stopped ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
    });

    let outcomes = judge(
        &records,
        &plan,
        &events,
        stopped.as_deref(),
        options.dialect,
    );
    if !options.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    timings.total = started.elapsed();
    Ok(FileReport {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_owned(),
        records: records
            .iter()
            .zip(outcomes)
            .map(|(record, outcome)| RecordReport {
                record: record.clone(),
                outcome,
            })
            .collect(),
        timings,
        generated: options.keep.then_some(dir),
    })
}

/// Takes a record whose generated code did not compile out of the plan: a failure of the
/// library (it accepted SQL it then could not expand), not a skip.
fn drop_compile_error(plan: &mut plan::Plan, records: &[Record], record: usize, message: &str) {
    plan.verdicts[record] = Verdict::Failed(format!("generated code does not compile: {message}"));
    let Some(position) = plan.steps.iter().position(|s| s.record() == record) else {
        return;
    };
    match (&plan.steps[position], &records[record].kind) {
        (
            Step::Statement { fallback, .. },
            RecordKind::Statement {
                expect_error: false,
                ..
            },
        ) => {
            // The data must still be there for the records after it.
            plan.steps[position] = Step::Raw {
                record,
                sql: fallback.clone(),
            };
        }
        _ => {
            plan.steps.remove(position);
        }
    }
}

/// What the program printed about one record.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Events {
    /// Formatted rows.
    pub rows: Vec<Vec<String>>,
    /// `Some(Ok)` when it finished, `Some(Err)` with the error when it failed.
    pub end: Option<Result<(), String>>,
    /// The SQLite error that ended a query's result early, as the reference driver allows.
    pub stopped: Option<String>,
}

/// Parses the program's output lines (`<record>\trow\t...`, `<record>\tok`,
/// `<record>\terror\t<message>`, `<record>\tstopped\t<message>`).
pub fn read_events(stdout: &str) -> HashMap<usize, Events> {
    let mut events: HashMap<usize, Events> = HashMap::new();
    for line in stdout.lines() {
        let mut fields = line.split('\t');
        let (Some(record), Some(event)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Ok(record) = record.parse::<usize>() else {
            continue;
        };
        let entry = events.entry(record).or_default();
        match event {
            "row" => entry.rows.push(fields.map(str::to_owned).collect()),
            "ok" => entry.end = Some(Ok(())),
            "error" => entry.end = Some(Err(fields.collect::<Vec<_>>().join("\t"))),
            "stopped" => entry.stopped = Some(fields.collect::<Vec<_>>().join("\t")),
            _ => {}
        }
    }
    events
}

/// Decides every record's outcome from the plan and what the program printed on `dialect`.
fn judge(
    records: &[Record],
    plan: &plan::Plan,
    events: &HashMap<usize, Events>,
    stopped: Option<&str>,
    dialect: Dialect,
) -> Vec<Outcome> {
    let steps: HashMap<usize, &Step> = plan.steps.iter().map(|s| (s.record(), s)).collect();
    let mut labels: HashMap<String, (String, usize)> = HashMap::new();
    let missing = || {
        stopped
            .unwrap_or("the program printed nothing for this record")
            .to_owned()
    };
    records
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let got = events.get(&index);
            let end = got.and_then(|e| e.end.clone());
            let verdict = &plan.verdicts[index];
            match (verdict, &record.kind, steps.get(&index)) {
                (Verdict::Pending, RecordKind::Query(query), _) => match end {
                    None => Outcome::Failed {
                        reason: missing(),
                        got: Vec::new(),
                    },
                    Some(Err(error)) => Outcome::Failed {
                        reason: format!("error at run time: {error}"),
                        got: Vec::new(),
                    },
                    Some(Ok(())) => {
                        let rows = &got.expect("ended").rows;
                        let mut outcome = match compare::check(
                            rows,
                            query.types.len(),
                            query.sort,
                            &query.expected,
                        ) {
                            Ok(()) => Outcome::Passed,
                            Err(reason) => Outcome::Failed {
                                reason: match &got.expect("ended").stopped {
                                    Some(error) => format!(
                                        "{reason} ({} ended the result early: {error})",
                                        dialect.display_name()
                                    ),
                                    None => reason,
                                },
                                got: compare::sorted_values(rows, query.sort),
                            },
                        };
                        if let Some(label) = &query.label {
                            let values = compare::sorted_values(rows, query.sort);
                            let hash = compare::hash_values(&values);
                            match labels.get(label) {
                                Some((first, line)) if *first != hash => {
                                    if outcome == Outcome::Passed {
                                        outcome = Outcome::Failed {
                                            reason: format!(
                                                "result differs from the query with the same label `{label}` at line {line}"
                                            ),
                                            got: values,
                                        };
                                    }
                                }
                                Some(_) => {}
                                None => {
                                    labels.insert(label.clone(), (hash, record.line));
                                }
                            }
                        }
                        outcome
                    }
                },
                (Verdict::Pending, RecordKind::Statement { expect_error, .. }, _) => {
                    match (end, expect_error) {
                        (None, _) => Outcome::Failed {
                            reason: missing(),
                            got: Vec::new(),
                        },
                        (Some(Ok(())), false) | (Some(Err(_)), true) => Outcome::Passed,
                        (Some(Ok(())), true) => Outcome::Failed {
                            reason: "expected an error, but the statement succeeded".into(),
                            got: Vec::new(),
                        },
                        (Some(Err(error)), false) => Outcome::Failed {
                            reason: format!("error at run time: {error}"),
                            got: Vec::new(),
                        },
                    }
                }
                (Verdict::Pending, _, _) => Outcome::Failed {
                    reason: "nothing ran this record".into(),
                    got: Vec::new(),
                },
                (Verdict::Skipped(reason), kind, Some(Step::Raw { .. })) => {
                    let expect_error =
                        matches!(kind, RecordKind::Statement { expect_error: true, .. });
                    match end {
                        // The corpus is written for SQLite: its plain SQL must run there.
                        Some(Err(error)) if !expect_error && dialect == Dialect::Sqlite => {
                            Outcome::Failed {
                                reason: format!("plain SQL set-up failed on SQLite: {error}"),
                                got: Vec::new(),
                            }
                        }
                        // On another engine SQLite-only syntax may fail: still a skip (the
                        // library did not run it), with the engine's error in the reason.
                        Some(Err(error)) if !expect_error => Outcome::Skipped(format!(
                            "{reason}; the plain SQL failed on {}: {error}",
                            dialect.display_name(),
                        )),
                        None if !expect_error => Outcome::Failed {
                            reason: missing(),
                            got: Vec::new(),
                        },
                        _ => Outcome::Skipped(reason.clone()),
                    }
                }
                (Verdict::Passed, _, _) => Outcome::Passed,
                (Verdict::Failed(reason), _, _) => Outcome::Failed {
                    reason: reason.clone(),
                    got: Vec::new(),
                },
                (Verdict::Skipped(reason), _, _) => Outcome::Skipped(reason.clone()),
                (Verdict::NotForEngine(condition), _, _) => {
                    Outcome::NotForEngine(condition.clone())
                }
                (Verdict::NotRun, _, _) => Outcome::NotRun,
                (Verdict::Directive, _, _) => Outcome::Directive,
            }
        })
        .collect()
}

/// The sqlmint workspace: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// Removes the incremental compilation state of `package` under `target_dir`.
fn forget_incremental(target_dir: &Path, package: &str) {
    let incremental = target_dir.join("debug").join("incremental");
    let prefix = format!("{}-", package.replace('-', "_"));
    let Ok(entries) = std::fs::read_dir(&incremental) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            // Only disk is at stake: a directory that cannot be removed stays.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_programs_events() {
        let events = read_events(
            "3\trow\t1\ta b\n3\tstopped\tinteger overflow\n3\tok\n4\terror\tno such table: t9\nnoise\n",
        );
        assert_eq!(
            events[&3],
            Events {
                rows: vec![vec!["1".into(), "a b".into()]],
                end: Some(Ok(())),
                stopped: Some("integer overflow".into()),
            }
        );
        assert_eq!(events[&4].end, Some(Err("no such table: t9".into())));
    }

    #[test]
    fn judges_results_statements_and_labels() {
        let text = "statement ok\nCREATE TABLE t1(a INTEGER)\n\n\
                    statement ok\nINSERT INTO t1 VALUES(1)\n\n\
                    query I nosort label-1\nSELECT a FROM t1\n----\n1\n\n\
                    query I nosort label-1\nSELECT a + 1 FROM t1\n----\n2\n\n\
                    query I nosort\nSELECT a FROM t1\n----\n5\n";
        let records = parse::parse(text).unwrap();
        let plan = plan::plan(&records, Dialect::Sqlite);
        let events =
            read_events("0\tok\n1\tok\n2\trow\t1\n2\tok\n3\trow\t2\n3\tok\n4\trow\t1\n4\tok\n");
        let outcomes = judge(&records, &plan, &events, None, Dialect::Sqlite);
        assert_eq!(outcomes[0], Outcome::Passed);
        assert_eq!(outcomes[1], Outcome::Passed);
        assert_eq!(outcomes[2], Outcome::Passed);
        assert!(
            matches!(&outcomes[3], Outcome::Failed { reason, .. } if reason.contains("label-1")),
            "{:?}",
            outcomes[3]
        );
        assert_eq!(
            outcomes[4],
            Outcome::Failed {
                reason:
                    "wrong result at row 1, column 1 (in compared order): expected `5`, got `1`"
                        .into(),
                got: vec!["1".into()]
            }
        );
        let stopped = judge(
            &records,
            &plan,
            &HashMap::new(),
            Some("the program stopped"),
            Dialect::Sqlite,
        );
        assert!(
            matches!(&stopped[2], Outcome::Failed { reason, .. } if reason == "the program stopped")
        );
    }

    #[test]
    fn plain_sql_that_fails_elsewhere_than_sqlite_is_a_skip_with_the_error() {
        let text = "statement ok\nCREATE TABLE t1(a INTEGER)\n\n\
                    statement ok\nINSERT OR REPLACE INTO t1 VALUES(1)\n";
        let records = parse::parse(text).unwrap();
        let events = read_events("0\tok\n1\terror\tsyntax error at or near \"OR\"\n");
        let plan = plan::plan(&records, Dialect::Postgres);
        let outcomes = judge(&records, &plan, &events, None, Dialect::Postgres);
        assert_eq!(outcomes[0], Outcome::Passed);
        assert!(
            matches!(&outcomes[1], Outcome::Skipped(reason)
                if reason.ends_with("; the plain SQL failed on PostgreSQL: syntax error at or near \"OR\"")),
            "{:?}",
            outcomes[1]
        );
        // On SQLite, the engine the corpus is written for, the same is a failure.
        let plan = plan::plan(&records, Dialect::Sqlite);
        let outcomes = judge(&records, &plan, &events, None, Dialect::Sqlite);
        assert!(matches!(&outcomes[1], Outcome::Failed { .. }));
    }
}
