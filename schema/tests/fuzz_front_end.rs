//! A stable-Rust fuzz target over the front end: random and mutated token streams go into
//! [`expand_query`] and [`expand_schema_in`], and every input must end in tokens (the
//! expansion or a `compile_error!`) that are valid Rust, never a panic, a hang or a stack
//! overflow, since any of those is an ICE-like failure in the user's build.
//!
//! Inputs start from the repository's own statements and schemas (found as in
//! `accepted_runs.rs`) and are mutated at a random depth of the token tree: a token dropped,
//! duplicated, swapped or replaced, a keyword, literal or punctuation inserted, a stretch
//! wrapped in (sometimes hundreds of) parentheses or unwrapped, a delimiter changed, a piece
//! of another statement spliced in, the schema half of a `query!` input mutated; some inputs
//! are random tokens, some long operator chains and deep nestings of valid SQL.
//!
//! Each input runs on a thread with an 8 MiB stack (what rustc gives the thread that runs
//! proc macros), in a child process of this test so that a stack overflow, which aborts the
//! process, is reported with its input instead of killing the run. Input `i` of a run is
//! generated from `(seed, i)` alone, so the parent regenerates whatever the child died on.
//!
//! A new crashing input is written to `tests/fuzz-regressions/` and fails the run; every file
//! there is run first, each time. A file whose header says `# known: <finding>` is a crash
//! from `docs/harness-findings.md` that must keep crashing until it is fixed (then the test says to
//! drop the header), and crashes matching [`KNOWN_CRASHES`] are counted, not failures.
//!
//! `cargo test -p sqlmint-schema --test fuzz_front_end` fuzzes for a few seconds; the long run:
//!
//! ```text
//! SQLMINT_FUZZ_SECONDS=600 SQLMINT_FUZZ_SEED=12345 \
//!     cargo test -p sqlmint-schema --test fuzz_front_end -- --nocapture
//! ```

mod support;

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use sqlmint_schema::{expand_derive_from_row, expand_query, expand_row_shape, expand_schema_in};
use std::io::{BufRead, BufReader, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use support::random::{seed_from_env, Rng};
use support::repository;

/// How long the fuzzing part of `cargo test` runs, unless the variable says otherwise.
const DEFAULT_SECONDS: f64 = 4.0;
/// Seconds to fuzz.
const SECONDS_VARIABLE: &str = "SQLMINT_FUZZ_SECONDS";
/// The run's seed; the default is fixed so `cargo test` is deterministic.
const SEED_VARIABLE: &str = "SQLMINT_FUZZ_SEED";
const DEFAULT_SEED: u64 = 0x5eed_f022;
/// Set in the child process: `fuzz <seed> <run time in ms>` (the first case number and the
/// run's deadline, or 0 to start it, then come on stdin) or `regression <file>`.
const CHILD_VARIABLE: &str = "SQLMINT_FUZZ_CHILD";
/// rustc's proc-macro thread.
const STACK_SIZE: usize = 8 << 20;
/// An input still expanding after this long is a hang (an unoptimised build is slow).
const HANG_LIMIT: Duration = Duration::from_secs(10);
/// Fewer inputs than this in the `cargo test` run means the fuzzer did not really run (a loaded
/// machine runs about 300 a second in a debug build; the floor leaves room for a slow one).
const FLOOR_INPUTS: u64 = 100;

/// Which expansion an input is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `expand_query`: `[schema] [path] sql`.
    Query,
    /// `expand_schema_in`: a `schema!` body.
    Schema,
    /// `expand_derive_from_row`: a struct under `#[derive(FromRow)]`.
    Derive,
    /// `expand_row_shape`: a flattened struct's fields sent back to a derive in progress.
    RowShape,
}

/// One fuzz input.
#[derive(Debug, Clone)]
struct Input {
    target: Target,
    tokens: TokenStream,
}

impl Input {
    /// The regression file's body: the target's name, then the tokens.
    fn to_file_text(&self) -> String {
        let target = match self.target {
            Target::Query => "query",
            Target::Schema => "schema",
            Target::Derive => "derive",
            Target::RowShape => "row_shape",
        };
        format!("{target}\n{}\n", self.tokens)
    }

    /// Reads what [`Input::to_file_text`] wrote, skipping `#` header lines.
    fn from_file_text(text: &str) -> Result<Input, String> {
        let mut lines = text.lines().skip_while(|line| line.starts_with('#'));
        let target = match lines.next() {
            Some("query") => Target::Query,
            Some("schema") => Target::Schema,
            Some("derive") => Target::Derive,
            Some("row_shape") => Target::RowShape,
            other => {
                return Err(format!(
                    "expected `query`, `schema`, `derive` or `row_shape`, found {other:?}"
                ))
            }
        };
        let body: Vec<&str> = lines.collect();
        let tokens = body
            .join("\n")
            .parse::<TokenStream>()
            .map_err(|e| format!("the tokens do not lex: {e}"))?;
        Ok(Input { target, tokens })
    }
}

/// A crash the compiler is known to have, with the test deciding whether a crash is it.
struct KnownCrash {
    /// The finding's heading in `docs/harness-findings.md`.
    finding: &'static str,
    /// Whether `outcome` (`panic: ...`, `stack overflow`, `hang`, ...) of `input` is this crash.
    matches: fn(input: &Input, outcome: &str) -> bool,
}

/// Known crashes: counted, not failures. Each has a `# known:` regression file that checks
/// it still crashes.
/// Empty since the compiler's fixes for K5, K6 and N2 (`docs/harness-findings.md`, "Fixed"): their
/// inputs are plain regression files now, and must expand.
const KNOWN_CRASHES: &[KnownCrash] = &[];

fn regressions_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD_VARIABLE) {
        child(&spec);
        return;
    }
    // libtest's arguments (`--nocapture`, filters) mean nothing here, except `--list`.
    if std::env::args().any(|a| a == "--list") {
        println!("fuzz_front_end: test");
        return;
    }
    let regressions_pass = run_regressions();
    let fuzz_passes = fuzz();
    if regressions_pass && fuzz_passes {
        println!("fuzz_front_end: ok");
    } else {
        println!("fuzz_front_end: FAILED");
        std::process::exit(1);
    }
}

/// Runs every file of the regression directory in a child; false when one fails.
fn run_regressions() -> bool {
    let mut files: Vec<PathBuf> = std::fs::read_dir(regressions_directory())
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut ok = true;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a regression file");
        let known = text
            .lines()
            .take_while(|line| line.starts_with('#'))
            .find_map(|line| line.strip_prefix("# known:").map(str::trim));
        let output = Command::new(std::env::current_exe().expect("the test's own path"))
            .env(CHILD_VARIABLE, format!("regression {}", file.display()))
            .stdin(Stdio::null())
            .output()
            .expect("start the regression child");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let outcome = stdout
            .lines()
            .find_map(|line| line.strip_prefix("F 0 "))
            .map(str::to_owned)
            .or_else(|| (!output.status.success()).then(|| died(&stderr, output.status)));
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        match (outcome, known) {
            (None, None) => println!("fuzz_front_end: regression {name}: ok"),
            (Some(outcome), Some(finding)) => {
                println!("fuzz_front_end: regression {name}: still fails ({finding}): {outcome}")
            }
            (Some(outcome), None) => {
                println!("fuzz_front_end: regression {name} FAILS: {outcome}");
                ok = false;
            }
            (None, Some(finding)) => {
                println!(
                    "fuzz_front_end: regression {name} no longer fails: {finding} looks fixed; \
                     drop its `# known:` line and its KNOWN_CRASHES and docs/harness-findings.md entries"
                );
                ok = false;
            }
        }
    }
    ok
}

/// The outcome of a child that died without saying why.
fn died(stderr: &str, status: std::process::ExitStatus) -> String {
    if stderr.contains("overflowed its stack") {
        "stack overflow".to_owned()
    } else {
        format!("the process died ({status}): {}", stderr.trim())
    }
}

/// Fuzzes until the deadline in children, restarting after each crash; false on a new crash.
fn fuzz() -> bool {
    let seed = seed_from_env(SEED_VARIABLE, DEFAULT_SEED);
    let seconds: f64 = match std::env::var(SECONDS_VARIABLE) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{SECONDS_VARIABLE}={text:?} is not a number")),
        Err(_) => DEFAULT_SECONDS,
    };
    let seeds = Seeds::load();
    // The time to fuzz starts when the first child has loaded its seeds, which it reports
    // (`T <deadline>`): loading them (expanding every schema of the repository) grows with
    // the repository and slows on a loaded machine, and must not eat the run.
    let mut started = Instant::now();
    let run_ms = Duration::from_secs_f64(seconds).as_millis();
    let mut deadline_ms: Option<u128> = None;
    println!(
        "fuzz_front_end: seed {seed:#x}, {seconds} s, {} statements and {} schemas to mutate",
        seeds.statements.len(),
        seeds.schemas.len()
    );

    let mut next = 0u64;
    let mut inputs = 0u64;
    let mut known_counts = vec![0u64; KNOWN_CRASHES.len()];
    let mut new_crashes = Vec::new();
    // A standby child loads the seeds while the running one fuzzes, so a crash costs no
    // reload: the next child only waits for its first case number on stdin.
    let spawn_standby = || {
        Command::new(std::env::current_exe().expect("the test's own path"))
            .env(CHILD_VARIABLE, format!("fuzz {seed} {run_ms}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the fuzz child")
    };
    let mut standby = spawn_standby();
    loop {
        let mut process = std::mem::replace(&mut standby, spawn_standby());
        {
            let mut stdin = process.stdin.take().expect("piped stdin");
            // A child that died before reading reports nothing, and is restarted below.
            let _ = writeln!(stdin, "{next} {}", deadline_ms.unwrap_or(0));
        }
        let stderr = process.stderr.take().expect("piped stderr");
        let stderr_reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
            text
        });
        let stdout = BufReader::new(process.stdout.take().expect("piped stdout"));
        let mut last_started = None;
        let mut finished = false;
        let mut failures: Vec<(u64, String)> = Vec::new();
        for line in stdout.lines() {
            let line = line.expect("read the child's report");
            if let Some(deadline) = line.strip_prefix("T ") {
                deadline_ms = Some(deadline.parse().expect("a deadline"));
                started = Instant::now();
            } else if let Some(index) = line.strip_prefix("S ") {
                last_started = Some(index.parse::<u64>().expect("a case number"));
                inputs += 1;
            } else if let Some(rest) = line.strip_prefix("F ") {
                let (index, outcome) = rest.split_once(' ').expect("`F index outcome`");
                failures.push((index.parse().expect("a case number"), outcome.to_owned()));
            } else if line == "D" {
                finished = true;
            }
        }
        let status = process.wait().expect("wait for the fuzz child");
        let stderr = stderr_reader.join().unwrap_or_default();
        let reported: Vec<u64> = failures.iter().map(|(i, _)| *i).collect();
        if !finished {
            if let Some(index) = last_started.filter(|i| !reported.contains(i)) {
                failures.push((index, died(&stderr, status)));
            }
        }
        for (index, outcome) in failures {
            let input = generate(&mut Rng::for_case(seed, index), &seeds);
            match KNOWN_CRASHES
                .iter()
                .position(|known| (known.matches)(&input, &outcome))
            {
                Some(known) => known_counts[known] += 1,
                None => new_crashes.push(save_crash(seed, index, &input, &outcome)),
            }
        }
        match last_started {
            Some(index) if !finished => next = index + 1,
            _ => break,
        }
        if deadline_ms.is_some_and(|deadline| now_ms() >= deadline) {
            break;
        }
    }
    // The standby never got a case: it is this test's own child, stopped by its handle.
    let _ = standby.kill();
    let _ = standby.wait();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "fuzz_front_end: {inputs} inputs in {elapsed:.1} s ({:.0} per second), {} new crashes",
        inputs as f64 / elapsed,
        new_crashes.len()
    );
    for (known, count) in KNOWN_CRASHES.iter().zip(&known_counts) {
        println!(
            "fuzz_front_end: {count} inputs hit the known crash {}",
            known.finding
        );
    }
    for crash in &new_crashes {
        println!("fuzz_front_end: NEW CRASH saved as {crash}");
    }
    if inputs < FLOOR_INPUTS && seconds >= DEFAULT_SECONDS {
        println!("fuzz_front_end: only {inputs} inputs ran; the fuzzer is broken");
        return false;
    }
    new_crashes.is_empty()
}

/// Writes a crashing input as a regression file; returns its path.
fn save_crash(seed: u64, index: u64, input: &Input, outcome: &str) -> String {
    let text = input.to_file_text();
    let kind: String = outcome
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let directory = regressions_directory();
    std::fs::create_dir_all(&directory).expect("create the regression directory");
    let path = directory.join(format!("{kind}-{hash:016x}.txt"));
    let header = format!(
        "# found by the fuzzer: {SEED_VARIABLE}={seed} case {index}\n# outcome: {}\n",
        outcome.replace('\n', " ")
    );
    std::fs::write(&path, header + &text).expect("write the regression file");
    path.display().to_string()
}

/// What the child's expansion thread is asked to run.
enum Job {
    /// Case `index` of the run seeded `seed`.
    Case { seed: u64, index: u64 },
    /// A regression file's text.
    File(String),
    /// Load the seeds, run nothing.
    Warm,
}

/// The child: runs inputs and reports `S i` before input `i`, `F i outcome` after a failure,
/// `D` when the deadline passed. Dies, without a word, on a stack overflow.
fn child(spec: &str) {
    panic::set_hook(Box::new(|_| {}));
    let words: Vec<&str> = spec.split(' ').collect();
    let (sender, receiver) = mpsc::channel::<Job>();
    let (result_sender, results) = mpsc::channel::<Result<(), String>>();
    // Inputs are generated on the expansion thread: token streams are not `Send`, and
    // re-lexing each input as text would grow proc-macro2's source map without end.
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let mut seeds = None;
            for job in receiver {
                let input = match job {
                    Job::Case { seed, index } => {
                        let seeds = seeds.get_or_insert_with(Seeds::load);
                        Ok(generate(&mut Rng::for_case(seed, index), seeds))
                    }
                    Job::File(text) => Input::from_file_text(&text),
                    Job::Warm => {
                        seeds.get_or_insert_with(Seeds::load);
                        Err(String::new())
                    }
                };
                let outcome = match input {
                    Err(warm) if warm.is_empty() => Ok(()),
                    input => input.and_then(|input| run(&input)),
                };
                if result_sender.send(outcome).is_err() {
                    return;
                }
            }
        })
        .expect("spawn the expansion thread");
    let mut out = std::io::stdout().lock();
    let mut check = |index: u64, job: Job| {
        writeln!(out, "S {index}")
            .and_then(|()| out.flush())
            .expect("report");
        sender.send(job).expect("hand over the input");
        let outcome = match results.recv_timeout(HANG_LIMIT) {
            Ok(outcome) => outcome,
            Err(_) => Err("hang".to_owned()),
        };
        if let Err(outcome) = &outcome {
            let outcome = outcome.replace('\n', " ");
            writeln!(out, "F {index} {outcome}")
                .and_then(|()| out.flush())
                .expect("report");
        }
        if outcome.as_ref().is_err_and(|o| o == "hang") {
            // The expansion thread cannot be stopped; the parent restarts after this input.
            std::process::exit(3);
        }
    };
    match words.as_slice() {
        ["regression", file] => {
            let text = std::fs::read_to_string(file).expect("read the regression file");
            check(0, Job::File(text));
        }
        ["fuzz", seed, run_ms] => {
            let seed: u64 = seed.parse().expect("seed");
            let run_ms: u128 = run_ms.parse().expect("run time");
            // Load the seeds before asking which case to start at (see `fuzz`).
            sender.send(Job::Warm).expect("hand over the warm-up");
            results
                .recv()
                .expect("the expansion thread loads the seeds")
                .expect("loading the seeds cannot fail");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .expect("read the first case number");
            // `first deadline`, the deadline 0 when the run's time has not started yet: then
            // it starts now, and the parent is told when it ends.
            let mut words = line.split_whitespace().map(str::parse::<u128>);
            let (Some(Ok(first)), Some(Ok(deadline))) = (words.next(), words.next()) else {
                // Stopped as an unused standby.
                return;
            };
            let first = first as u64;
            let deadline_ms = if deadline == 0 {
                let deadline = now_ms() + run_ms;
                // The same stdout as `check`'s (its lock is reentrant).
                let mut report = std::io::stdout().lock();
                writeln!(report, "T {deadline}")
                    .and_then(|()| report.flush())
                    .expect("report");
                deadline
            } else {
                deadline
            };
            for index in first.. {
                if now_ms() >= deadline_ms {
                    break;
                }
                check(index, Job::Case { seed, index });
            }
            println!("D");
        }
        _ => panic!("bad {CHILD_VARIABLE}={spec:?}"),
    }
}

/// Milliseconds since the epoch.
fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after the epoch")
        .as_millis()
}

/// Expands one input; `Err` says how it failed.
fn run(input: &Input) -> Result<(), String> {
    let tokens = input.tokens.clone();
    let target = input.target;
    let output = panic::catch_unwind(AssertUnwindSafe(|| match target {
        Target::Query => expand_query(tokens),
        Target::Schema => expand_schema_in(tokens, Path::new(env!("CARGO_MANIFEST_DIR"))),
        Target::Derive => expand_derive_from_row(tokens),
        Target::RowShape => expand_row_shape(tokens),
    }))
    .map_err(|panic| format!("panic: {}", repository::panic_text(&panic)))?;
    // What the macro emits is compiled as Rust; it must at least parse as Rust: an
    // expression where `query!` holds SQL, items where it names a statement
    // (`pub mod name { SQL }`, the only form whose SQL starts with `#`, `pub` or `mod`), and
    // where a derive stands.
    let parsed = match target {
        Target::Query if names_a_statement(&input.tokens) => {
            syn::parse2::<syn::File>(output).map(drop)
        }
        Target::Query => syn::parse2::<syn::Expr>(output).map(drop),
        Target::Schema | Target::Derive | Target::RowShape => {
            syn::parse2::<syn::File>(output).map(drop)
        }
    };
    parsed.map_err(|e| format!("the expansion is not Rust: {e}"))
}

/// Whether a `query!` input (`[{fields}] [schema] [path] ...`) is a named statement.
fn names_a_statement(tokens: &proc_macro2::TokenStream) -> bool {
    let mut tokens = tokens.clone().into_iter().peekable();
    // A target struct's fields, sent back by its shape macro, come first.
    if matches!(tokens.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace) {
        tokens.next();
    }
    match tokens.nth(2) {
        Some(proc_macro2::TokenTree::Punct(punct)) => punct.as_char() == '#',
        Some(proc_macro2::TokenTree::Ident(ident)) => ident == "pub" || ident == "mod",
        _ => false,
    }
}

/// What mutations start from.
struct Seeds {
    /// `[schema] [path]` and the SQL of every statement of the repository.
    statements: Vec<(Vec<TokenTree>, TokenStream)>,
    /// Every `schema!` input of the repository that expands.
    schemas: Vec<TokenStream>,
    /// Atoms to insert: keywords, names from the schemas, literals, punctuation.
    atoms: Vec<Vec<Tree>>,
    /// [`TABLE_CLAUSES`], lexed once.
    clauses: Vec<Vec<Tree>>,
    /// The words [`shape`] builds statements from, lexed once.
    words: Vec<(&'static str, Vec<Tree>)>,
}

impl Seeds {
    fn load() -> Seeds {
        let corpus = repository::load();
        let statements = corpus
            .statement_inputs()
            .into_iter()
            .map(|(forwarded, sql)| {
                (
                    forwarded.into_iter().map(resolve_dollar_crate).collect(),
                    sql,
                )
            })
            .collect::<Vec<_>>();
        let schemas: Vec<TokenStream> = corpus
            .schemas
            .iter()
            .zip(&corpus.expanded)
            .filter(|(_, expanded)| expanded.is_ok())
            .map(|(schema, _)| schema.input.clone())
            .collect();
        let mut atoms: Vec<Vec<Tree>> = ATOMS.iter().map(|text| trees(text)).collect();
        // A few of the schemas' own names, so mutations keep resolving.
        for (_, sql) in statements.iter().take(40) {
            for token in sql.clone() {
                if let TokenTree::Ident(ident) = token {
                    atoms.push(vec![Tree::Leaf(TokenTree::Ident(ident))]);
                }
            }
        }
        let words = SHAPE_WORDS.iter().map(|w| (*w, trees(w))).collect();
        let clauses = TABLE_CLAUSES.iter().map(|c| trees(c)).collect();
        Seeds {
            statements,
            schemas,
            atoms,
            clauses,
            words,
        }
    }

    /// One of [`SHAPE_WORDS`], lexed.
    fn word(&self, text: &str) -> Vec<Tree> {
        self.words
            .iter()
            .find(|(w, _)| *w == text)
            .map(|(_, trees)| trees.clone())
            .unwrap_or_else(|| panic!("{text:?} is not in SHAPE_WORDS"))
    }
}

/// What [`shape`] is made of.
const SHAPE_WORDS: &[&str] = &[
    "",
    "1",
    "77",
    "-",
    "+ 1",
    "NOT",
    "TRUE",
    "SELECT",
    "CASE WHEN TRUE THEN",
    "END",
    "UNION SELECT 1",
    "coalesce",
    "pub mod fuzzed",
];

/// `$crate` as `macro_rules!` leaves it for the expansion: one identifier, so the expansion
/// parses as Rust (`$ crate` is two tokens no parser takes).
fn resolve_dollar_crate(token: TokenTree) -> TokenTree {
    let TokenTree::Group(group) = token else {
        return token;
    };
    let mut tokens: Vec<TokenTree> = Vec::new();
    for token in group.stream() {
        let is_crate = matches!(&token, TokenTree::Ident(ident) if ident == "crate");
        match tokens.last() {
            Some(TokenTree::Punct(dollar)) if is_crate && dollar.as_char() == '$' => {
                tokens.pop();
            }
            _ => {}
        }
        tokens.push(resolve_dollar_crate(token));
    }
    let mut resolved = Group::new(group.delimiter(), tokens.into_iter().collect());
    resolved.set_span(group.span());
    TokenTree::Group(resolved)
}

/// SQL words, literals and punctuation the mutator inserts.
const ATOMS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "JOIN",
    "LEFT",
    "RIGHT",
    "FULL",
    "OUTER",
    "INNER",
    "CROSS",
    "ON",
    "USING",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "ASC",
    "DESC",
    "NULLS",
    "FIRST",
    "LAST",
    "LIMIT",
    "OFFSET",
    "UNION",
    "ALL",
    "INTERSECT",
    "EXCEPT",
    "DISTINCT",
    "AS",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "AND",
    "OR",
    "NOT",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "IN",
    "LIKE",
    "ESCAPE",
    "BETWEEN",
    "EXISTS",
    "CAST",
    "INSERT",
    "INTO",
    "VALUES",
    "UPDATE",
    "SET",
    "DELETE",
    "RETURNING",
    "WITH",
    "RECURSIVE",
    "DEFAULT",
    "PRIMARY KEY",
    "PRIMARY KEY ()",
    "REFERENCES",
    "UNIQUE",
    "NOT NULL",
    "table",
    "mod",
    "pub",
    "count",
    "sum",
    "max",
    "coalesce",
    "*",
    ",",
    ".",
    ";",
    ":",
    "::",
    "+",
    "-",
    "- -",
    "/",
    "%",
    "=",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "||",
    "!",
    "?",
    "@",
    "#",
    "&",
    "|",
    "^",
    "~",
    "$",
    "=>",
    "->",
    "..",
    "0",
    "1",
    "-1",
    "77",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "1.5",
    "1e308",
    "0.0",
    "\"text\"",
    "\"\"",
    "\"it's\"",
    "'c'",
    "b\"bytes\"",
    "1u8",
    "1_000",
    "r\"raw\"",
    ":name",
    "{value}",
    "{}",
    "()",
    "[]",
    "INTEGER",
    "TEXT",
    "VARCHAR(3)",
    "NUMERIC(10, 2)",
    "BOOLEAN",
    "__sqlmint_end_of_statement",
    "r#type",
    "_",
];

/// Columns and table-level clauses, well-formed and not, inserted between the clauses of a
/// table body so mutations get past the grammar to the schema's checks.
const TABLE_CLAUSES: &[&str] = &[
    "PRIMARY KEY () ,",
    "PRIMARY KEY (id) ,",
    "PRIMARY KEY (id, id) ,",
    "UNIQUE () ,",
    "UNIQUE (id, id) ,",
    "FOREIGN KEY () REFERENCES t () ,",
    "FOREIGN KEY (id) REFERENCES nowhere (id) ,",
    "FOREIGN KEY (id) REFERENCES t (id, id) ,",
    "id : INTEGER ,",
    "x : INTEGER PRIMARY KEY AUTOINCREMENT ,",
    "y : VARCHAR (0) ,",
    "z : NUMERIC (99, 100) ,",
    "w : TEXT DEFAULT ,",
    "v : INTEGER REFERENCES v (v) ,",
    "u : INTEGER NOT NULL NULL DEFAULT NULL ,",
    "a : TEXT [] [] ,",
];

/// A token tree whose groups can be edited in place.
#[derive(Debug, Clone)]
enum Tree {
    Leaf(TokenTree),
    Group(Delimiter, Vec<Tree>),
}

fn trees(text: &str) -> Vec<Tree> {
    to_trees(text.parse().expect("an atom lexes"))
}

fn to_trees(tokens: TokenStream) -> Vec<Tree> {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => Tree::Group(group.delimiter(), to_trees(group.stream())),
            other => Tree::Leaf(other),
        })
        .collect()
}

fn to_tokens(trees: &[Tree]) -> TokenStream {
    trees
        .iter()
        .map(|tree| match tree {
            Tree::Leaf(token) => token.clone(),
            Tree::Group(delimiter, inner) => {
                TokenTree::Group(Group::new(*delimiter, to_tokens(inner)))
            }
        })
        .collect()
}

/// Input `i`'s generator state in, one input out.
fn generate(rng: &mut Rng, seeds: &Seeds) -> Input {
    let choice = rng.below(100);
    if choice < 62 && !seeds.statements.is_empty() {
        let (forwarded, sql) = rng.pick(&seeds.statements);
        let mut sql = to_trees(sql.clone());
        for _ in 0..rng.between(1, 4) {
            mutate(rng, &mut sql, seeds);
        }
        let mut forwarded = forwarded.clone();
        if rng.one_in(10) {
            if let Some(TokenTree::Group(schema)) = forwarded.first() {
                let mut inner = to_trees(schema.stream());
                mutate(rng, &mut inner, seeds);
                forwarded[0] = TokenTree::Group(Group::new(Delimiter::Bracket, to_tokens(&inner)));
            }
        }
        let mut tokens: TokenStream = forwarded.into_iter().collect();
        if rng.one_in(5)
            && !names_a_statement(&tokens.clone().into_iter().chain(to_tokens(&sql)).collect())
        {
            return into_struct(rng, seeds, tokens, sql);
        }
        tokens.extend(to_tokens(&sql));
        Input {
            target: Target::Query,
            tokens,
        }
    } else if choice < 80 && !seeds.schemas.is_empty() {
        if rng.one_in(4) {
            return derive_input(rng, seeds);
        }
        let mut schema = to_trees(rng.pick(&seeds.schemas).clone());
        for _ in 0..rng.between(1, 4) {
            if rng.one_in(2) {
                mutate_table(rng, &mut schema, seeds);
            } else {
                mutate(rng, &mut schema, seeds);
            }
        }
        Input {
            target: Target::Schema,
            tokens: to_tokens(&schema),
        }
    } else if choice < 90 && !seeds.statements.is_empty() {
        let (forwarded, _) = rng.pick(&seeds.statements);
        let mut tokens: TokenStream = forwarded.iter().cloned().collect();
        tokens.extend(to_tokens(&shape(rng, seeds)));
        Input {
            target: Target::Query,
            tokens,
        }
    } else {
        let random = random_trees(rng, seeds, 0);
        if rng.one_in(2) && !seeds.statements.is_empty() {
            let (forwarded, _) = rng.pick(&seeds.statements);
            let mut tokens: TokenStream = forwarded.iter().cloned().collect();
            tokens.extend(to_tokens(&random));
            Input {
                target: Target::Query,
                tokens,
            }
        } else {
            let mut schema = seeds.word("pub mod fuzzed");
            schema.push(Tree::Group(Delimiter::Brace, random));
            Input {
                target: Target::Schema,
                tokens: to_tokens(&schema),
            }
        }
    }
}

/// A `query_as!` input: the statement's SQL behind `@as Target,`, often with fields in front
/// as the target's shape macro sends them back, made of the names the SQL uses and mutated.
fn into_struct(rng: &mut Rng, seeds: &Seeds, forwarded: TokenStream, sql: Vec<Tree>) -> Input {
    let mut names = Vec::new();
    collect_idents(&sql, &mut names);
    let mut tokens = TokenStream::new();
    if !rng.one_in(5) {
        let mut fields = field_trees(rng, &names, 0);
        if rng.one_in(3) {
            mutate(rng, &mut fields, seeds);
        }
        tokens.extend(to_tokens(&[Tree::Group(Delimiter::Brace, fields)]));
    }
    tokens.extend(forwarded);
    tokens.extend([
        TokenTree::Punct(Punct::new('@', Spacing::Alone)),
        TokenTree::Ident(Ident::new("as", Span::call_site())),
        TokenTree::Ident(Ident::new("Target", Span::call_site())),
        TokenTree::Punct(Punct::new(',', Spacing::Alone)),
    ]);
    tokens.extend(to_tokens(&sql));
    Input {
        target: Target::Query,
        tokens,
    }
}

/// A `#[derive(FromRow)]` input, or a `row_shape!` reply to one, built from names of the
/// repository's statements and mutated.
fn derive_input(rng: &mut Rng, seeds: &Seeds) -> Input {
    let mut names = Vec::new();
    if !seeds.statements.is_empty() {
        let (_, sql) = rng.pick(&seeds.statements);
        collect_idents(&to_trees(sql.clone()), &mut names);
    }
    let leaf = |tokens: Vec<TokenTree>| tokens.into_iter().map(Tree::Leaf).collect::<Vec<Tree>>();
    let ident = |name: &str| TokenTree::Ident(Ident::new(name, Span::call_site()));
    let punct = |c: char| TokenTree::Punct(Punct::new(c, Spacing::Alone));
    if rng.one_in(3) {
        // `{reply} [vis] [Name] {fields with a pending one}`.
        let mut trees = vec![Tree::Group(Delimiter::Brace, field_trees(rng, &names, 0))];
        trees.push(Tree::Group(Delimiter::Bracket, leaf(vec![ident("pub")])));
        trees.push(Tree::Group(Delimiter::Bracket, leaf(vec![ident("Row")])));
        let mut partial = field_trees(rng, &names, 0);
        partial.extend(leaf(vec![
            punct(','),
            ident("rest"),
            TokenTree::Punct(Punct::new('=', Spacing::Joint)),
            punct('>'),
        ]));
        partial.push(Tree::Group(
            Delimiter::Parenthesis,
            leaf(vec![ident("Rest")]),
        ));
        trees.push(Tree::Group(Delimiter::Brace, partial));
        for _ in 0..rng.between(0, 3) {
            mutate(rng, &mut trees, seeds);
        }
        return Input {
            target: Target::RowShape,
            tokens: to_tokens(&trees),
        };
    }
    let mut fields = Vec::new();
    for i in 0..rng.between(0, 6) {
        let name = names
            .get(rng.below(names.len().max(1)))
            .cloned()
            .unwrap_or_else(|| format!("f{i}"));
        let attribute = match rng.below(4) {
            0 => Some(vec![
                ident("rename"),
                punct('='),
                TokenTree::Literal(Literal::string(&name)),
            ]),
            1 => Some(vec![ident("flatten")]),
            _ => None,
        };
        if let Some(attribute) = attribute {
            fields.push(Tree::Leaf(punct('#')));
            fields.push(Tree::Group(
                Delimiter::Bracket,
                vec![
                    Tree::Leaf(ident("sqlmint")),
                    Tree::Group(Delimiter::Parenthesis, leaf(attribute)),
                ],
            ));
        }
        let field =
            field_ident(&name).unwrap_or_else(|| Ident::new(&format!("f{i}"), Span::call_site()));
        let ty = if rng.one_in(3) { "Nested" } else { "i64" };
        fields.extend(leaf(vec![
            TokenTree::Ident(field),
            punct(':'),
            ident(ty),
            punct(','),
        ]));
    }
    let mut trees = leaf(vec![ident("pub"), ident("struct"), ident("Row")]);
    trees.push(Tree::Group(Delimiter::Brace, fields));
    for _ in 0..rng.between(0, 3) {
        mutate(rng, &mut trees, seeds);
    }
    Input {
        target: Target::Derive,
        tokens: to_tokens(&trees),
    }
}

/// `{ field = "column", flattened { ... }, pending => (Path) }` entries, names from `names`.
fn field_trees(rng: &mut Rng, names: &[String], depth: usize) -> Vec<Tree> {
    let mut trees = Vec::new();
    for i in 0..rng.between(0, 5) {
        if i > 0 {
            trees.push(Tree::Leaf(TokenTree::Punct(Punct::new(
                ',',
                Spacing::Alone,
            ))));
        }
        let name = names
            .get(rng.below(names.len().max(1)))
            .and_then(|name| field_ident(name))
            .unwrap_or_else(|| Ident::new(&format!("f{i}"), Span::call_site()));
        trees.push(Tree::Leaf(TokenTree::Ident(name.clone())));
        let name = name.to_string();
        match rng.below(8) {
            0 if depth < 3 => trees.push(Tree::Group(
                Delimiter::Brace,
                field_trees(rng, names, depth + 1),
            )),
            1 => {
                trees.push(Tree::Leaf(TokenTree::Punct(Punct::new(
                    '=',
                    Spacing::Joint,
                ))));
                trees.push(Tree::Leaf(TokenTree::Punct(Punct::new(
                    '>',
                    Spacing::Alone,
                ))));
                trees.push(Tree::Group(
                    Delimiter::Parenthesis,
                    vec![Tree::Leaf(TokenTree::Ident(Ident::new(
                        "Nested",
                        Span::call_site(),
                    )))],
                ));
            }
            _ => {
                trees.push(Tree::Leaf(TokenTree::Punct(Punct::new(
                    '=',
                    Spacing::Alone,
                ))));
                trees.push(Tree::Leaf(TokenTree::Literal(Literal::string(&name))));
            }
        }
    }
    trees
}

/// `name` as a field's identifier, raw where it is a keyword; none where it is not one.
fn field_ident(name: &str) -> Option<Ident> {
    match name.strip_prefix("r#") {
        Some(raw) => syn::parse_str::<Ident>(name)
            .ok()
            .map(|_| Ident::new_raw(raw, Span::call_site())),
        None => syn::parse_str::<Ident>(name)
            .ok()
            .map(|_| Ident::new(name, Span::call_site())),
    }
}

/// Every identifier in `trees`, at any depth.
fn collect_idents(trees: &[Tree], names: &mut Vec<String>) {
    for tree in trees {
        match tree {
            Tree::Leaf(TokenTree::Ident(ident)) => names.push(ident.to_string()),
            Tree::Group(_, inner) => collect_idents(inner, names),
            Tree::Leaf(_) => {}
        }
    }
}

/// Statements with long chains and deep nestings of valid SQL, the shapes that overflow a
/// recursive parser, analyzer or renderer. Built from pre-lexed words (see [`Seeds::word`]).
fn shape(rng: &mut Rng, seeds: &Seeds) -> Vec<Tree> {
    // Deep ones are rare: each known overflow costs a restart of the child.
    let depth = if rng.one_in(12) {
        rng.between(100, 5000)
    } else {
        rng.between(1, 60)
    } as usize;
    let word = |text: &str| seeds.word(text);
    let repeat = |text: &str| -> Vec<Tree> { (0..depth).flat_map(|_| word(text)).collect() };
    let nest = |open: &str, close: &str, inner: Vec<Tree>| -> Vec<Tree> {
        (0..depth).fold(inner, |inner, _| {
            let mut group = word(open);
            group.push(Tree::Group(Delimiter::Parenthesis, inner));
            group.extend(word(close));
            group
        })
    };
    let body: Vec<Tree> = match rng.below(8) {
        0 => nest("", "", word("1")),
        1 => [repeat("-"), word("77")].concat(),
        2 => [word("1"), repeat("+ 1")].concat(),
        3 => [repeat("NOT"), word("TRUE")].concat(),
        4 => nest("", "", word("1"))
            .into_iter()
            .map(|tree| with_select(tree, seeds))
            .collect(),
        5 => [repeat("CASE WHEN TRUE THEN"), word("1"), repeat("END")].concat(),
        6 => [word("1"), repeat("UNION SELECT 1")].concat(),
        _ => nest("coalesce", "", word("1")),
    };
    [word("SELECT"), body].concat()
}

/// `(((1)))` as `(SELECT (SELECT (SELECT 1)))`.
fn with_select(tree: Tree, seeds: &Seeds) -> Tree {
    match tree {
        Tree::Group(delimiter, inner) => {
            let mut selected = seeds.word("SELECT");
            selected.extend(inner.into_iter().map(|t| with_select(t, seeds)));
            Tree::Group(delimiter, selected)
        }
        leaf => leaf,
    }
}

/// Random tokens, nesting now and then.
fn random_trees(rng: &mut Rng, seeds: &Seeds, depth: usize) -> Vec<Tree> {
    let mut trees = Vec::new();
    for _ in 0..rng.between(0, 24) {
        if depth < 6 && rng.one_in(6) {
            let delimiter =
                *rng.pick(&[Delimiter::Parenthesis, Delimiter::Brace, Delimiter::Bracket]);
            trees.push(Tree::Group(delimiter, random_trees(rng, seeds, depth + 1)));
        } else {
            trees.extend(rng.pick(&seeds.atoms).iter().cloned());
        }
    }
    trees
}

/// A clause of [`TABLE_CLAUSES`] inserted, or a clause dropped or duplicated, in a random
/// table body (a brace group inside the module's braces).
fn mutate_table(rng: &mut Rng, schema: &mut [Tree], seeds: &Seeds) {
    let Some(Tree::Group(_, module)) = schema
        .iter_mut()
        .rev()
        .find(|tree| matches!(tree, Tree::Group(Delimiter::Brace, _)))
    else {
        return;
    };
    let tables: Vec<usize> = (0..module.len())
        .filter(|&i| matches!(module[i], Tree::Group(Delimiter::Brace, _)))
        .collect();
    if tables.is_empty() {
        return;
    }
    let table = *rng.pick(&tables);
    let Tree::Group(_, body) = &mut module[table] else {
        return;
    };
    // Clause boundaries: the start and after every comma.
    let mut starts = vec![0];
    starts.extend((0..body.len()).filter_map(|i| match &body[i] {
        Tree::Leaf(TokenTree::Punct(p)) if p.as_char() == ',' => Some(i + 1),
        _ => None,
    }));
    let at = *rng.pick(&starts);
    match rng.below(4) {
        0 | 1 => {
            let clause = seeds.clauses[rng.below(seeds.clauses.len())].clone();
            body.splice(at..at, clause);
        }
        2 => {
            let end = starts
                .iter()
                .copied()
                .find(|&s| s > at)
                .unwrap_or(body.len());
            body.drain(at..end);
        }
        _ => {
            let end = starts
                .iter()
                .copied()
                .find(|&s| s > at)
                .unwrap_or(body.len());
            let clause: Vec<Tree> = body[at..end].to_vec();
            body.splice(at..at, clause);
        }
    }
}

/// One mutation, somewhere in the tree.
fn mutate(rng: &mut Rng, trees: &mut Vec<Tree>, seeds: &Seeds) {
    // Walk down into a random group now and then, so nested SQL is mutated too.
    if !rng.one_in(3) {
        let groups: Vec<usize> = (0..trees.len())
            .filter(|&i| matches!(trees[i], Tree::Group(..)))
            .collect();
        if !groups.is_empty() {
            let at = *rng.pick(&groups);
            if let Tree::Group(_, inner) = &mut trees[at] {
                mutate(rng, inner, seeds);
                return;
            }
        }
    }
    let len = trees.len();
    let at = if len == 0 { 0 } else { rng.below(len) };
    match rng.below(11) {
        0 if len > 0 => {
            trees.remove(at);
        }
        1 if len > 0 => {
            let copy = trees[at].clone();
            trees.insert(at, copy);
        }
        2 if len > 1 => {
            let other = rng.below(len);
            trees.swap(at, other);
        }
        3 if len > 0 => {
            let atom = rng.pick(&seeds.atoms).clone();
            trees.splice(at..=at, atom);
        }
        4 if len > 0 => {
            let end = at + rng.below(len - at) + 1;
            let layers = if rng.one_in(150) {
                rng.between(50, 1500)
            } else {
                rng.between(1, 3)
            };
            let mut wrapped: Vec<Tree> = trees.drain(at..end).collect();
            for _ in 0..layers {
                wrapped = vec![Tree::Group(Delimiter::Parenthesis, wrapped)];
            }
            trees.splice(at..at, wrapped);
        }
        5 if len > 0 => {
            if let Tree::Group(_, inner) = trees[at].clone() {
                trees.splice(at..=at, inner);
            }
        }
        6 if len > 0 => {
            if let Tree::Group(delimiter, _) = &mut trees[at] {
                *delimiter =
                    *rng.pick(&[Delimiter::Parenthesis, Delimiter::Brace, Delimiter::Bracket]);
            }
        }
        7 if !seeds.statements.is_empty() => {
            let (_, other) = rng.pick(&seeds.statements);
            let other = to_trees(other.clone());
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = from + rng.below(other.len() - from) + 1;
                trees.splice(at..at, other[from..to].iter().cloned());
            }
        }
        8 if len > 0 => trees.truncate(at),
        _ => {
            let atom = rng.pick(&seeds.atoms).clone();
            // Half the time just after a comma, where a clause or column may start, so
            // inserted clauses reach the checks behind the grammar.
            let commas: Vec<usize> = (0..len)
                .filter(
                    |&i| matches!(&trees[i], Tree::Leaf(TokenTree::Punct(p)) if p.as_char() == ','),
                )
                .collect();
            let at = if !commas.is_empty() && rng.one_in(2) {
                rng.pick(&commas) + 1
            } else if len == 0 {
                0
            } else {
                rng.below(len + 1)
            };
            trees.splice(at..at, atom);
        }
    }
}
