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
//! `HARNESS-FINDINGS.md`; an entry that stops failing fails the test, so it is removed with
//! the fix. Run with `cargo test -p sqlmint-schema --test accepted_runs -- --nocapture` to see
//! the counts.

mod support;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use sqlmint_schema::analyze::Construct;
use sqlmint_schema::render::Dialect;
use sqlmint_schema::{expand_query, expand_schema_in};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use support::{Postgres, Sqlite};

/// The workspace root.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Directories whose `.rs` files are scanned, relative to the root.
const RUST_DIRECTORIES: [&str; 4] = ["src", "tests", "examples", "ui-tests/tests"];

/// Where statements are meant to be rejected, so a rejection there is no harness error.
const COMPILE_FAIL_DIRECTORY: &str = "ui-tests/tests/ui";

/// Fewer statements prepared than this on a dialect means the scan broke, not that the
/// repository lost its tests.
const FLOOR_PER_DIALECT: usize = 250;

/// A rendered statement a database is known to reject, because of a compiler bug recorded in
/// `HARNESS-FINDINGS.md`.
struct KnownFailure {
    /// The finding's heading in `HARNESS-FINDINGS.md`.
    finding: &'static str,
    /// The file the statement is in, relative to the root.
    file: &'static str,
    /// Where the database rejects it.
    dialect: Dialect,
    /// Text of the rendered SQL that identifies the statement.
    sql_contains: &'static str,
}

/// Known failures; each must still fail, or the test says to remove it.
const KNOWN_FAILURES: &[KnownFailure] = &[KnownFailure {
    finding: "N1: a text literal that is no date is accepted for a DATE column",
    file: "tests/types.rs",
    dialect: Dialect::Postgres,
    sql_contains: "VALUES ('not a date')",
}];

/// Text in which statements are looked for.
struct Document {
    /// Relative to the root.
    file: PathBuf,
    /// The file's line of the text's first line.
    first_line: usize,
    text: String,
    /// Whether the repository's build compiles this text, so every statement must be accepted.
    compiled: bool,
}

/// A `schema!` found in a document.
struct SchemaBlock {
    document: usize,
    module: String,
    input: TokenStream,
    line: usize,
}

/// A `query!` found in a document.
struct QueryCall {
    document: usize,
    /// `m` of `m::query!`.
    module: Option<String>,
    sql: TokenStream,
    line: usize,
}

/// A schema as its expansion gives it.
struct ExpandedSchema {
    /// The `[schema] [path]` the generated `query!` forwards ahead of the SQL.
    forwarded: Vec<TokenTree>,
    /// `CREATE_ALL`, per dialect.
    create_all: Vec<String>,
}

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
    let root = Path::new(ROOT);
    let documents = documents(root);
    let mut schemas = Vec::new();
    let mut queries = Vec::new();
    let mut unparsable = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        match document.text.parse::<TokenStream>() {
            Ok(tokens) => scan(tokens, index, document, &mut schemas, &mut queries),
            Err(error) if document.compiled && document.first_line == 1 => {
                unparsable.push(format!("{}: {error}", document.file.display()));
            }
            // A Markdown or doc block of pseudo-code: nothing the build compiles.
            Err(_) => {}
        }
    }
    assert!(unparsable.is_empty(), "unreadable sources: {unparsable:#?}");

    let mut problems: Vec<String> = Vec::new();
    let expanded: Vec<Option<ExpandedSchema>> = schemas
        .iter()
        .map(|schema| {
            let base = root.join(&documents[schema.document].file);
            let base = base.parent().unwrap_or(root);
            let result = expand_schema(schema, base);
            if let Err(why) = &result {
                if documents[schema.document].compiled {
                    problems.push(format!(
                        "{}:{}: schema `{}`: {why}",
                        documents[schema.document].file.display(),
                        schema.line,
                        schema.module
                    ));
                }
            }
            result.ok()
        })
        .collect();

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
        let Some(expanded_schema) = &expanded[schema] else {
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
                "known failure `{}` ({} on {:?}, SQL containing {:?}) no longer fails: remove it from KNOWN_FAILURES and HARNESS-FINDINGS.md",
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

/// Every `.rs` file of [`RUST_DIRECTORIES`] and the Rust blocks of its doc comments, and the
/// Rust blocks of `README.md` and `docs/*.md`.
fn documents(root: &Path) -> Vec<Document> {
    let mut files = Vec::new();
    for directory in RUST_DIRECTORIES {
        walk(&root.join(directory), &mut files);
    }
    files.sort();
    let mut documents = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(root)
            .expect("under the root")
            .to_path_buf();
        let text = std::fs::read_to_string(&path).expect("read a source file");
        let compiled = !relative.starts_with(COMPILE_FAIL_DIRECTORY);
        // Doc comments: `///` and `//!` lines, their prefix dropped.
        let doc_lines = text.lines().enumerate().filter_map(|(index, line)| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))?;
            Some((index + 1, rest.strip_prefix(' ').unwrap_or(rest)))
        });
        for block in code_blocks(doc_lines) {
            documents.push(Document {
                file: relative.clone(),
                first_line: block.first_line,
                text: block.text,
                compiled: compiled && block.compiled,
            });
        }
        documents.push(Document {
            file: relative,
            first_line: 1,
            text,
            compiled,
        });
    }
    let mut markdown = vec![root.join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        found.sort();
        markdown.extend(found);
    }
    for path in markdown {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let relative = path
            .strip_prefix(root)
            .expect("under the root")
            .to_path_buf();
        let lines = text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line));
        for block in code_blocks(lines) {
            documents.push(Document {
                file: relative.clone(),
                first_line: block.first_line,
                text: block.text,
                // Nothing compiles Markdown.
                compiled: false,
            });
        }
    }
    documents
}

fn walk(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// A fenced Rust code block.
struct CodeBlock {
    first_line: usize,
    text: String,
    /// Whether rustdoc compiles it (not `compile_fail`, `ignore`).
    compiled: bool,
}

/// The Rust blocks among `lines` (numbered), rustdoc's hidden `# ` lines shown.
fn code_blocks<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<CodeBlock> = None;
    for (number, line) in lines {
        let trimmed = line.trim_start();
        if let Some(tag) = trimmed.strip_prefix("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => {
                    let tags: Vec<&str> = tag
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .filter(|t| !t.is_empty())
                        .collect();
                    let rust = tags.iter().all(|t| {
                        matches!(
                            *t,
                            "rust" | "no_run" | "should_panic" | "ignore" | "compile_fail"
                        ) || t.starts_with("edition")
                    });
                    let compiled = !tags.iter().any(|t| matches!(*t, "ignore" | "compile_fail"));
                    open = Some(CodeBlock {
                        first_line: number + 1,
                        text: String::new(),
                        compiled: compiled && rust,
                    });
                    if !rust {
                        // Keep the fence open to find its end, but read none of it.
                        open.as_mut().expect("just opened").first_line = usize::MAX;
                    }
                }
            }
            continue;
        }
        if let Some(block) = &mut open {
            if block.first_line == usize::MAX {
                continue;
            }
            let shown = if trimmed == "#" {
                ""
            } else {
                trimmed.strip_prefix("# ").unwrap_or(line)
            };
            block.text.push_str(shown);
            block.text.push('\n');
        }
    }
    blocks.retain(|block| block.first_line != usize::MAX);
    blocks
}

/// Collects every `schema!` and `query!` in `tokens`, at any depth.
fn scan(
    tokens: TokenStream,
    index: usize,
    document: &Document,
    schemas: &mut Vec<SchemaBlock>,
    queries: &mut Vec<QueryCall>,
) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            scan(group.stream(), index, document, schemas, queries);
        }
        let TokenTree::Ident(name) = token else {
            continue;
        };
        let (Some(TokenTree::Punct(bang)), Some(TokenTree::Group(body))) =
            (tokens.get(at + 1), tokens.get(at + 2))
        else {
            continue;
        };
        if bang.as_char() != '!' {
            continue;
        }
        let line = document.first_line + name.span().start().line - 1;
        if name == "schema" {
            if let Some(module) = module_name(&body.stream()) {
                schemas.push(SchemaBlock {
                    document: index,
                    module,
                    input: body.stream(),
                    line,
                });
            }
        } else if name == "query" {
            let module = match at.checked_sub(3).map(|i| &tokens[i..at]) {
                Some([TokenTree::Ident(module), TokenTree::Punct(a), TokenTree::Punct(b)])
                    if a.as_char() == ':' && b.as_char() == ':' =>
                {
                    Some(module.to_string())
                }
                _ => None,
            };
            queries.push(QueryCall {
                document: index,
                module,
                sql: body.stream(),
                line,
            });
        }
    }
}

/// `m` of the `mod m { ... }` a `schema!` declares.
fn module_name(schema: &TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = schema.clone().into_iter().collect();
    tokens.windows(2).find_map(|pair| match pair {
        [TokenTree::Ident(keyword), TokenTree::Ident(name)] if keyword == "mod" => {
            Some(name.to_string())
        }
        _ => None,
    })
}

/// The schema `query` is checked against: see the module docs.
fn resolve(query: &QueryCall, documents: &[Document], schemas: &[SchemaBlock]) -> Option<usize> {
    let file = &documents[query.document].file;
    let in_document: Vec<usize> = (0..schemas.len())
        .filter(|&s| schemas[s].document == query.document)
        .collect();
    let Some(module) = &query.module else {
        return match in_document.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
    };
    let named = |s: &usize| &schemas[*s].module == module;
    if let Some(found) = in_document.iter().copied().find(named) {
        return Some(found);
    }
    let same_file: Vec<usize> = (0..schemas.len())
        .filter(|s| named(s) && documents[schemas[*s].document].file == *file)
        .collect();
    if let [only] = same_file.as_slice() {
        return Some(*only);
    }
    let same_directory: Vec<usize> = (0..schemas.len())
        .filter(|s| named(s) && documents[schemas[*s].document].file.parent() == file.parent())
        .collect();
    match same_directory.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Expands a `schema!` and reads back what its `query!` forwards and its `CREATE_ALL`.
fn expand_schema(schema: &SchemaBlock, base: &Path) -> Result<ExpandedSchema, String> {
    let input = schema.input.clone();
    let output = panic::catch_unwind(AssertUnwindSafe(|| expand_schema_in(input, base)))
        .map_err(|panic| format!("expand_schema panicked: {}", panic_text(&panic)))?;
    if let Some(error) = compile_error(&output) {
        return Err(format!("schema rejected: {error}"));
    }
    let forwarded = find_forwarded(&output).ok_or("no forwarding query! in the expansion")?;
    let create_all =
        strings_after(&output, "CREATE_ALL").ok_or("no CREATE_ALL in the expansion")?;
    Ok(ExpandedSchema {
        forwarded,
        create_all,
    })
}

/// Expands `query!` with `sql`: its SQL per dialect and the dialects it claims, or why not.
fn expand_statement(
    schema: &ExpandedSchema,
    sql: &TokenStream,
) -> Result<([String; 3], Vec<Dialect>), String> {
    let mut input: TokenStream = schema.forwarded.iter().cloned().collect();
    input.extend(sql.clone());
    let output = panic::catch_unwind(AssertUnwindSafe(|| expand_query(input)))
        .map_err(|panic| format!("expand_query panicked: {}", panic_text(&panic)))?;
    if let Some(error) = compile_error(&output) {
        return Err(format!("rejected: {error}\n    statement: {sql}"));
    }
    let texts = strings_after(&output, "SQL").ok_or("no SQL in the expansion")?;
    let texts: [String; 3] = texts
        .try_into()
        .map_err(|_| "not one SQL per dialect".to_owned())?;
    let mut excluded = Vec::new();
    markers(&output, &mut excluded);
    let dialects = Dialect::ALL
        .into_iter()
        .filter(|dialect| {
            excluded
                .iter()
                .all(|construct: &Construct| construct.supported_by(*dialect))
        })
        .collect();
    Ok((texts, dialects))
}

/// Every construct; the `match` stops compiling when one is added, so none is missed.
fn constructs() -> [Construct; 4] {
    let all = [
        Construct::FullJoin,
        Construct::DeleteUsing,
        Construct::UpdateReturning,
        Construct::ListParameter,
    ];
    for construct in all {
        match construct {
            Construct::FullJoin
            | Construct::DeleteUsing
            | Construct::UpdateReturning
            | Construct::ListParameter => {}
        }
    }
    all
}

/// The constructs named by `::sqlmint::constructs::MARKER` bounds in `tokens`.
fn markers(tokens: &TokenStream, found: &mut Vec<Construct>) {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        if let TokenTree::Group(group) = token {
            markers(&group.stream(), found);
        }
        if let (
            TokenTree::Ident(module),
            Some(TokenTree::Punct(_)),
            Some(TokenTree::Punct(_)),
            Some(TokenTree::Ident(marker)),
        ) = (
            token,
            tokens.get(at + 1),
            tokens.get(at + 2),
            tokens.get(at + 3),
        ) {
            if module == "constructs" && marker != "Supports" {
                let construct = constructs()
                    .into_iter()
                    .find(|c| marker == c.marker_name())
                    .unwrap_or_else(|| panic!("unknown construct marker {marker}"));
                if !found.contains(&construct) {
                    found.push(construct);
                }
            }
        }
    }
}

/// The message of the first `compile_error!` in `tokens`.
fn compile_error(tokens: &TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(name) if name == "compile_error" => {
                let message = tokens
                    .get(at + 2)
                    .map_or_else(String::new, |t| t.to_string());
                return Some(message);
            }
            TokenTree::Group(group) => {
                if let Some(message) = compile_error(&group.stream()) {
                    return Some(message);
                }
            }
            _ => {}
        }
    }
    None
}

/// `[schema] [path]` of the `::sqlmint::__private::query! { [schema] [path] $($sql)* }` in a
/// schema's forwarding macro.
fn find_forwarded(tokens: &TokenStream) -> Option<Vec<TokenTree>> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        if let (
            TokenTree::Ident(name),
            Some(TokenTree::Punct(bang)),
            Some(TokenTree::Group(body)),
        ) = (token, tokens.get(at + 1), tokens.get(at + 2))
        {
            if name == "query" && bang.as_char() == '!' {
                let groups: Vec<TokenTree> = body.stream().into_iter().take(2).collect();
                if groups.len() == 2
                    && groups.iter().all(
                        |g| matches!(g, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket),
                    )
                {
                    return Some(groups);
                }
            }
        }
        if let TokenTree::Group(group) = token {
            if let Some(found) = find_forwarded(&group.stream()) {
                return Some(found);
            }
        }
    }
    None
}

/// The string literals of the first `[...]` of string literals after `name` (as in
/// `const SQL: &str = ["...", "...", "..."][...]`), at any depth.
fn strings_after(tokens: &TokenStream, name: &str) -> Option<Vec<String>> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == name => {
                // Up to the `;` ending the item.
                let found = tokens[at + 1..]
                    .iter()
                    .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
                    .find_map(|t| match t {
                        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                            string_list(group)
                        }
                        _ => None,
                    });
                if found.is_some() {
                    return found;
                }
            }
            TokenTree::Group(group) => {
                if let Some(found) = strings_after(&group.stream(), name) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// `["a", "b"]` as its strings; `None` when the group holds anything else.
fn string_list(group: &Group) -> Option<Vec<String>> {
    let mut strings = Vec::new();
    for token in group.stream() {
        match token {
            TokenTree::Literal(literal) => {
                let literal: syn::LitStr = syn::parse2(TokenTree::Literal(literal).into()).ok()?;
                strings.push(literal.value());
            }
            TokenTree::Punct(p) if p.as_char() == ',' => {}
            _ => return None,
        }
    }
    (!strings.is_empty()).then_some(strings)
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a non-text panic".to_owned())
}
