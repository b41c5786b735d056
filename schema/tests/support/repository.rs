//! The repository as a corpus: every `schema!` and `query!` in its sources and docs, found
//! in the token tree, and expanded through the library as the generated `query!` would.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use sqlmint_schema::analyze::Construct;
use sqlmint_schema::dialect::Dialect;
use sqlmint_schema::{expand_query, expand_schema_in};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The workspace root.
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Directories whose `.rs` files are scanned, relative to the root.
pub const RUST_DIRECTORIES: [&str; 5] =
    ["src", "tests", "examples", "ui-tests/src", "ui-tests/tests"];

/// Where statements are meant to be rejected, so a rejection there is no harness error.
pub const COMPILE_FAIL_DIRECTORY: &str = "ui-tests/tests/ui";

/// Text in which statements are looked for.
pub struct Document {
    /// Relative to the root.
    pub file: PathBuf,
    /// The file's line of the text's first line.
    pub first_line: usize,
    pub text: String,
    /// Whether the repository's build compiles this text, so every statement must be accepted.
    pub compiled: bool,
}

/// A `schema!` found in a document.
pub struct SchemaBlock {
    pub document: usize,
    pub module: String,
    pub input: TokenStream,
    pub line: usize,
}

/// A `query!` found in a document.
pub struct QueryCall {
    pub document: usize,
    /// `m` of `m::query!`.
    pub module: Option<String>,
    pub sql: TokenStream,
    pub line: usize,
}

/// A schema as its expansion gives it.
pub struct ExpandedSchema {
    /// The `[schema] [path]` the generated `query!` forwards ahead of the SQL.
    pub forwarded: Vec<TokenTree>,
    /// `CREATE_ALL`, per dialect.
    pub create_all: Vec<String>,
}

/// The repository's documents, the `schema!` and `query!` found in them, each schema expanded.
pub struct Corpus {
    pub documents: Vec<Document>,
    pub schemas: Vec<SchemaBlock>,
    pub queries: Vec<QueryCall>,
    /// Per schema, its expansion or why it has none.
    pub expanded: Vec<Result<ExpandedSchema, String>>,
    /// Source files the build compiles that do not even tokenize: the scan cannot read them.
    pub unparsable: Vec<String>,
}

/// Scans the repository under [`ROOT`].
pub fn load() -> Corpus {
    let root = Path::new(ROOT);
    // The ui-tests' migrations are named through this variable, which their runner sets.
    std::env::set_var("SQLMINT_UI_TESTS", root.join("ui-tests"));
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
    let expanded = schemas
        .iter()
        .map(|schema| {
            // As the macro reads migrations: from the root of the file's crate.
            let file = root.join(&documents[schema.document].file);
            let base = file
                .ancestors()
                .skip(1)
                .find(|dir| dir.join("Cargo.toml").is_file())
                .unwrap_or(root);
            expand_schema(schema, base)
        })
        .collect();
    Corpus {
        documents,
        schemas,
        queries,
        expanded,
        unparsable,
    }
}

impl Corpus {
    /// Every statement that has an expanded schema, as the `[schema] [path]` its `query!`
    /// forwards and its SQL tokens: valid inputs for `expand_query`.
    pub fn statement_inputs(&self) -> Vec<(Vec<TokenTree>, TokenStream)> {
        self.queries
            .iter()
            .filter(|query| !query.sql.to_string().contains('$'))
            .filter_map(|query| {
                let schema = resolve(query, &self.documents, &self.schemas)?;
                let expanded = self.expanded[schema].as_ref().ok()?;
                Some((expanded.forwarded.clone(), query.sql.clone()))
            })
            .collect()
    }
}

/// How deep `(`, `[` and `{` nest in `text`, counted on characters (strings included, which
/// only overcounts).
fn deepest_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Every `.rs` file of [`RUST_DIRECTORIES`] and the Rust blocks of its doc comments, and the
/// Rust blocks of `README.md` and `docs/*.md`.
pub fn documents(root: &Path) -> Vec<Document> {
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
        // A file nested thousands of groups deep tests the front end's nesting limit
        // (`ui-tests/tests/ui/syntax/nesting-too-deep.rs`, run by trybuild and
        // `schema/tests/nesting.rs`); walking its tokens here would need a deeper stack than
        // a test thread has, and it holds no statement the macro accepts.
        if deepest_nesting(&text) > 2 * sqlmint_schema::MAX_NESTING {
            continue;
        }
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

pub fn walk(directory: &Path, files: &mut Vec<PathBuf>) {
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
pub struct CodeBlock {
    pub first_line: usize,
    pub text: String,
    /// Whether rustdoc compiles it (not `compile_fail`, `ignore`).
    pub compiled: bool,
}

/// The Rust blocks among `lines` (numbered), rustdoc's hidden `# ` lines shown.
pub fn code_blocks<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Vec<CodeBlock> {
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
pub fn scan(
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
        } else if name == "query" || name == "query_as" {
            let module = match at.checked_sub(3).map(|i| &tokens[i..at]) {
                Some([TokenTree::Ident(module), TokenTree::Punct(a), TokenTree::Punct(b)])
                    if a.as_char() == ':' && b.as_char() == ':' =>
                {
                    Some(module.to_string())
                }
                _ => None,
            };
            // The struct a statement reads into changes none of its SQL: it is checked
            // here as the plain statement.
            let sql = if name == "query_as" {
                after_first_comma(body.stream())
            } else {
                without_target(body.stream())
            };
            queries.push(QueryCall {
                document: index,
                module,
                sql,
                line,
            });
        }
    }
}

/// `SQL` of `query_as!(Struct, SQL)`.
fn after_first_comma(tokens: TokenStream) -> TokenStream {
    let mut tokens = tokens.into_iter();
    for token in tokens.by_ref() {
        if matches!(&token, TokenTree::Punct(p) if p.as_char() == ',') {
            break;
        }
    }
    tokens.collect()
}

/// A named statement `pub mod name -> Struct { SQL }` without its `-> Struct`.
fn without_target(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let arrow = tokens.windows(2).position(|pair| {
        matches!(pair, [TokenTree::Punct(a), TokenTree::Punct(b)] if a.as_char() == '-' && b.as_char() == '>')
    });
    let body = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace));
    match (arrow, body) {
        (Some(arrow), Some(body)) if arrow < body => tokens[..arrow]
            .iter()
            .chain(&tokens[body..])
            .cloned()
            .collect(),
        _ => tokens.into_iter().collect(),
    }
}

/// `m` of the `mod m { ... }` a `schema!` declares.
pub fn module_name(schema: &TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = schema.clone().into_iter().collect();
    tokens.windows(2).find_map(|pair| match pair {
        [TokenTree::Ident(keyword), TokenTree::Ident(name)] if keyword == "mod" => {
            Some(name.to_string())
        }
        _ => None,
    })
}

/// The schema `query` is checked against: see the module docs.
pub fn resolve(
    query: &QueryCall,
    documents: &[Document],
    schemas: &[SchemaBlock],
) -> Option<usize> {
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
    if let [only] = same_directory.as_slice() {
        return Some(*only);
    }
    // A schema in a module file of its own (`tests/tutorial_schema/mod.rs`), named by the
    // query's file through that module (`use tutorial_schema::db;`).
    let text = &documents[query.document].text;
    let imported: Vec<usize> = (0..schemas.len())
        .filter(|s| named(s))
        .filter(|s| {
            let schema_file = &documents[schemas[*s].document].file;
            let module_file = if schema_file.file_stem().is_some_and(|stem| stem == "mod") {
                schema_file.parent().and_then(Path::file_name)
            } else {
                schema_file.file_stem()
            };
            module_file
                .and_then(|name| name.to_str())
                .is_some_and(|name| names_path(text, &format!("{name}::{module}")))
        })
        .collect();
    if let [only] = imported.as_slice() {
        return Some(*only);
    }
    // A schema at the root of a library crate (`ui-tests/src/lib.rs`), named by the query's
    // file through that crate (`use sqlmint_ui_tests::{blog, ...}`).
    let from_a_crate: Vec<usize> = (0..schemas.len())
        .filter(|s| named(s))
        .filter(|s| {
            let schema_file = &documents[schemas[*s].document].file;
            schema_file.ends_with("src/lib.rs")
                && crate_name(schema_file).is_some_and(|name| text.contains(&format!("{name}::")))
        })
        .collect();
    match from_a_crate.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// Whether `text` names the path `path` (`tutorial_schema::db`) as a whole, not as the end
/// of a longer name (`docs/book/src/schema.md`'s `schema::db` is not in `tutorial_schema::db`).
fn names_path(text: &str, path: &str) -> bool {
    text.match_indices(path).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The Rust name of the crate whose `src/lib.rs` is `lib`: its manifest's `name`, `-` as `_`.
fn crate_name(lib: &Path) -> Option<String> {
    let manifest = Path::new(ROOT)
        .join(lib.parent()?.parent()?)
        .join("Cargo.toml");
    let text = std::fs::read_to_string(manifest).ok()?;
    let line = text
        .lines()
        .find(|line| line.trim_start().starts_with("name"))?;
    let name = line.split('"').nth(1)?;
    Some(name.replace('-', "_"))
}

/// Expands a `schema!` and reads back what its `query!` forwards and its `CREATE_ALL`.
pub fn expand_schema(schema: &SchemaBlock, base: &Path) -> Result<ExpandedSchema, String> {
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
pub fn expand_statement(
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
pub fn constructs() -> [Construct; 11] {
    let all = [
        Construct::FullOuterJoin,
        Construct::DeleteUsing,
        Construct::UpdateReturning,
        Construct::UpdateMultiTable,
        Construct::UpsertBeyondDuplicateKey,
        Construct::WindowGroupsFrame,
        Construct::DateTrunc,
        Construct::LeavesOutAColumnSqliteDoesNotFill,
        Construct::LeavesOutAColumnPostgresDoesNotFill,
        Construct::LeavesOutAColumnMySqlDoesNotFill,
        Construct::ListParameter,
    ];
    for construct in all {
        match construct {
            Construct::FullOuterJoin
            | Construct::DeleteUsing
            | Construct::UpdateReturning
            | Construct::UpdateMultiTable
            | Construct::UpsertBeyondDuplicateKey
            | Construct::WindowGroupsFrame
            | Construct::DateTrunc
            | Construct::LeavesOutAColumnSqliteDoesNotFill
            | Construct::LeavesOutAColumnPostgresDoesNotFill
            | Construct::LeavesOutAColumnMySqlDoesNotFill
            | Construct::ListParameter => {}
        }
    }
    all
}

/// The constructs named by `::sqlmint::constructs::MARKER` bounds in `tokens`.
pub fn markers(tokens: &TokenStream, found: &mut Vec<Construct>) {
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
pub fn compile_error(tokens: &TokenStream) -> Option<String> {
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
pub fn find_forwarded(tokens: &TokenStream) -> Option<Vec<TokenTree>> {
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
pub fn strings_after(tokens: &TokenStream, name: &str) -> Option<Vec<String>> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == name => {
                // Up to the `;` ending the item.
                let found = tokens[at + 1..]
                    .iter()
                    .take_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
                    .find_map(bracketed_strings);
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

/// The first `["a", "b"]` in `token`, looking inside parentheses so that a list passed to a
/// function (`for_dialect::<D, _>(&[...])`) is found as well as a bare one.
fn bracketed_strings(token: &TokenTree) -> Option<Vec<String>> {
    match token {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => string_list(group),
        TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => group
            .stream()
            .into_iter()
            .find_map(|t| bracketed_strings(&t)),
        _ => None,
    }
}

/// `["a", "b"]` as its strings; `None` when the group holds anything else.
pub fn string_list(group: &Group) -> Option<Vec<String>> {
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

pub fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a non-text panic".to_owned())
}
