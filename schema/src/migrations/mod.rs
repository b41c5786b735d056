//! Schemas read from SQL migrations instead of tokens: a DDL file, or a directory of
//! migrations applied in name order, parsed with `sqlparser` and written out as the `schema!`
//! table syntax, so that one parser and one validator serve both.

use crate::model::Schema;
use proc_macro2::TokenStream;
use quote::quote;
use sqlmint_core::{Direction, MigrationFileName};
use sqlparser::ast::Spanned;
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use std::path::{Path, PathBuf};

mod apply;
mod columns;
mod model;

use apply::apply;
use model::{check_tables, tables_text, Migrated};

/// Where a `schema!`'s tables came from, once [`resolve`] has read them.
#[derive(Debug)]
pub struct SchemaSource {
    /// The schema as the tokens `query!` receives: migrations written out as tables, so
    /// `query!` never reads files.
    pub tokens: TokenStream,
    /// The migration files read, for the module to track.
    pub files: Vec<String>,
    /// The migrations of a directory, in version order, for the module to embed.
    pub migrations: Vec<MigrationFile>,
}

/// One migration of a directory: its version, and its forward file and reversal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    /// The version its name starts with.
    pub version: i64,
    /// The rest of its name (`create_users`).
    pub description: String,
    /// The file that applies it.
    pub up: PathBuf,
    /// The `.down.sql` file that reverts it, if there is one.
    pub down: Option<PathBuf>,
}

/// Fills in the tables of `schema` from the migrations its `#[sqlmint(migrations = "...")]`
/// names, relative to `base`; a schema that names none keeps its declared tables (`input`
/// is its tokens). On failure `schema` is left with no tables, for a stub of its module.
pub fn resolve(schema: &mut Schema, input: TokenStream, base: &Path) -> syn::Result<SchemaSource> {
    let Some(location) = schema.migrations.clone() else {
        return Ok(SchemaSource {
            tokens: input,
            files: Vec::new(),
            migrations: Vec::new(),
        });
    };
    let fail = |message: String| syn::Error::new(location.span(), message);
    if !schema.tables.is_empty() {
        return Err(fail(
            "declare the tables either in the module or in migrations, not both".to_owned(),
        ));
    }
    let written = location.value();
    let relative = expand_variables(&written).map_err(fail)?;
    let full = base.join(&relative);
    let (text, migrations) = read(&full)
        // Paths as the user wrote them, relative to the crate's root.
        .map_err(|message| fail(message.replace(&full.display().to_string(), &written)))?;
    let tables: TokenStream = text
        .parse()
        .map_err(|e| fail(format!("the migrations produced unreadable tables: {e}")))?;
    let Schema {
        attrs,
        vis,
        module,
        path,
        ..
    } = &*schema;
    let path = path.as_ref().map(|p| quote!(#[sqlmint(path = #p)]));
    let tokens = quote! {
        #(#attrs)*
        #path
        #vis mod #module { #tables }
    };
    // The whole module read again, as `query!` will read it: enums, tables and views.
    let location = schema.migrations.take();
    *schema = syn::parse2(tokens.clone())?;
    schema.migrations = location;
    let files = migrations
        .iter()
        .flat_map(|m| std::iter::once(&m.up).chain(&m.down))
        .map(|f| f.display().to_string())
        .collect();
    Ok(SchemaSource {
        tokens,
        files,
        migrations,
    })
}

/// The schema a `schema!` input declares, its tables read from migrations (relative to
/// `base`) when it names them: what the `sqlmint` command compares a database with.
pub fn resolve_schema(input: TokenStream, base: &Path) -> syn::Result<Schema> {
    let mut schema = syn::parse2(input.clone())?;
    resolve(&mut schema, input, base)?;
    Ok(schema)
}

/// `${NAME}` in a migrations path is the environment variable `NAME` when the macro runs
/// (`${OUT_DIR}` for migrations a build script writes); the rest is taken as written.
fn expand_variables(path: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| format!("`${{` without its `}}` in `{path}`"))?;
        let name = &after[..end];
        let value = std::env::var(name).map_err(|_| {
            format!("`${{{name}}}` in `{path}` names an environment variable that is not set")
        })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What the migrations at `path` declare: the `table ...` items of a `schema!` module, and
/// the migrations read (to embed, and to rebuild when one changes).
pub fn read(path: &Path) -> Result<(String, Vec<MigrationFile>), String> {
    let migrations = migration_files(path)?;
    let mut migrated = Migrated::default();
    for file in migrations.iter().map(|m| &m.up) {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let statements = Parser::parse_sql(&GenericDialect {}, &text)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        for statement in statements {
            let start = statement.span().start;
            let at = format!("{}:{}:{}", file.display(), start.line, start.column);
            apply(&mut migrated, statement).map_err(|e| format!("{at}: {e}"))?;
            // Each statement leaves a schema `schema!` accepts, or its error names the
            // statement, as the database applying the file would.
            check_tables(&migrated).map_err(|e| format!("{at}: {e}"))?;
        }
    }
    Ok((tables_text(&migrated), migrations))
}

/// The migrations at `path`: a single file (version 0, no reversal), or every
/// `<version>_<description>.sql` of a directory in version order, each with its `.down.sql`.
pub fn migration_files(path: &Path) -> Result<Vec<MigrationFile>, String> {
    if path.is_file() {
        let description = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        return Ok(vec![MigrationFile {
            version: 0,
            description,
            up: path.to_owned(),
            down: None,
        }]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read migrations at {}: {e}", path.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    let mut migrations: Vec<MigrationFile> = Vec::new();
    let mut downs: Vec<(i64, PathBuf)> = Vec::new();
    for path in paths {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(file_name) = file_name else { continue };
        let name = match MigrationFileName::parse(&file_name) {
            Ok(Some(name)) => name,
            Ok(None) => continue,
            Err(error) => return Err(format!("{}: {error}", path.display())),
        };
        match name.direction {
            Direction::Down => downs.push((name.version, path)),
            Direction::Up => {
                if let Some(other) = migrations.iter().find(|m| m.version == name.version) {
                    return Err(format!(
                        "{} and {} have the same version {}; each migration needs its own",
                        other.up.display(),
                        path.display(),
                        name.version
                    ));
                }
                migrations.push(MigrationFile {
                    version: name.version,
                    description: name.description.to_owned(),
                    up: path,
                    down: None,
                });
            }
        }
    }
    for (version, down) in downs {
        let Some(migration) = migrations.iter_mut().find(|m| m.version == version) else {
            return Err(format!(
                "{}: no migration of version {version} for it to revert",
                down.display()
            ));
        };
        if let Some(first) = &migration.down {
            return Err(format!(
                "{} and {} both revert version {version}",
                first.display(),
                down.display()
            ));
        }
        migration.down = Some(down);
    }
    migrations.sort_by_key(|m| m.version);
    if migrations.is_empty() {
        return Err(format!("no .sql files in {}", path.display()));
    }
    Ok(migrations)
}

/// `sql` with every single-quoted string literal written as a double-quoted Rust string
/// (`'it''s'` → `"it's"`), everything outside strings kept as written: how SQL text becomes
/// the tokens `schema!` and `query!` read (also used by the sqllogictest translator).
pub fn rust_strings(sql: &str) -> Result<String, String> {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            out.push(c);
            continue;
        }
        out.push('"');
        loop {
            match chars.next() {
                Some('\'') if chars.peek() == Some(&'\'') => {
                    chars.next();
                    out.push('\'');
                }
                Some('\'') => break,
                Some('"') => out.push_str("\\\""),
                Some('\\') => out.push_str("\\\\"),
                Some(other) => out.push(other),
                None => return Err("unterminated string literal".to_owned()),
            }
        }
        out.push('"');
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
