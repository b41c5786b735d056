//! A property test: random well-typed queries over a small schema go through the front end as
//! tokens, and every one it accepts must prepare and run on real SQLite and real PostgreSQL
//! and return the same rows on both, with no NULL where the generated row type says NOT NULL.
//!
//! The generator writes joins (inner and left), derived tables, correlated scalar subqueries,
//! `IN (SELECT ...)`, `EXISTS`, aggregates with `GROUP BY`/`HAVING`, `CASE`, `coalesce`, set
//! operations, `DISTINCT`, NULLs (in the data, `IS [NOT] NULL`, `IN` lists), arithmetic with
//! unary minus, `LIKE`, `IN` lists, `BETWEEN`, `ORDER BY` and `LIMIT`/`OFFSET`. Rows are
//! compared as text; as multisets unless `ORDER BY` covers every output column.
//!
//! Semantic differences between the two databases the generator avoids, so a disagreement is
//! sqlmint's, not the databases':
//!
//! - **Division by zero**: NULL on SQLite, an error on PostgreSQL. Divisors are non-zero
//!   literals, except in the rare cases meant to check that `x / 0` is typed nullable; those
//!   run on SQLite only.
//! - **Integer division and modulo**: both truncate toward zero, so `/` and `%` are generated,
//!   only by positive literals.
//! - **Integer overflow**: PostgreSQL's INTEGER is 32-bit and errors on overflow, SQLite's is
//!   64-bit. Data and literals are small and `*` only multiplies by a literal up to 5.
//! - **Floats and averages**: `avg` is NUMERIC text (`12.5000000000000000`) on PostgreSQL and
//!   a REAL on SQLite, and float formatting differs; no floats, no `avg`.
//! - **String comparison and collation**: `<` on text and `ORDER BY` text follow the
//!   database's collation; text is only compared with `=`/`<>` and the data is lowercase ASCII
//!   letters (ordered the same by C and by linguistic collations).
//! - **`LIKE` case sensitivity**: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; the
//!   data and the patterns are lowercase.
//! - **NULL ordering**: NULLs sort first ascending on SQLite, last on PostgreSQL; `ORDER BY`
//!   only uses expressions the generator knows are NOT NULL.
//! - **Unordered results**: `LIMIT` only follows an `ORDER BY` covering every output column.
//! - **Scalar subqueries** are aggregates, so they return one row (PostgreSQL errors on more).
//! - **Booleans** read as `t`/`f` on PostgreSQL and `1`/`0` on SQLite: normalised.
//!
//! Seeded and deterministic. `cargo test -p sqlmint-schema --test differential` runs
//! [`DEFAULT_CASES`] cases; the long run, with any seed:
//!
//! ```text
//! SQLMINT_PROPTEST_CASES=100000 SQLMINT_PROPTEST_SEED=7 \
//!     cargo test -p sqlmint-schema --test differential -- --nocapture
//! ```
//!
//! A failure prints the seed, the case number, the statement as written and the SQL per
//! dialect. Failures of known compiler bugs are in [`KNOWN_FAILURES`], each with a reproducer
//! that must still fail, so the allow-list empties as the bugs are fixed; the reproducers of
//! fixed bugs stay in [`FIXED`] and must pass. Statements outside the generator's grammar
//! (writes, reserved-word names) that once failed are [`PROBES`], which must prepare.

mod support;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use sqlmint_schema::{expand_query, expand_schema_in};
use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use support::random::{seed_from_env, Rng};
use support::repository::{compile_error, find_forwarded, panic_text, strings_after};
use support::{Postgres, Sqlite, TextRow};

/// Cases in `cargo test`.
const DEFAULT_CASES: u64 = 400;
const CASES_VARIABLE: &str = "SQLMINT_PROPTEST_CASES";
const SEED_VARIABLE: &str = "SQLMINT_PROPTEST_SEED";
const DEFAULT_SEED: u64 = 0xd1ff;

/// The schema the queries are written against.
const SCHEMA: &str = "pub mod db {
    table t { id: INTEGER PRIMARY KEY, a: INTEGER, b: INTEGER NOT NULL, s: TEXT, }
    table u { id: INTEGER PRIMARY KEY, t_id: INTEGER, c: INTEGER, name: TEXT NOT NULL, }
}";

/// The same rows on both databases: small numbers, NULLs, lowercase letters.
const DATA: &str = "
    INSERT INTO t (id, a, b, s) VALUES (1, 5, 10, 'abc'), (2, NULL, 20, 'bcd'), (3, -3, 10, NULL),
        (4, 5, 0, 'ab'), (5, 12, 7, 'zz'), (6, NULL, -4, 'abc');
    INSERT INTO u (id, t_id, c, name) VALUES (1, 1, 3, 'x'), (2, 1, NULL, 'yy'), (3, 2, 8, 'abc'),
        (4, NULL, 5, 'q'), (5, 4, -2, 'zz'), (6, 9, 3, 'ab');
";

/// A failure a compiler bug in `docs/harness-findings.md` explains.
struct KnownFailure {
    /// The finding's heading.
    finding: &'static str,
    /// Whether a failure is this bug.
    matches: fn(&Failure) -> bool,
    /// A statement (against [`SCHEMA`]) that shows the bug: it must keep failing this way.
    reproducer: &'static str,
}

const KNOWN_FAILURES: &[KnownFailure] = &[
    KnownFailure {
        finding: "N4: SQLite 3.51.3 (bundled) counts OFFSET over an EXISTS's duplicate matches",
        matches: |f| {
            f.problem.starts_with("rows differ")
                && f.statement.contains("EXISTS")
                && f.statement.contains("OFFSET")
        },
        reproducer: "SELECT t.id AS c0 FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id) ORDER BY c0 LIMIT 4 OFFSET 3",
    },
];

/// Reproducers of bugs these harnesses found and the compiler has since fixed
/// (`docs/harness-findings.md`, "Fixed"): each must now agree on both databases, or be rejected
/// with a compile error (never accepted and then refused, or different).
const FIXED: &[(&str, &str)] = &[
    ("K1", "SELECT - - 77 AS c0"),
    ("K1", "SELECT - - t.b AS c0, 1 - -1 AS c1 FROM t"),
    ("K2", "SELECT * FROM (SELECT 1 + 1) AS s"),
    ("K2", "SELECT * FROM (SELECT 1 + 1 AS two) AS s"),
    ("K7", "SELECT t.id / 0 AS c0, t.b % 0 AS c1 FROM t"),
    (
        "K8",
        "SELECT t.id AS c0 FROM t WHERE t.s LIKE \"a!%\" ESCAPE \"!\"",
    ),
    ("K9", "SELECT DISTINCT t.a AS c0 FROM t ORDER BY t.b"),
    ("N3", "SELECT 1 - CASE WHEN TRUE THEN NULL END AS c0"),
    ("N3", "SELECT - NULL AS c0, NULL - NULL AS c1"),
    ("N3", "SELECT sum(NULL) AS c0 FROM t"),
    (
        "N3",
        "SELECT d.x + 1 AS c0 FROM (SELECT NULL AS x FROM t) AS d",
    ),
    (
        "N3",
        "SELECT u.c AS c0 FROM u UNION ALL SELECT CASE WHEN u.t_id < 17 THEN NULL END AS c0 FROM u",
    ),
    (
        "N3",
        "SELECT t.id AS c0 FROM t GROUP BY t.id HAVING min(NULL) = 12",
    ),
    (
        "N3",
        "SELECT s.x AS c0 FROM (SELECT d.x FROM (SELECT NULL AS x FROM t) AS d UNION SELECT 1) AS s",
    ),
];

/// A statement the front end accepted that did not run or agree, or (for a reproducer of a
/// rejection bug) that it rejected.
#[derive(Debug)]
struct Failure {
    /// As written for `query!`.
    statement: String,
    /// Per dialect.
    sql: Vec<String>,
    problem: String,
}

/// What happened to one statement.
enum Outcome {
    Rejected(String),
    Agreed { rows: usize },
    Failed(Failure),
}

/// The schema's expansion, both databases with its tables and data.
struct Harness {
    forwarded: Vec<TokenTree>,
    sqlite: Sqlite,
    postgres: Postgres,
}

impl Harness {
    fn new() -> Harness {
        let schema: TokenStream = SCHEMA.parse().expect("the schema lexes");
        let expanded = expand_schema_in(schema, std::path::Path::new("."));
        assert!(
            compile_error(&expanded).is_none(),
            "the schema is rejected: {:?}",
            compile_error(&expanded)
        );
        let forwarded = find_forwarded(&expanded).expect("a forwarding query! in the expansion");
        // `$crate` is one identifier once `macro_rules!` has run; here it is two tokens.
        let forwarded = forwarded
            .into_iter()
            .map(|group| {
                let text = group.to_string().replace("$ crate", "crate");
                text.parse::<TokenStream>()
                    .expect("the forwarded schema lexes")
                    .into_iter()
                    .next()
                    .expect("one group")
            })
            .collect();
        let ddl = strings_after(&expanded, "CREATE_ALL").expect("CREATE_ALL");
        let sqlite = Sqlite::with_tables(&ddl[0]).expect("SQLite takes the schema");
        sqlite.batch(DATA).expect("SQLite takes the data");
        let mut postgres = Postgres::with_tables(&ddl[1]).expect("PostgreSQL takes the schema");
        postgres.batch(DATA).expect("PostgreSQL takes the data");
        Harness {
            forwarded,
            sqlite,
            postgres,
        }
    }

    /// Runs `statement` through the front end and, if accepted, on both databases.
    fn check(&mut self, statement: &Statement) -> Outcome {
        let tokens: TokenStream = match statement.text.parse() {
            Ok(tokens) => tokens,
            Err(e) => panic!(
                "the generator wrote tokens that do not lex: {e}\n{}",
                statement.text
            ),
        };
        let mut input: TokenStream = self.forwarded.iter().cloned().collect();
        input.extend(tokens);
        let output = match panic::catch_unwind(AssertUnwindSafe(|| expand_query(input))) {
            Ok(output) => output,
            Err(panic) => {
                return Outcome::Failed(Failure {
                    statement: statement.text.clone(),
                    sql: Vec::new(),
                    problem: format!("expand_query panicked: {}", panic_text(&panic)),
                })
            }
        };
        if let Some(error) = compile_error(&output) {
            return Outcome::Rejected(error);
        }
        let sql = strings_after(&output, "SQL").expect("SQL in the expansion");
        let nullable = row_nullability(&output);
        let fail = |problem: String| {
            Outcome::Failed(Failure {
                statement: statement.text.clone(),
                sql: sql.clone(),
                problem,
            })
        };
        let sqlite_rows = match self.sqlite.rows(&sql[0]) {
            Ok(rows) => rows,
            Err(e) => return fail(format!("SQLite: {e}")),
        };
        if let Some(nullable) = &nullable {
            for row in &sqlite_rows {
                for (index, value) in row.iter().enumerate() {
                    if value == "NULL" && !nullable.get(index).copied().unwrap_or(true) {
                        return fail(format!(
                            "SQLite returned NULL in NOT NULL column {index}: {row:?}"
                        ));
                    }
                }
            }
        }
        if statement.sqlite_only {
            return Outcome::Agreed {
                rows: sqlite_rows.len(),
            };
        }
        let postgres_rows = match self.postgres.rows(&sql[1]) {
            Ok(rows) => rows,
            Err(e) => return fail(format!("PostgreSQL: {e}")),
        };
        let (left, right) = if statement.totally_ordered {
            (sqlite_rows.clone(), postgres_rows.clone())
        } else {
            (sorted(&sqlite_rows), sorted(&postgres_rows))
        };
        if left != right {
            return fail(format!(
                "rows differ{}:\n      SQLite:     {left:?}\n      PostgreSQL: {right:?}",
                if statement.totally_ordered {
                    " (in order)"
                } else {
                    " (as multisets)"
                }
            ));
        }
        Outcome::Agreed {
            rows: sqlite_rows.len(),
        }
    }
}

fn sorted(rows: &[TextRow]) -> Vec<TextRow> {
    let mut rows = rows.to_vec();
    rows.sort();
    rows
}

/// Per column of the generated `Row` struct, whether its type is an `Option`; `None` when the
/// statement's row type is not a generated `Row`.
fn row_nullability(tokens: &TokenStream) -> Option<Vec<bool>> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        if let (
            TokenTree::Ident(keyword),
            Some(TokenTree::Ident(name)),
            Some(TokenTree::Group(body)),
        ) = (token, tokens.get(at + 1), tokens.get(at + 2))
        {
            if keyword == "struct" && name == "Row" && body.delimiter() == Delimiter::Brace {
                let text = body.stream().to_string();
                return Some(
                    text.split(", pub ")
                        .filter(|field| !field.trim().is_empty())
                        .map(|field| field.contains(":: core :: option :: Option"))
                        .collect(),
                );
            }
        }
        if let TokenTree::Group(group) = token {
            if let Some(found) = row_nullability(&group.stream()) {
                return Some(found);
            }
        }
    }
    None
}

/// A generated statement.
struct Statement {
    /// As written inside `query!(...)`.
    text: String,
    /// Whether `ORDER BY` covers every output column, so row order must agree too.
    totally_ordered: bool,
    /// Whether it divides by zero, which only SQLite answers (with NULL).
    sqlite_only: bool,
}

#[test]
fn accepted_random_queries_agree_on_sqlite_and_postgres() {
    let seed = seed_from_env(SEED_VARIABLE, DEFAULT_SEED);
    let cases: u64 = match std::env::var(CASES_VARIABLE) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{CASES_VARIABLE}={text:?} is not a number")),
        Err(_) => DEFAULT_CASES,
    };
    let mut harness = Harness::new();
    let mut accepted = 0u64;
    let mut rejected = 0u64;
    let mut nonempty = 0u64;
    // Per kind of rejection, how many and the first statement rejected so.
    let mut rejections: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut known_hits = vec![0u64; KNOWN_FAILURES.len()];
    let mut new_failures = Vec::new();
    for index in 0..cases {
        let mut generator = Generator {
            rng: Rng::for_case(seed, index),
            sqlite_only: false,
        };
        let statement = generator.statement();
        match harness.check(&statement) {
            Outcome::Rejected(message) => {
                rejected += 1;
                let failure = Failure {
                    statement: statement.text.clone(),
                    sql: Vec::new(),
                    problem: format!("rejected: {message}"),
                };
                if let Some(known) = KNOWN_FAILURES.iter().position(|k| (k.matches)(&failure)) {
                    known_hits[known] += 1;
                }
                let kind: String = message.chars().take(60).collect();
                let entry = rejections
                    .entry(kind)
                    .or_insert_with(|| (0, statement.text.clone()));
                entry.0 += 1;
            }
            Outcome::Agreed { rows } => {
                accepted += 1;
                nonempty += u64::from(rows > 0);
            }
            Outcome::Failed(failure) => {
                accepted += 1;
                match KNOWN_FAILURES.iter().position(|k| (k.matches)(&failure)) {
                    Some(known) => known_hits[known] += 1,
                    None => new_failures.push((index, failure)),
                }
            }
        }
    }
    println!(
        "differential: seed {seed:#x}: {cases} cases, {accepted} accepted ({nonempty} with rows), {rejected} rejected"
    );
    for (message, (count, first)) in &rejections {
        println!("differential: rejected {count}x: {message}\n    e.g. query!({first})");
    }
    for (known, hits) in KNOWN_FAILURES.iter().zip(&known_hits) {
        println!(
            "differential: {hits} cases hit the known bug {}",
            known.finding
        );
    }

    // Each known bug must still show on its reproducer.
    let mut fixed = Vec::new();
    for known in KNOWN_FAILURES {
        let statement = Statement {
            text: known.reproducer.to_owned(),
            totally_ordered: false,
            sqlite_only: known.reproducer.contains("/ 0"),
        };
        let still = match harness.check(&statement) {
            Outcome::Failed(failure) => (known.matches)(&failure),
            Outcome::Rejected(message) => (known.matches)(&Failure {
                statement: statement.text.clone(),
                sql: Vec::new(),
                problem: format!("rejected: {message}"),
            }),
            Outcome::Agreed { .. } => false,
        };
        if !still {
            fixed.push(known.finding);
        }
    }

    let mut regressed = Vec::new();
    for (finding, text) in FIXED {
        let statement = Statement {
            text: (*text).to_owned(),
            totally_ordered: false,
            sqlite_only: text.contains("/ 0") || text.contains("% 0"),
        };
        if let Outcome::Failed(failure) = harness.check(&statement) {
            regressed.push(format!("{finding}: query!({text}): {}", failure.problem));
        }
    }

    let mut report = String::new();
    for regression in &regressed {
        report.push_str(&format!("\nthe fixed bug came back: {regression}\n"));
    }
    for (index, failure) in &new_failures {
        report.push_str(&format!(
            "\n{SEED_VARIABLE}={seed} case {index}:\n  query!({})\n  problem: {}\n",
            failure.statement, failure.problem
        ));
        for (dialect, sql) in ["SQLite", "PostgreSQL"].iter().zip(&failure.sql) {
            report.push_str(&format!("  {dialect}: {sql}\n"));
        }
    }
    for finding in &fixed {
        report.push_str(&format!(
            "\nthe known bug `{finding}` no longer reproduces: remove it from KNOWN_FAILURES and docs/harness-findings.md\n"
        ));
    }
    assert!(report.is_empty(), "{report}");
    assert!(
        accepted >= cases / 2 && nonempty >= cases / 5,
        "only {accepted} of {cases} cases accepted ({nonempty} with rows): the generator is off"
    );
}

/// Types of generated expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Int,
    Text,
    Bool,
}

/// A generated expression.
#[derive(Debug, Clone)]
struct Expr {
    sql: String,
    nullable: bool,
}

/// A table in scope: its alias and columns `(name, type, nullable)`.
#[derive(Debug, Clone)]
struct Source {
    alias: &'static str,
    columns: Vec<(&'static str, Ty, bool)>,
}

const T_COLUMNS: [(&str, Ty, bool); 4] = [
    ("id", Ty::Int, false),
    ("a", Ty::Int, true),
    ("b", Ty::Int, false),
    ("s", Ty::Text, true),
];
const U_COLUMNS: [(&str, Ty, bool); 4] = [
    ("id", Ty::Int, false),
    ("t_id", Ty::Int, true),
    ("c", Ty::Int, true),
    ("name", Ty::Text, false),
];

/// Lowercase words for text literals and LIKE patterns.
const WORDS: [&str; 6] = ["abc", "ab", "zz", "x", "bcd", "q"];

struct Generator {
    rng: Rng,
    sqlite_only: bool,
}

impl Generator {
    fn statement(&mut self) -> Statement {
        if self.rng.one_in(7) {
            return self.set_operation();
        }
        let (text, totally_ordered) = self.select(true);
        Statement {
            text,
            totally_ordered,
            sqlite_only: self.sqlite_only,
        }
    }

    fn set_operation(&mut self) -> Statement {
        let width = self.rng.between(1, 2) as usize;
        let types: Vec<Ty> = (0..width)
            .map(|_| *self.rng.pick(&[Ty::Int, Ty::Int, Ty::Text]))
            .collect();
        let (left, left_nullable) = self.simple_select(&types);
        let (right, right_nullable) = self.simple_select(&types);
        let operator = *self
            .rng
            .pick(&["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]);
        let mut text = format!("{left} {operator} {right}");
        let all_not_null = left_nullable.iter().chain(&right_nullable).all(|n| !n);
        let mut totally_ordered = false;
        if all_not_null && self.rng.one_in(2) {
            let keys: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
            text.push_str(&format!(" ORDER BY {}", keys.join(", ")));
            totally_ordered = true;
        }
        Statement {
            text,
            totally_ordered,
            sqlite_only: self.sqlite_only,
        }
    }

    /// `SELECT e AS c0, ... FROM ... [WHERE ...]` with the given column types.
    fn simple_select(&mut self, types: &[Ty]) -> (String, Vec<bool>) {
        let (from, scope) = self.sources();
        let items: Vec<Expr> = types.iter().map(|ty| self.expr(*ty, &scope, 2)).collect();
        let list: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{} AS c{i}", e.sql))
            .collect();
        let mut text = format!("SELECT {} FROM {from}", list.join(", "));
        if self.rng.one_in(2) {
            let condition = self.expr(Ty::Bool, &scope, 2);
            text.push_str(&format!(" WHERE {}", condition.sql));
        }
        (text, items.iter().map(|e| e.nullable).collect())
    }

    /// A whole SELECT; whether its ORDER BY covers every output column.
    fn select(&mut self, top: bool) -> (String, bool) {
        if top && self.rng.one_in(40) {
            // The shape of K2: `*` over a derived table of unnamed expressions.
            let inner = self.expr(Ty::Int, &[], 2);
            return (format!("SELECT * FROM (SELECT {}) AS d", inner.sql), false);
        }
        let (from, scope) = self.sources();
        let distinct = self.rng.one_in(5);
        let mut items: Vec<Expr> = Vec::new();
        let mut group_by: Vec<String> = Vec::new();
        let mut having = None;
        let mode = self.rng.below(8);
        if mode == 0 {
            // Aggregates only: one row.
            for _ in 0..self.rng.between(1, 3) {
                items.push(self.aggregate(&scope));
            }
        } else if mode <= 2 {
            // Grouped.
            let columns = columns_of(&scope);
            for _ in 0..self.rng.between(1, 2) {
                let (sql, _, nullable) = self.rng.pick(&columns).clone();
                if !group_by.contains(&sql) {
                    group_by.push(sql.clone());
                    items.push(Expr { sql, nullable });
                }
            }
            for _ in 0..self.rng.between(1, 2) {
                items.push(self.aggregate(&scope));
            }
            if self.rng.one_in(3) {
                let aggregate = self.aggregate_of(Ty::Int, &scope);
                having = Some(format!(
                    "{} {} {}",
                    aggregate.sql,
                    self.rng.pick(&["=", "<>", "<", "<=", ">", ">="]),
                    self.rng.between(0, 20)
                ));
            }
        } else {
            for _ in 0..self.rng.between(1, 3) {
                let ty = *self.rng.pick(&[Ty::Int, Ty::Int, Ty::Text, Ty::Bool]);
                items.push(self.expr(ty, &scope, 3));
            }
        }
        let list: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{} AS c{i}", e.sql))
            .collect();
        let mut text = format!(
            "SELECT {}{} FROM {from}",
            if distinct { "DISTINCT " } else { "" },
            list.join(", ")
        );
        if mode != 0 && self.rng.one_in(2) {
            let condition = self.expr(Ty::Bool, &scope, 3);
            text.push_str(&format!(" WHERE {}", condition.sql));
        }
        if !group_by.is_empty() {
            text.push_str(&format!(" GROUP BY {}", group_by.join(", ")));
        }
        if let Some(having) = having {
            text.push_str(&format!(" HAVING {having}"));
        }
        let mut totally_ordered = false;
        if self.rng.one_in(2) {
            if items.iter().all(|e| !e.nullable) && !self.rng.one_in(4) {
                let keys: Vec<String> = (0..items.len())
                    .map(|i| format!("c{i}{}", if self.rng.one_in(3) { " DESC" } else { "" }))
                    .collect();
                text.push_str(&format!(" ORDER BY {}", keys.join(", ")));
                totally_ordered = true;
                if self.rng.one_in(2) {
                    text.push_str(&format!(" LIMIT {}", self.rng.between(0, 4)));
                    if self.rng.one_in(2) {
                        text.push_str(&format!(" OFFSET {}", self.rng.between(0, 3)));
                    }
                }
            } else if mode > 2 {
                // A partial order by a NOT NULL column, selected or not (with DISTINCT, the
                // latter is the shape of K9).
                let keys: Vec<String> = columns_of(&scope)
                    .into_iter()
                    .filter(|(_, _, nullable)| !nullable)
                    .map(|(sql, _, _)| sql)
                    .collect();
                if !keys.is_empty() {
                    text.push_str(&format!(" ORDER BY {}", self.rng.pick(&keys)));
                }
            }
        }
        (text, totally_ordered)
    }

    /// `FROM ...` and the tables it brings into scope.
    fn sources(&mut self) -> (String, Vec<Source>) {
        let t = Source {
            alias: "t",
            columns: T_COLUMNS.to_vec(),
        };
        let u = Source {
            alias: "u",
            columns: U_COLUMNS.to_vec(),
        };
        match self.rng.below(6) {
            0 => ("u".to_owned(), vec![u]),
            1 => ("t JOIN u ON u.t_id = t.id".to_owned(), vec![t, u]),
            2 => {
                let mut u = u;
                for column in &mut u.columns {
                    column.2 = true;
                }
                ("t LEFT JOIN u ON u.t_id = t.id".to_owned(), vec![t, u])
            }
            3 => {
                let x = self.expr(Ty::Int, std::slice::from_ref(&t), 2);
                let y = self.expr(Ty::Text, std::slice::from_ref(&t), 1);
                let mut inner = format!("SELECT {} AS x, {} AS y FROM t", x.sql, y.sql);
                if self.rng.one_in(2) {
                    let condition = self.expr(Ty::Bool, std::slice::from_ref(&t), 2);
                    inner.push_str(&format!(" WHERE {}", condition.sql));
                }
                let derived = Source {
                    alias: "d",
                    columns: vec![("x", Ty::Int, x.nullable), ("y", Ty::Text, y.nullable)],
                };
                (format!("({inner}) AS d"), vec![derived])
            }
            _ => ("t".to_owned(), vec![t]),
        }
    }

    /// `count(*)`, `sum`, `min`, `max` over an expression without aggregates.
    fn aggregate(&mut self, scope: &[Source]) -> Expr {
        let ty = *self.rng.pick(&[Ty::Int, Ty::Int, Ty::Text]);
        self.aggregate_of(ty, scope)
    }

    fn aggregate_of(&mut self, ty: Ty, scope: &[Source]) -> Expr {
        if self.rng.one_in(4) {
            return Expr {
                sql: "count(*)".to_owned(),
                nullable: false,
            };
        }
        let argument = self.expr(ty, scope, 2);
        let functions: &[&str] = match ty {
            Ty::Int => &["sum", "min", "max", "count"],
            _ => &["min", "max", "count"],
        };
        let function = *self.rng.pick(functions);
        Expr {
            sql: format!("{function}({})", argument.sql),
            nullable: function != "count",
        }
    }

    fn expr(&mut self, ty: Ty, scope: &[Source], depth: usize) -> Expr {
        match ty {
            Ty::Int => self.int(scope, depth),
            Ty::Text => self.text(scope, depth),
            Ty::Bool => self.boolean(scope, depth),
        }
    }

    fn column(&mut self, ty: Ty, scope: &[Source]) -> Option<Expr> {
        let columns: Vec<(String, Ty, bool)> = columns_of(scope)
            .into_iter()
            .filter(|(_, t, _)| *t == ty)
            .collect();
        if columns.is_empty() {
            return None;
        }
        let (sql, _, nullable) = self.rng.pick(&columns).clone();
        Some(Expr { sql, nullable })
    }

    fn int(&mut self, scope: &[Source], depth: usize) -> Expr {
        let choice = if depth == 0 {
            self.rng.below(2)
        } else {
            self.rng.below(11)
        };
        match choice {
            0 => {
                if let Some(column) = self.column(Ty::Int, scope) {
                    return column;
                }
                self.int_literal()
            }
            1 => self.int_literal(),
            2 | 3 => {
                let left = self.int(scope, depth - 1);
                let right = self.int(scope, depth - 1);
                let operator = *self.rng.pick(&["+", "-"]);
                Expr {
                    sql: format!("({}) {operator} ({})", left.sql, right.sql),
                    nullable: left.nullable || right.nullable,
                }
            }
            4 => {
                let operand = self.int(scope, depth - 1);
                Expr {
                    sql: format!("({}) * {}", operand.sql, self.rng.between(0, 5)),
                    nullable: operand.nullable,
                }
            }
            5 => {
                let operand = self.int(scope, depth - 1);
                let operator = *self.rng.pick(&["/", "%"]);
                let divisor = if self.rng.one_in(25) {
                    // Checks that `x / 0` is typed nullable; only SQLite answers it.
                    self.sqlite_only = true;
                    0
                } else {
                    self.rng.between(1, 7)
                };
                Expr {
                    sql: format!("({}) {operator} {divisor}", operand.sql),
                    nullable: operand.nullable || divisor == 0,
                }
            }
            6 => {
                // Unary minus of anything, another unary minus included (the shape of K1).
                let operand = self.int(scope, depth - 1);
                let operand_sql = if operand.sql.starts_with('-') || is_atom(&operand.sql) {
                    operand.sql
                } else {
                    format!("({})", operand.sql)
                };
                Expr {
                    sql: format!("- {operand_sql}"),
                    nullable: operand.nullable,
                }
            }
            7 => {
                let condition = self.boolean(scope, depth - 1);
                let then = self.int(scope, depth - 1);
                let otherwise = self.int(scope, depth - 1);
                if self.rng.one_in(3) {
                    Expr {
                        sql: format!("CASE WHEN {} THEN {} END", condition.sql, then.sql),
                        nullable: true,
                    }
                } else {
                    Expr {
                        sql: format!(
                            "CASE WHEN {} THEN {} ELSE {} END",
                            condition.sql, then.sql, otherwise.sql
                        ),
                        nullable: then.nullable || otherwise.nullable,
                    }
                }
            }
            8 => {
                let first = self.int(scope, depth - 1);
                let second = self.int(scope, depth - 1);
                Expr {
                    sql: format!("coalesce({}, {})", first.sql, second.sql),
                    nullable: first.nullable && second.nullable,
                }
            }
            9 => {
                // A scalar subquery: an aggregate, so one row; correlated when `t` is in scope.
                let function = *self.rng.pick(&["max", "min", "sum", "count"]);
                let correlated = scope.iter().any(|s| s.alias == "t") && self.rng.one_in(2);
                let condition = if correlated {
                    " WHERE u.t_id = t.id"
                } else {
                    ""
                };
                Expr {
                    sql: format!("(SELECT {function}(u.c) FROM u{condition})"),
                    nullable: function != "count",
                }
            }
            _ => {
                if self.rng.one_in(8) {
                    return Expr {
                        sql: "NULL".to_owned(),
                        nullable: true,
                    };
                }
                self.int_literal()
            }
        }
    }

    fn int_literal(&mut self) -> Expr {
        Expr {
            sql: self.rng.between(0, 20).to_string(),
            nullable: false,
        }
    }

    fn text(&mut self, scope: &[Source], depth: usize) -> Expr {
        let choice = if depth == 0 {
            self.rng.below(2)
        } else {
            self.rng.below(6)
        };
        match choice {
            0 => match self.column(Ty::Text, scope) {
                Some(column) => column,
                None => self.text_literal(),
            },
            1 => self.text_literal(),
            2 => {
                let left = self.text(scope, depth - 1);
                let right = self.text(scope, depth - 1);
                Expr {
                    sql: format!("({}) || ({})", left.sql, right.sql),
                    nullable: left.nullable || right.nullable,
                }
            }
            3 => {
                let first = self.text(scope, depth - 1);
                let second = self.text_literal();
                Expr {
                    sql: format!("coalesce({}, {})", first.sql, second.sql),
                    nullable: false,
                }
            }
            4 => {
                let condition = self.boolean(scope, depth - 1);
                let then = self.text(scope, depth - 1);
                let otherwise = self.text(scope, depth - 1);
                Expr {
                    sql: format!(
                        "CASE WHEN {} THEN {} ELSE {} END",
                        condition.sql, then.sql, otherwise.sql
                    ),
                    nullable: then.nullable || otherwise.nullable,
                }
            }
            _ => self.text_literal(),
        }
    }

    fn text_literal(&mut self) -> Expr {
        Expr {
            sql: format!("\"{}\"", self.rng.pick(&WORDS)),
            nullable: false,
        }
    }

    fn boolean(&mut self, scope: &[Source], depth: usize) -> Expr {
        let depth = depth.max(1);
        match self.rng.below(12) {
            0..=2 => {
                let left = self.int(scope, depth - 1);
                let right = self.int(scope, depth - 1);
                let operator = *self.rng.pick(&["=", "<>", "<", "<=", ">", ">="]);
                Expr {
                    sql: format!("({}) {operator} ({})", left.sql, right.sql),
                    nullable: left.nullable || right.nullable,
                }
            }
            3 => {
                let left = self.text(scope, depth - 1);
                let right = self.text(scope, depth - 1);
                let operator = *self.rng.pick(&["=", "<>"]);
                Expr {
                    sql: format!("({}) {operator} ({})", left.sql, right.sql),
                    nullable: left.nullable || right.nullable,
                }
            }
            4 => {
                let operand = self.text(scope, depth - 1);
                let word = *self.rng.pick(&WORDS);
                let pattern = match self.rng.below(4) {
                    0 => format!("{word}%"),
                    1 => format!("%{word}"),
                    2 => format!("_{}", &word[1..]),
                    _ => format!("%{}%", &word[..1]),
                };
                let negated = if self.rng.one_in(3) { "NOT " } else { "" };
                let escape = if self.rng.one_in(15) {
                    " ESCAPE \"!\""
                } else {
                    ""
                };
                Expr {
                    sql: format!("({}) {negated}LIKE \"{pattern}\"{escape}", operand.sql),
                    nullable: operand.nullable,
                }
            }
            5 => {
                let ty = *self.rng.pick(&[Ty::Int, Ty::Text]);
                let operand = self.expr(ty, scope, depth - 1);
                let negated = if self.rng.one_in(2) { " NOT" } else { "" };
                Expr {
                    sql: format!("({}) IS{negated} NULL", operand.sql),
                    nullable: false,
                }
            }
            6 => {
                let operand = self.boolean(scope, depth - 1);
                Expr {
                    sql: format!("NOT ({})", operand.sql),
                    nullable: operand.nullable,
                }
            }
            7 => {
                let left = self.boolean(scope, depth - 1);
                let right = self.boolean(scope, depth - 1);
                let operator = *self.rng.pick(&["AND", "OR"]);
                Expr {
                    sql: format!("({}) {operator} ({})", left.sql, right.sql),
                    nullable: left.nullable || right.nullable,
                }
            }
            8 => {
                let operand = self.int(scope, depth - 1);
                let mut values: Vec<String> = (0..self.rng.between(1, 4))
                    .map(|_| self.rng.between(-5, 20).to_string())
                    .collect();
                let with_null = self.rng.one_in(5);
                if with_null {
                    values.push("NULL".to_owned());
                }
                let negated = if self.rng.one_in(3) { "NOT " } else { "" };
                Expr {
                    sql: format!("({}) {negated}IN ({})", operand.sql, values.join(", ")),
                    nullable: true,
                }
            }
            9 => {
                let operand = self.int(scope, depth - 1);
                let low = self.rng.between(-5, 10);
                let high = low + self.rng.between(0, 10);
                Expr {
                    sql: format!("({}) BETWEEN {low} AND {high}", operand.sql),
                    nullable: operand.nullable,
                }
            }
            10 => {
                let correlated = scope.iter().any(|s| s.alias == "t");
                if correlated && self.rng.one_in(2) {
                    let negated = if self.rng.one_in(3) { "NOT " } else { "" };
                    Expr {
                        sql: format!("{negated}EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)"),
                        nullable: false,
                    }
                } else {
                    let operand = self.int(scope, depth - 1);
                    Expr {
                        sql: format!("({}) IN (SELECT u.c FROM u)", operand.sql),
                        nullable: true,
                    }
                }
            }
            _ => Expr {
                sql: self.rng.pick(&["TRUE", "FALSE"]).to_string(),
                nullable: false,
            },
        }
    }
}

/// Every column in scope, qualified, with its type and nullability.
fn columns_of(scope: &[Source]) -> Vec<(String, Ty, bool)> {
    scope
        .iter()
        .flat_map(|source| {
            source.columns.iter().map(move |(name, ty, nullable)| {
                (format!("{}.{name}", source.alias), *ty, *nullable)
            })
        })
        .collect()
}

/// A literal or a column: needs no parentheses after a unary minus.
fn is_atom(sql: &str) -> bool {
    sql.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// A statement outside the generator's grammar (writes, other schemas) that once showed a
/// bug (accepted by the front end, then refused by a database) and must now prepare.
struct Probe {
    finding: &'static str,
    schema: &'static str,
    /// The live tables, when not the schema's own `CREATE_ALL` (the same for both databases).
    tables: Option<&'static str>,
    statement: &'static str,
}

const PROBES: &[Probe] = &[
    Probe {
        finding: "K3 (fixed): INSERT without a column list rendered without one",
        // The values are checked against the declared column order, but the SQL leaves the
        // order to the live table: same columns, other order, and 'x' goes into `a`.
        schema: "pub mod db { table w { id: INTEGER PRIMARY KEY, a: INTEGER, s: TEXT, } }",
        tables: Some("CREATE TABLE w (id INTEGER PRIMARY KEY, s TEXT, a INTEGER)"),
        statement: "INSERT INTO w VALUES (1, 2, \"x\")",
    },
    Probe {
        finding: "K4 (fixed): reserved-word identifiers were not quoted",
        schema: "pub mod db { table x { id: INTEGER PRIMARY KEY, for: INTEGER, } }",
        tables: None,
        statement: "SELECT x.for FROM x",
    },
    Probe {
        finding: "K4 (fixed): reserved-word identifiers were not quoted",
        schema: "pub mod db { table x { id: INTEGER PRIMARY KEY, constraint: INTEGER, } }",
        tables: None,
        statement: "SELECT x.constraint FROM x",
    },
];

/// Each probe must be accepted and prepare on SQLite and PostgreSQL.
#[test]
fn probes_outside_the_generator_prepare() {
    let mut failing = Vec::new();
    for probe in PROBES {
        let outcome = prepare_probe(probe.schema, probe.tables, probe.statement);
        println!("differential: probe {}: {outcome}", probe.finding);
        if !outcome.starts_with("prepares") {
            failing.push(format!("{}: {outcome}", probe.finding));
        }
    }
    assert!(
        failing.is_empty(),
        "probes that no longer prepare: {failing:#?}"
    );
}

/// What happens to `statement` against `schema`: `rejected: ...`, `refused by ...: ...` or
/// `prepares`.
fn prepare_probe(schema: &str, tables: Option<&str>, statement: &str) -> String {
    let schema: TokenStream = schema.parse().expect("the probe's schema lexes");
    let expanded = expand_schema_in(schema, std::path::Path::new("."));
    if let Some(error) = compile_error(&expanded) {
        return format!("schema rejected: {error}");
    }
    let forwarded: TokenStream = find_forwarded(&expanded)
        .expect("a forwarding query!")
        .into_iter()
        .collect();
    let forwarded: TokenStream = forwarded
        .to_string()
        .replace("$ crate", "crate")
        .parse()
        .expect("the forwarded schema lexes");
    let mut input = forwarded;
    input.extend(statement.parse::<TokenStream>().expect("the probe lexes"));
    let output = expand_query(input);
    if let Some(error) = compile_error(&output) {
        return format!("rejected: {error}");
    }
    let sql = strings_after(&output, "SQL").expect("SQL in the expansion");
    let mut ddl = strings_after(&expanded, "CREATE_ALL").expect("CREATE_ALL");
    if let Some(tables) = tables {
        ddl = vec![tables.to_owned(); 2];
    }
    let sqlite = match Sqlite::with_tables(&ddl[0]) {
        Ok(sqlite) => sqlite,
        Err(e) => return format!("refused by SQLite (its CREATE_ALL): {e}"),
    };
    if let Err(e) = sqlite.prepare(&sql[0]) {
        return format!("refused by SQLite: {e}: {}", sql[0]);
    }
    let mut postgres = match Postgres::with_tables(&ddl[1]) {
        Ok(postgres) => postgres,
        Err(e) => return format!("refused by PostgreSQL (its CREATE_ALL): {e}"),
    };
    if let Err(e) = postgres.prepare(&sql[1]) {
        return format!("refused by PostgreSQL: {e}: {}", sql[1]);
    }
    format!("prepares: {sql:?}")
}
