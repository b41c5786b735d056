//! Compares a live database with the `schema!` block in a source file (or the schema a
//! migrations directory leaves), through the same
//! `sqlmint::verify::compare` a running application calls, so the CLI and the application
//! never disagree about what counts as drift.

use crate::{Error, Result};
use sqlmint::verify::{compare, LiveTable, Report};
use sqlmint_schema::description::describe;
use sqlmint_schema::model::Schema;
use std::path::Path;
use syn::visit::Visit;

/// Reads the schema declared in `path`: the `schema!` invocation in a Rust file (the one
/// declaring `module` when there are several), or a file holding just `pub mod db { ... }`.
pub fn load_schema(path: &Path, module: Option<&str>) -> Result<Schema> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            kind => kind.to_string(),
        };
        Error::new(format!("cannot read {}: {why}", path.display()))
    })?;
    let base = crate_root(path);
    let schema = parse_schema_in(&text, module, &base).map_err(|e| match e {
        Found::Syntax(error) => Error::new(located(path, &error)),
        Found::Other(message) => Error::new(format!("{}: {message}", path.display())),
    })?;
    schema
        .validate()
        .map_err(|error| Error::new(located(path, &error)))?;
    Ok(schema)
}

/// The schema a migrations directory (or a single DDL file) leaves, read as
/// `#[sqlmint(migrations = "...")]` reads it.
pub fn load_migrations_schema(path: &Path) -> Result<Schema> {
    let (tables, _) = sqlmint_schema::migrations::read(path).map_err(Error::new)?;
    let schema: Schema = syn::parse_str(&format!("pub mod db {{ {tables} }}")).map_err(|e| {
        Error::new(format!(
            "{}: the migrations do not read as a schema: {e}",
            path.display()
        ))
    })?;
    schema.validate().map_err(|error| {
        let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        Error::new(format!("{}: {}", path.display(), messages.join("; ")))
    })?;
    Ok(schema)
}

/// Why no schema came out of a file.
#[derive(Debug)]
pub enum Found {
    /// The tokens are not a valid `schema!` block.
    Syntax(syn::Error),
    /// No block, or more than one and no `--module` to choose.
    Other(String),
}

/// The schema in `text`; see [`load_schema`]. Migrations it names are read relative to the
/// current directory; [`parse_schema_in`] takes another.
pub fn parse_schema(text: &str, module: Option<&str>) -> std::result::Result<Schema, Found> {
    parse_schema_in(text, module, Path::new("."))
}

/// The root of the crate `file` belongs to: the nearest directory above it holding a
/// `Cargo.toml`, which `schema!` reads migrations relative to; the file's own directory when
/// there is none.
pub fn crate_root(file: &Path) -> std::path::PathBuf {
    let directory = file.parent().unwrap_or(Path::new("."));
    let directory = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    let start = directory
        .canonicalize()
        .unwrap_or_else(|_| directory.to_owned());
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file())
        .map_or_else(|| directory.to_owned(), Path::to_path_buf)
}

/// The schema in `text`, reading the migrations a `#[sqlmint(migrations = ...)]` names
/// relative to `base` (the crate's root, as the macro does).
pub fn parse_schema_in(
    text: &str,
    module: Option<&str>,
    base: &Path,
) -> std::result::Result<Schema, Found> {
    let file = match syn::parse_file(text) {
        Ok(file) => file,
        // Not Rust: perhaps the bare module block.
        Err(_) => return syn::parse_str::<Schema>(text).map_err(Found::Syntax),
    };
    let mut finder = SchemaMacros::default();
    finder.visit_file(&file);
    if finder.found.is_empty() {
        // A bare `pub mod db { table ... }` is valid Rust only when it is empty of tables,
        // so this is mostly for files that hold a module with no invocation at all.
        return syn::parse_str::<Schema>(text).map_err(|_| {
            Found::Other(
                "no `schema!` invocation found; pass the file that declares the schema".to_owned(),
            )
        });
    }
    let mut schemas = Vec::new();
    for tokens in finder.found {
        schemas
            .push(sqlmint_schema::migrations::resolve_schema(tokens, base).map_err(Found::Syntax)?);
    }
    if let Some(module) = module {
        return schemas
            .into_iter()
            .find(|s| s.module == module)
            .ok_or_else(|| Found::Other(format!("no `schema!` declares module `{module}`")));
    }
    if schemas.len() > 1 {
        let names: Vec<String> = schemas.iter().map(|s| format!("`{}`", s.module)).collect();
        return Err(Found::Other(format!(
            "{} `schema!` invocations ({}); choose one with --module",
            schemas.len(),
            names.join(", ")
        )));
    }
    Ok(schemas.remove(0))
}

/// Collects the tokens of every macro call whose path ends in `schema`, wherever it is.
#[derive(Default)]
struct SchemaMacros {
    found: Vec<proc_macro2::TokenStream>,
}

impl<'ast> Visit<'ast> for SchemaMacros {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "schema")
        {
            self.found.push(mac.tokens.clone());
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// Every error in `error`, one per line, as `file:line:column: message`.
fn located(path: &Path, error: &syn::Error) -> String {
    error
        .clone()
        .into_iter()
        .map(|e| {
            let start = e.span().start();
            format!(
                "{}:{}:{}: {e}",
                path.display(),
                start.line,
                start.column + 1
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares `schema` with the `live` tables of a database of dialect `D`.
pub fn check<D: sqlmint::Dialect>(schema: &Schema, live: &[LiveTable]) -> Report {
    compare::<D>(&describe(schema), live)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
        //! An application's schema.
        sqlmint::schema! {
            pub mod db {
                table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL }
            }
        }
        fn main() {}
    "#;

    #[test]
    fn finds_the_schema_invocation() {
        let schema = parse_schema(FILE, None).unwrap();
        assert_eq!(schema.module, "db");
        assert_eq!(schema.tables[0].columns.len(), 2);
    }

    #[test]
    fn reads_a_bare_module_block() {
        let schema = parse_schema("pub mod db { table t { a: TEXT } }", None).unwrap();
        assert_eq!(schema.tables[0].name.name, "t");
    }

    #[test]
    fn asks_for_a_module_when_there_are_two() {
        let text = format!("{FILE}\nschema! {{ pub mod other {{ table t {{ a: TEXT }} }} }}");
        match parse_schema(&text, None) {
            Err(Found::Other(message)) => assert!(message.contains("--module"), "{message}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(parse_schema(&text, Some("other")).unwrap().module, "other");
    }

    #[test]
    fn compares_through_the_runtime() {
        let schema = parse_schema(FILE, None).unwrap();
        let live = vec![LiveTable {
            name: "user_account".to_owned(),
            columns: vec![sqlmint::verify::LiveColumn {
                name: "id".to_owned(),
                catalog_type: "INTEGER".to_owned(),
                nullable: false,
            }],
            foreign_keys: Vec::new(),
        }];
        let report = check::<sqlmint::Sqlite>(&schema, &live);
        assert_eq!(
            report.drift,
            vec![sqlmint::verify::Drift::MissingColumn {
                table: "user_account".to_owned(),
                column: "name".to_owned()
            }]
        );
    }
}
