//! Schemas read from SQL migrations instead of tokens: a DDL file, or a directory of
//! migrations applied in name order, parsed with `sqlparser` and written out as the `schema!`
//! table syntax, so that one parser and one validator serve both.

use crate::model::{Schema, Table};
use proc_macro2::TokenStream;
use quote::quote;
use sqlparser::ast::{AlterTableOperation, ColumnDef, ObjectType, RenameTableNameKind, Statement};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use std::path::{Path, PathBuf};

/// Where a `schema!`'s tables came from, once [`resolve`] has read them.
#[derive(Debug)]
pub struct SchemaSource {
    /// The schema as the tokens `query!` receives: migrations written out as tables, so
    /// `query!` never reads files.
    pub tokens: TokenStream,
    /// The migration files read, for the module to track.
    pub files: Vec<String>,
}

/// Fills in the tables of `schema` from the migrations its `#[sqlmint(migrations = "...")]`
/// names, relative to `base`; a schema that names none keeps its declared tables (`input`
/// is its tokens). On failure `schema` is left with no tables, for a stub of its module.
pub fn resolve(schema: &mut Schema, input: TokenStream, base: &Path) -> syn::Result<SchemaSource> {
    let Some(location) = schema.migrations.clone() else {
        return Ok(SchemaSource {
            tokens: input,
            files: Vec::new(),
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
    let (text, files) = read(&full)
        // Paths as the user wrote them, relative to the crate's root.
        .map_err(|message| fail(message.replace(&full.display().to_string(), &written)))?;
    let tables: TokenStream = text
        .parse()
        .map_err(|e| fail(format!("the migrations produced unreadable tables: {e}")))?;
    schema.tables = syn::parse::Parser::parse2(
        |input: syn::parse::ParseStream| {
            let mut tables = Vec::new();
            while !input.is_empty() {
                tables.push(input.parse::<Table>()?);
            }
            Ok(tables)
        },
        tables.clone(),
    )?;
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
    let files = files.iter().map(|f| f.display().to_string()).collect();
    Ok(SchemaSource { tokens, files })
}

/// The schema a `schema!` input declares, its tables read from migrations (relative to
/// `base`) when it names them: what the `sqlmint` command compares a database with.
pub fn resolve_schema(input: TokenStream, base: &Path) -> syn::Result<Schema> {
    let mut schema = syn::parse2(input.clone())?;
    resolve(&mut schema, input, base)?;
    Ok(schema)
}

/// A table as the migrations leave it, kept as `schema!` text fragments.
struct MigratedTable {
    name: String,
    /// `name: TYPE OPTIONS`, in order.
    columns: Vec<(String, String)>,
    /// `PRIMARY KEY (..)`, `FOREIGN KEY (..) REFERENCES ..`, `UNIQUE (..)`.
    constraints: Vec<String>,
    /// (old name, current name) of every column renamed on the way.
    renames: Vec<(String, String)>,
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
/// the files read (to rebuild when one changes).
pub fn read(path: &Path) -> Result<(String, Vec<PathBuf>), String> {
    let files = migration_files(path)?;
    let mut tables: Vec<MigratedTable> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let statements = Parser::parse_sql(&GenericDialect {}, &text)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        for statement in statements {
            apply(&mut tables, statement).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    let mut out = String::new();
    for table in &tables {
        out.push_str(&format!("table {} {{\n", table.name));
        for (name, definition) in &table.columns {
            for (old, _) in table
                .renames
                .iter()
                .filter(|(_, new)| new.eq_ignore_ascii_case(name))
            {
                out.push_str(&format!("    #[sqlmint(renamed_from = \"{old}\")]\n"));
            }
            out.push_str(&format!("    {name}: {definition},\n"));
        }
        for constraint in &table.constraints {
            out.push_str(&format!("    {constraint},\n"));
        }
        out.push_str("}\n");
    }
    Ok((out, files))
}

fn migration_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read migrations at {}: {e}", path.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .sql files in {}", path.display()));
    }
    Ok(files)
}

fn apply(tables: &mut Vec<MigratedTable>, statement: Statement) -> Result<(), String> {
    match statement {
        Statement::CreateTable(create) => {
            let name = last_name(&create.name.to_string());
            let mut table = MigratedTable {
                name: name.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                renames: Vec::new(),
            };
            for column in &create.columns {
                table.columns.push(column_text(column)?);
            }
            for constraint in &create.constraints {
                if let Some(text) = constraint_text(&constraint.to_string()) {
                    table.constraints.push(text);
                }
            }
            tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            tables.push(table);
        }
        Statement::AlterTable(alter) => {
            let name = last_name(&alter.name.to_string());
            let index = tables
                .iter()
                .position(|t| t.name.eq_ignore_ascii_case(&name))
                .ok_or_else(|| {
                    format!("ALTER TABLE {name}: no such table in the earlier migrations")
                })?;
            for operation in alter.operations {
                let table = &mut tables[index];
                match operation {
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        table.columns.push(column_text(&column_def)?)
                    }
                    AlterTableOperation::DropColumn { column_names, .. } => {
                        for dropped in column_names {
                            table
                                .columns
                                .retain(|(c, _)| !c.eq_ignore_ascii_case(&dropped.value));
                            // A constraint on a dropped column goes with it, as in the database.
                            table.constraints.retain(|c| {
                                !constrained_columns(c)
                                    .iter()
                                    .any(|n| n.eq_ignore_ascii_case(&dropped.value))
                            });
                        }
                    }
                    AlterTableOperation::RenameColumn {
                        old_column_name,
                        new_column_name,
                    } => {
                        let column = table
                            .columns
                            .iter_mut()
                            .find(|(c, _)| c.eq_ignore_ascii_case(&old_column_name.value))
                            .ok_or_else(|| {
                                format!(
                                    "RENAME COLUMN {}: no such column in {name}",
                                    old_column_name.value
                                )
                            })?;
                        column.0.clone_from(&new_column_name.value);
                        for constraint in &mut table.constraints {
                            *constraint = rename_constrained(
                                constraint,
                                &old_column_name.value,
                                &new_column_name.value,
                            );
                        }
                        for (_, current) in table
                            .renames
                            .iter_mut()
                            .filter(|(_, c)| c.eq_ignore_ascii_case(&old_column_name.value))
                        {
                            current.clone_from(&new_column_name.value);
                        }
                        table
                            .renames
                            .push((old_column_name.value.clone(), new_column_name.value.clone()));
                    }
                    AlterTableOperation::RenameTable { table_name } => {
                        let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) =
                            table_name;
                        table.name = last_name(&new.to_string());
                    }
                    // Constraints, defaults and the rest leave names and types as they are.
                    _ => {}
                }
            }
        }
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            }
        }
        // Indexes, views, data and the like do not change what queries can name.
        _ => {}
    }
    Ok(())
}

/// `schema.table` or `"table"` → `table`.
fn last_name(name: &str) -> String {
    name.rsplit('.')
        .next()
        .unwrap_or(name)
        .trim_matches('"')
        .trim_matches('`')
        .to_owned()
}

/// `name: TYPE OPTIONS` for one column.
fn column_text(column: &ColumnDef) -> Result<(String, String), String> {
    let mut ty = column.data_type.to_string().to_ascii_uppercase();
    for (from, to) in [
        ("CHARACTER VARYING", "VARCHAR"),
        ("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"),
        ("BIGSERIAL", "BIGINT"),
        ("SMALLSERIAL", "SMALLINT"),
        ("SERIAL", "INTEGER"),
        ("DOUBLE PRECISION", "DOUBLE"),
    ] {
        ty = ty.replace(from, to);
    }
    let mut options = Vec::new();
    for option in &column.options {
        let text = option.option.to_string();
        let upper = text.to_ascii_uppercase();
        if upper.starts_with("CHECK")
            || upper.starts_with("COLLATE")
            || upper.starts_with("GENERATED")
        {
            continue;
        }
        // `REFERENCES t (c) ON DELETE ...`: the actions are the database's business.
        let text = match upper.find(" ON ") {
            Some(at) if upper.starts_with("REFERENCES") => text[..at].to_owned(),
            _ => text,
        };
        options.push(rust_strings(&text)?);
    }
    let definition = if options.is_empty() {
        ty
    } else {
        format!("{ty} {}", options.join(" "))
    };
    Ok((column.name.value.clone(), definition))
}

/// A table constraint in `schema!` syntax, or `None` for those that do not matter to queries.
fn constraint_text(text: &str) -> Option<String> {
    let mut text = text.trim().to_owned();
    if text.to_ascii_uppercase().starts_with("CONSTRAINT ") {
        // `CONSTRAINT name PRIMARY KEY (...)`: the name is not needed.
        let rest = text[11..].trim_start();
        let after_name = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
        text = after_name.trim_start().to_owned();
    }
    let upper = text.to_ascii_uppercase();
    let keep = ["PRIMARY KEY", "UNIQUE", "FOREIGN KEY"]
        .iter()
        .any(|k| upper.starts_with(k));
    if !keep {
        return None;
    }
    let text = match upper.find(" ON ") {
        Some(at) if upper.starts_with("FOREIGN KEY") => text[..at].to_owned(),
        _ => text,
    };
    Some(text)
}

/// The columns a table constraint applies to: its first parenthesized list.
fn constrained_columns(constraint: &str) -> Vec<String> {
    let Some(open) = constraint.find('(') else {
        return Vec::new();
    };
    let close = constraint[open..]
        .find(')')
        .map_or(constraint.len(), |i| open + i);
    constraint[open + 1..close]
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect()
}

/// The constraint with column `old` of its first list renamed to `new`.
fn rename_constrained(constraint: &str, old: &str, new: &str) -> String {
    let Some(open) = constraint.find('(') else {
        return constraint.to_owned();
    };
    let close = constraint[open..]
        .find(')')
        .map_or(constraint.len(), |i| open + i);
    let columns: Vec<String> = constraint[open + 1..close]
        .split(',')
        .map(|c| {
            if c.trim().eq_ignore_ascii_case(old) {
                new.to_owned()
            } else {
                c.trim().to_owned()
            }
        })
        .collect();
    format!(
        "{}({}){}",
        &constraint[..open],
        columns.join(", "),
        &constraint[close.min(constraint.len())..].trim_start_matches(')')
    )
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
mod tests {
    use super::*;

    fn schema_of(dir: &Path) -> crate::model::Schema {
        let (tables, _) = read(dir).unwrap_or_else(|e| panic!("{e}"));
        syn::parse_str(&format!("pub mod db {{ {tables} }}"))
            .unwrap_or_else(|e| panic!("{e}:\n{tables}"))
    }

    fn write(dir: &Path, name: &str, sql: &str) {
        std::fs::write(dir.join(name), sql).expect("write a migration");
    }

    /// `${NAME}` is an environment variable; the rest of the path is taken as written.
    #[test]
    fn paths_expand_environment_variables() {
        let home = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
        assert_eq!(
            expand_variables("${CARGO_MANIFEST_DIR}/migrations"),
            Ok(format!("{home}/migrations"))
        );
        assert_eq!(expand_variables("migrations"), Ok("migrations".to_owned()));
        assert_eq!(
            expand_variables("${SQLMINT_NO_SUCH_VARIABLE}/m"),
            Err("`${SQLMINT_NO_SUCH_VARIABLE}` in `${SQLMINT_NO_SUCH_VARIABLE}/m` names an environment variable that is not set".to_owned())
        );
        assert_eq!(
            expand_variables("${OUT_DIR/m"),
            Err("`${` without its `}` in `${OUT_DIR/m`".to_owned())
        );
    }

    #[test]
    fn migrations_apply_in_name_order() {
        let dir = std::env::temp_dir().join(format!("sqlmint-migrations-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        write(
            &dir,
            "001_create.sql",
            "CREATE TABLE user_account (id INTEGER PRIMARY KEY, name VARCHAR(30) NOT NULL, fullname TEXT DEFAULT 'x''y');
             CREATE TABLE address (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
                                   email_address CHARACTER VARYING(200) NOT NULL, CONSTRAINT one UNIQUE (email_address));
             CREATE INDEX address_user ON address (user_id);
             CREATE TABLE scratch (id INTEGER);",
        );
        write(
            &dir,
            "002_change.sql",
            "ALTER TABLE user_account RENAME COLUMN fullname TO display_name;
             ALTER TABLE user_account ADD COLUMN created TIMESTAMP WITH TIME ZONE;
             ALTER TABLE address DROP COLUMN email_address;
             DROP TABLE scratch;",
        );
        let schema = schema_of(&dir);
        schema.validate().expect("a valid schema");
        let names: Vec<&str> = schema.tables.iter().map(|t| t.name.name.as_str()).collect();
        assert_eq!(names, ["user_account", "address"]);
        let user = schema.table("user_account").expect("user_account");
        let columns: Vec<&str> = user.columns.iter().map(|c| c.name.name.as_str()).collect();
        assert_eq!(columns, ["id", "name", "display_name", "created"]);
        assert_eq!(user.columns[2].renamed_from, ["fullname"]);
        assert_eq!(user.columns[3].ty, crate::types::SqlType::TimestampTz);
        let address = schema.table("address").expect("address");
        assert_eq!(address.columns.len(), 2);
        assert_eq!(address.foreign_keys[0].foreign_table.name, "user_account");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let dir =
            std::env::temp_dir().join(format!("sqlmint-bad-migration-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        write(
            &dir,
            "001.sql",
            "CREATE TABLE t (id INTEGER);\nCREATE TABEL u (id INTEGER);",
        );
        let error = read(&dir).expect_err("an error");
        assert!(
            error.contains("001.sql") && error.contains("Line: 2"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
