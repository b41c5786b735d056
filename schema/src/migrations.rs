//! Schemas read from SQL migrations instead of tokens: a DDL file, or a directory of
//! migrations applied in name order, parsed with `sqlparser` and written out as the `schema!`
//! table syntax, so that one parser and one validator serve both.

use crate::dialect::Dialect;
use crate::model::{Schema, Table};
use proc_macro2::TokenStream;
use quote::quote;
use sqlmint_core::{Direction, MigrationFileName};
use sqlparser::ast::{
    AlterTableOperation, ColumnDef, ColumnOption, GeneratedAs, ObjectType, RenameTableNameKind,
    Statement, TableConstraint,
};
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

/// A table as the migrations leave it, kept as `schema!` text fragments.
struct MigratedTable {
    name: String,
    /// `name: TYPE OPTIONS`, in order.
    columns: Vec<MigratedColumn>,
    /// `PRIMARY KEY (..)`, `FOREIGN KEY (..) REFERENCES ..`, `UNIQUE (..)`.
    constraints: Vec<String>,
    /// (old name, current name) of every column renamed on the way.
    renames: Vec<(String, String)>,
}

/// A column as the migrations leave it.
struct MigratedColumn {
    name: String,
    /// `TYPE OPTIONS` in `schema!` syntax.
    definition: String,
    /// Which databases fill it, as this file makes them: `#[sqlmint(generated(..))]`.
    generated: Option<String>,
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
    let mut tables: Vec<MigratedTable> = Vec::new();
    for file in migrations.iter().map(|m| &m.up) {
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
        for column in &table.columns {
            for (old, _) in table
                .renames
                .iter()
                .filter(|(_, new)| new.eq_ignore_ascii_case(&column.name))
            {
                out.push_str(&format!("    #[sqlmint(renamed_from = \"{old}\")]\n"));
            }
            if let Some(generated) = &column.generated {
                out.push_str(&format!("    #[sqlmint({generated})]\n"));
            }
            out.push_str(&format!("    {}: {},\n", column.name, column.definition));
        }
        for constraint in &table.constraints {
            out.push_str(&format!("    {constraint},\n"));
        }
        out.push_str("}\n");
    }
    Ok((out, migrations))
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
            let key = single_primary_key(&create);
            for column in &create.columns {
                let is_key = key
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&column.name.value));
                let rowid_table = !create.without_rowid;
                table
                    .columns
                    .push(column_text(column, is_key, rowid_table)?);
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
                        table.columns.push(column_text(&column_def, false, true)?)
                    }
                    AlterTableOperation::DropColumn { column_names, .. } => {
                        for dropped in column_names {
                            table
                                .columns
                                .retain(|c| !c.name.eq_ignore_ascii_case(&dropped.value));
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
                            .find(|c| c.name.eq_ignore_ascii_case(&old_column_name.value))
                            .ok_or_else(|| {
                                format!(
                                    "RENAME COLUMN {}: no such column in {name}",
                                    old_column_name.value
                                )
                            })?;
                        column.name.clone_from(&new_column_name.value);
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

/// The one column of a table's primary key, declared on the column or for the table.
fn single_primary_key(create: &sqlparser::ast::CreateTable) -> Option<String> {
    let mut keys: Vec<String> = create
        .columns
        .iter()
        .filter(|c| {
            c.options
                .iter()
                .any(|o| matches!(o.option, ColumnOption::PrimaryKey(_)))
        })
        .map(|c| c.name.value.clone())
        .collect();
    for constraint in &create.constraints {
        if let TableConstraint::PrimaryKey(key) = constraint {
            keys.extend(key.columns.iter().map(|c| c.to_string()));
        }
    }
    match keys.as_slice() {
        [key] => Some(last_name(key)),
        _ => None,
    }
}

/// The column as `schema!` reads it. `single_key` says it is the one column of its table's
/// primary key, which SQLite makes the rowid when its type is exactly `INTEGER` and the table
/// has one (`rowid_table`).
fn column_text(
    column: &ColumnDef,
    single_key: bool,
    rowid_table: bool,
) -> Result<MigratedColumn, String> {
    let declared = column.data_type.to_string().to_ascii_uppercase();
    let mut ty = declared.clone();
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
    // Which database fills the column when an INSERT leaves it out, as each would apply
    // this very file.
    let mut by = [false; Dialect::COUNT];
    let mut always = false;
    by[Dialect::Sqlite.index()] = single_key && rowid_table && declared == "INTEGER";
    by[Dialect::Postgres.index()] =
        ["SERIAL", "BIGSERIAL", "SMALLSERIAL"].contains(&declared.as_str());
    let mut options = Vec::new();
    for option in &column.options {
        match &option.option {
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                ..
            } => {
                let is_always = matches!(generated_as, GeneratedAs::Always);
                if generation_expr.is_some() {
                    // A computed column: every database computes it, none takes a value.
                    by = [true; Dialect::COUNT];
                    always = true;
                } else {
                    by[Dialect::Postgres.index()] = true;
                    always |= is_always;
                }
                continue;
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text: Vec<String> = tokens.iter().map(ToString::to_string).collect();
                match text.join(" ").to_ascii_uppercase().as_str() {
                    "AUTO_INCREMENT" => {
                        by[Dialect::MySql.index()] = true;
                        continue;
                    }
                    "AUTOINCREMENT" => by[Dialect::Sqlite.index()] = true,
                    _ => {}
                }
            }
            _ => {}
        }
        let text = option.option.to_string();
        let upper = text.to_ascii_uppercase();
        if upper.starts_with("CHECK") || upper.starts_with("COLLATE") {
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
        ty.clone()
    } else {
        format!("{ty} {}", options.join(" "))
    };
    // Said always for a one-column integer key, which `schema!` otherwise takes as filled by
    // every database.
    let integer = ["SMALLINT", "INTEGER", "INT", "BIGINT"].contains(&ty.as_str());
    let generated = (by.contains(&true) || (single_key && integer)).then(|| {
        let names: Vec<&str> = Dialect::ALL
            .into_iter()
            .filter(|d| by[d.index()])
            .map(|d| match d {
                Dialect::Sqlite => "sqlite",
                Dialect::Postgres => "postgres",
                Dialect::MySql => "mysql",
            })
            .collect();
        let attribute = if always {
            "generated_always"
        } else {
            "generated"
        };
        format!("{attribute}({})", names.join(", "))
    });
    Ok(MigratedColumn {
        name: column.name.value.clone(),
        definition,
        generated,
    })
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

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sqlmint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        dir
    }

    /// Finding: `BIGINT PRIMARY KEY` was taken as generated, but neither SQLite nor
    /// PostgreSQL fills it when they apply the file; each database fills different columns.
    #[test]
    fn generated_columns_are_what_each_database_makes_of_the_file() {
        let dir = temp_dir("generated");
        write(
            &dir,
            "0001_keys.sql",
            "CREATE TABLE big (id BIGINT PRIMARY KEY, x TEXT);
             CREATE TABLE rowid (id INTEGER PRIMARY KEY, x TEXT);
             CREATE TABLE rowid_later (id INTEGER NOT NULL, x TEXT, PRIMARY KEY (id));
             CREATE TABLE no_rowid (id INTEGER PRIMARY KEY, x TEXT) WITHOUT ROWID;
             CREATE TABLE serial (id BIGSERIAL PRIMARY KEY, x TEXT);
             CREATE TABLE identity (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x TEXT);
             CREATE TABLE always (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x TEXT);
             CREATE TABLE mysql (id BIGINT AUTO_INCREMENT PRIMARY KEY, x TEXT);
             CREATE TABLE auto (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT);
             CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));",
        );
        let schema = schema_of(&dir);
        schema.validate().expect("a valid schema");
        let by = |table: &str| {
            let table = schema.table(table).expect("the table");
            (
                table.generated_by(0),
                table.columns[0].generated.is_some_and(|g| g.always),
            )
        };
        let (none, sqlite, postgres, mysql) = (
            [false, false, false],
            [true, false, false],
            [false, true, false],
            [false, false, true],
        );
        assert_eq!(by("big"), (none, false));
        assert_eq!(by("rowid"), (sqlite, false));
        assert_eq!(by("rowid_later"), (sqlite, false));
        assert_eq!(by("no_rowid"), (none, false));
        assert_eq!(by("serial"), (postgres, false));
        assert_eq!(by("identity"), (postgres, false));
        assert_eq!(by("always"), (postgres, true));
        assert_eq!(by("mysql"), (mysql, false));
        assert_eq!(by("auto"), (sqlite, false));
        assert_eq!(by("pair"), (none, false));
        assert!(!schema.table("big").expect("big").may_omit(0));
    }

    #[test]
    fn reversals_pair_with_their_migration_and_bad_names_are_errors() {
        let dir = temp_dir("reversals");
        write(&dir, "0002_b.sql", "CREATE TABLE b (x INTEGER);");
        write(&dir, "0001_a.sql", "CREATE TABLE a (x INTEGER);");
        write(&dir, "0002_b.down.sql", "DROP TABLE b;");
        write(&dir, "README.md", "not a migration");
        let migrations = migration_files(&dir).expect("migrations");
        let read: Vec<(i64, &str, bool)> = migrations
            .iter()
            .map(|m| (m.version, m.description.as_str(), m.down.is_some()))
            .collect();
        assert_eq!(read, [(1, "a", false), (2, "b", true)]);
        // The reversal is not read for the schema: `b` is still there.
        assert!(schema_of(&dir).table("b").is_some());

        write(&dir, "0003_c.down.sql", "DROP TABLE c;");
        let error = migration_files(&dir).expect_err("an orphan reversal");
        assert!(
            error.ends_with("0003_c.down.sql: no migration of version 3 for it to revert"),
            "{error}"
        );
        std::fs::remove_file(dir.join("0003_c.down.sql")).expect("remove");
        write(&dir, "0001_again.sql", "");
        let error = migration_files(&dir).expect_err("a version twice");
        assert!(
            error.ends_with("have the same version 1; each migration needs its own"),
            "{error}"
        );
        std::fs::remove_file(dir.join("0001_again.sql")).expect("remove");
        write(&dir, "init.sql", "");
        let error = migration_files(&dir).expect_err("a name without a version");
        assert!(
            error.contains("init.sql: the name does not start with a version number"),
            "{error}"
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
