//! "Accepted means it runs": every statement `query!` accepts in the repository's own code is
//! prepared, exactly as rendered, on real SQLite and real PostgreSQL, so SQL the database
//! cannot parse can never again pass the macro and ship.
//!
//! The harness reads the repository's sources itself rather than keeping a list, so a new test
//! or example is checked the day it is written:
//!
//! - every `.rs` file under `src/`, `tests/`, `examples/` and `ui-tests/tests/`, and the
//!   Rust code blocks of their doc comments and of `README.md` and `docs/*.md`;
//! - in each, every `schema! { ... }` and every `query!(...)` at any depth of the token tree
//!   (inside `assert_eq!`, closures, other macros' arguments: places `syn::visit` would not
//!   enter, since a macro's arguments are opaque tokens to it);
//! - `m::query!` belongs to the `schema!` declaring `mod m` in the same file, else in a file
//!   of the same directory (how `tests/conformance/` shares `main.rs`'s schema); a bare
//!   `query!` to the file's only schema.
//!
//! Each schema goes through [`expand_schema_in`] and each statement through [`expand_query`]
//! with the same `[schema] [path] sql` input the schema's generated `query!` forwards, and the
//! SQL and DDL are read back out of the generated code (`const SQL`, `CREATE_ALL`): what is
//! prepared is what a user's binary would send. A statement is prepared on each of SQLite and
//! PostgreSQL it claims (every dialect but those a construct such as `DELETE ... USING`
//! excludes); MySQL has no server here and is counted, not checked.
//!
//! Code the repository compiles (outside `ui-tests/tests/ui/`, `compile_fail` blocks and
//! Markdown) must also be accepted and resolvable here: a statement rejected or left without
//! a schema means the harness no longer sees what the build sees, and fails the test.
//!
//! Failures the compiler is known to have are in [`KNOWN_FAILURES`], each citing its entry in
//! `docs/harness-findings.md`; an entry that stops failing fails the test, so it is removed with
//! the fix. Run with `cargo test -p sqlmint-schema --test accepted_runs -- --nocapture` to see
//! the counts.

mod support;

use sqlmint_schema::dialect::Dialect;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic;
use std::path::{Path, PathBuf};
use support::repository::{self, expand_statement, resolve, Corpus};
use support::{Postgres, Sqlite};

/// Fewer statements prepared than this on a dialect means the scan broke, not that the
/// repository lost its tests.
const FLOOR_PER_DIALECT: usize = 250;

/// A rendered statement a database is known to reject, because of a compiler bug recorded in
/// `docs/harness-findings.md`.
struct KnownFailure {
    /// The finding's heading in `docs/harness-findings.md`.
    finding: &'static str,
    /// The file the statement is in, relative to the root.
    file: &'static str,
    /// Where the database rejects it.
    dialect: Dialect,
    /// Text of the rendered SQL that identifies the statement.
    sql_contains: &'static str,
}

/// Known failures; each must still fail, or the test says to remove it.
/// Empty since N1 was fixed (a malformed DATE literal is now a compile error); an entry
/// names a failure that is known and still open (see `docs/harness-findings.md`).
const KNOWN_FAILURES: &[KnownFailure] = &[];

/// A statement `query!` accepted.
struct Accepted {
    location: String,
    file: PathBuf,
    /// Per dialect, in [`Dialect::ALL`] order.
    sql: [String; 3],
    /// The dialects it claims to run on.
    dialects: Vec<Dialect>,
}

/// One prepare the database refused.
struct Failure {
    location: String,
    file: PathBuf,
    dialect: Dialect,
    sql: String,
    message: String,
}

#[test]
fn every_accepted_statement_prepares_on_sqlite_and_postgres() {
    // Expansion runs on a stack the size rustc gives proc macros, not a test thread's 2 MiB.
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(check_repository)
        .expect("spawn the harness thread")
        .join()
        .unwrap_or_else(|panic| panic::resume_unwind(panic));
}

fn check_repository() {
    let Corpus {
        documents,
        schemas,
        queries,
        expanded,
        unparsable,
    } = repository::load();
    assert!(unparsable.is_empty(), "unreadable sources: {unparsable:#?}");

    let mut problems: Vec<String> = Vec::new();
    for (schema, expansion) in schemas.iter().zip(&expanded) {
        if let Err(why) = expansion {
            if documents[schema.document].compiled {
                problems.push(format!(
                    "{}:{}: schema `{}`: {why}",
                    documents[schema.document].file.display(),
                    schema.line,
                    schema.module
                ));
            }
        }
    }

    // Statements by schema, each with its SQL per dialect and the dialects it claims.
    let mut by_schema: BTreeMap<usize, Vec<Accepted>> = BTreeMap::new();
    let mut rejected = 0;
    let mut templated = 0;
    for query in &queries {
        let document = &documents[query.document];
        let location = format!("{}:{}", document.file.display(), query.line);
        if query.sql.to_string().contains('$') {
            // The body of a `macro_rules!`: not a statement until the macro is used.
            templated += 1;
            continue;
        }
        let Some(schema) = resolve(query, &documents, &schemas) else {
            if document.compiled {
                problems.push(format!("{location}: no schema found for this query!"));
            }
            continue;
        };
        let Ok(expanded_schema) = &expanded[schema] else {
            continue;
        };
        match expand_statement(expanded_schema, &query.sql) {
            Ok((sql, dialects)) => by_schema.entry(schema).or_default().push(Accepted {
                location,
                file: document.file.clone(),
                sql,
                dialects,
            }),
            Err(why) => {
                rejected += 1;
                if document.compiled {
                    problems.push(format!("{location}: {why}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the harness does not see what the build sees:\n{}",
        problems.join("\n")
    );

    let mut failures: Vec<Failure> = Vec::new();
    let mut checked: BTreeMap<&str, usize> = BTreeMap::new();
    let mut mysql_only_claims = 0;
    for (schema, statements) in &by_schema {
        let ddl = &expanded[*schema]
            .as_ref()
            .expect("statements only for expanded schemas")
            .create_all;
        let block = &schemas[*schema];
        let schema_location = format!(
            "{}:{} (schema `{}`)",
            documents[block.document].file.display(),
            block.line,
            block.module
        );
        let sqlite = Sqlite::with_tables(&ddl[0]).unwrap_or_else(|e| {
            panic!(
                "{schema_location}: SQLite rejects the schema's CREATE_ALL: {e}\n{}",
                ddl[0]
            )
        });
        let mut postgres = Postgres::with_tables(&ddl[1]).unwrap_or_else(|e| {
            panic!(
                "{schema_location}: PostgreSQL rejects the schema's CREATE_ALL: {e}\n{}",
                ddl[1]
            )
        });
        for Accepted {
            location,
            file,
            sql,
            dialects,
        } in statements
        {
            if !dialects.contains(&Dialect::Sqlite) && !dialects.contains(&Dialect::Postgres) {
                mysql_only_claims += 1;
            }
            for dialect in dialects {
                let (name, outcome) = match dialect {
                    Dialect::Sqlite => ("SQLite", sqlite.prepare(&sql[0])),
                    Dialect::Postgres => ("PostgreSQL", postgres.prepare(&sql[1])),
                    Dialect::MySql => ("MySQL", Ok(())),
                };
                *checked.entry(name).or_default() += 1;
                if let Err(message) = outcome {
                    failures.push(Failure {
                        location: location.clone(),
                        file: file.clone(),
                        dialect: *dialect,
                        sql: sql[index_of(*dialect)].clone(),
                        message,
                    });
                }
            }
        }
    }

    println!(
        "accepted_runs: {} documents, {} schemas, {} query! calls ({} rejected, {} in macro_rules!, {} MySQL-only)",
        documents.len(),
        schemas.len(),
        queries.len(),
        rejected,
        templated,
        mysql_only_claims
    );
    for (dialect, count) in &checked {
        let what = if *dialect == "MySQL" {
            "claim"
        } else {
            "prepared on"
        };
        println!("accepted_runs: {count} statements {what} {dialect}");
        if *dialect == "MySQL" {
            println!("accepted_runs: (MySQL is not prepared: there is no MySQL server here)");
        }
    }

    let mut report = String::new();
    let mut still_failing = vec![false; KNOWN_FAILURES.len()];
    for failure in &failures {
        let known = KNOWN_FAILURES.iter().position(|known| {
            Path::new(known.file) == failure.file
                && known.dialect == failure.dialect
                && failure.sql.contains(known.sql_contains)
        });
        match known {
            Some(index) => {
                still_failing[index] = true;
                println!(
                    "accepted_runs: known failure ({}): {} on {:?}",
                    KNOWN_FAILURES[index].finding, failure.location, failure.dialect
                );
            }
            None => {
                let _ = writeln!(
                    report,
                    "{} on {:?}:\n    SQL: {}\n    database: {}",
                    failure.location, failure.dialect, failure.sql, failure.message
                );
            }
        }
    }
    for (known, failing) in KNOWN_FAILURES.iter().zip(&still_failing) {
        if !failing {
            let _ = writeln!(
                report,
                "known failure `{}` ({} on {:?}, SQL containing {:?}) no longer fails: remove it from KNOWN_FAILURES and docs/harness-findings.md",
                known.finding, known.file, known.dialect, known.sql_contains
            );
        }
    }
    assert!(
        report.is_empty(),
        "rendered SQL the database rejects:\n{report}"
    );
    for dialect in ["SQLite", "PostgreSQL"] {
        let count = checked.get(dialect).copied().unwrap_or(0);
        assert!(
            count >= FLOOR_PER_DIALECT,
            "only {count} statements prepared on {dialect}; the scan must have broken"
        );
    }
}

fn index_of(dialect: Dialect) -> usize {
    Dialect::ALL
        .iter()
        .position(|d| *d == dialect)
        .expect("a dialect of Dialect::ALL")
}
