//! Schemas read from SQL migrations instead of tokens: a DDL file, or a directory of
//! migrations applied in name order, parsed with `sqlparser` and written out as the `schema!`
//! table syntax, so that one parser and one validator serve both.

use crate::dialect::Dialect;
use crate::model::Schema;
use proc_macro2::TokenStream;
use quote::quote;
use sqlmint_core::{Direction, MigrationFileName};
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, AlterType, AlterTypeAddValuePosition,
    AlterTypeOperation, ColumnDef, ColumnOption, Expr, ForeignKeyConstraint, GeneratedAs,
    ObjectType, RenameTableNameKind, Spanned, Statement, TableConstraint,
    UserDefinedTypeRepresentation,
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

/// A table as the migrations leave it, kept as `schema!` text fragments.
struct MigratedTable {
    name: String,
    /// Its columns, in order.
    columns: Vec<MigratedColumn>,
    /// Its constraints but a one-column PRIMARY KEY, each by the name the database gives it.
    constraints: Vec<MigratedConstraint>,
    /// (old name, current name) of every column renamed on the way.
    renames: Vec<(String, String)>,
    /// For a view, its query in `schema!` syntax (its columns are the query's).
    view: Option<String>,
}

/// An enum type as the migrations leave it: `CREATE TYPE name AS ENUM (...)`.
struct MigratedEnum {
    name: String,
    labels: Vec<String>,
}

/// Everything the migrations have declared so far.
#[derive(Default)]
struct Migrated {
    enums: Vec<MigratedEnum>,
    tables: Vec<MigratedTable>,
}

/// A column as the migrations leave it.
struct MigratedColumn {
    name: String,
    /// Its type, as `schema!` names it.
    ty: String,
    /// `NOT NULL`, `PRIMARY KEY`, `DEFAULT ...`, `AUTOINCREMENT`, in `schema!` syntax.
    options: Vec<String>,
    /// Which databases fill it, as this file makes them: `#[sqlmint(generated(..))]`.
    generated: Option<String>,
}

/// `PRIMARY KEY (..)`, `UNIQUE (..)`, `FOREIGN KEY (..) REFERENCES ..` or `CHECK (..)`, in
/// `schema!` syntax, with the name `DROP CONSTRAINT` finds it by: as written, or as
/// PostgreSQL names an unnamed one (`post_pkey`, `post_slug_key`, `post_author_id_fkey`,
/// `post_check`).
struct MigratedConstraint {
    name: String,
    text: String,
    /// The columns it is on, by current name: it goes when one of them is dropped.
    columns: Vec<String>,
}

impl MigratedColumn {
    fn definition(&self) -> String {
        let mut text = self.ty.clone();
        for option in &self.options {
            text.push(' ');
            text.push_str(option);
        }
        text
    }
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

/// The enums, tables and views as `schema!` items.
fn tables_text(migrated: &Migrated) -> String {
    let mut out = String::new();
    for enumeration in &migrated.enums {
        let labels: Vec<String> = enumeration
            .labels
            .iter()
            .map(|l| format!("{l:?}"))
            .collect();
        out.push_str(&format!(
            "enum {} {{ {} }}\n",
            enumeration.name,
            labels.join(", ")
        ));
    }
    for table in &migrated.tables {
        if let Some(query) = &table.view {
            out.push_str(&format!("view {} {{ {query} }}\n", table.name));
            continue;
        }
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
            out.push_str(&format!("    {}: {},\n", column.name, column.definition()));
        }
        for constraint in &table.constraints {
            out.push_str(&format!("    {},\n", constraint.text));
        }
        out.push_str("}\n");
    }
    out
}

/// The tables parsed and validated as `schema!` would: every mistake, in one message.
fn check_tables(migrated: &Migrated) -> Result<(), String> {
    let text = format!("mod migrated {{ {} }}", tables_text(migrated));
    let messages = |error: syn::Error| {
        let all: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        all.join("; ")
    };
    let schema: Schema = syn::parse_str(&text).map_err(messages)?;
    schema.validate().map_err(messages)
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

fn apply(migrated: &mut Migrated, statement: Statement) -> Result<(), String> {
    let find = |tables: &[MigratedTable], name: &str| {
        tables
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(name))
    };
    let enums = &mut migrated.enums;
    let tables = &mut migrated.tables;
    match statement {
        Statement::CreateType {
            name,
            representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
        } => {
            let name = last_name(&name.to_string());
            if enums.iter().any(|e| e.name.eq_ignore_ascii_case(&name)) {
                return Err(format!("CREATE TYPE {name}: the type exists"));
            }
            enums.push(MigratedEnum {
                name,
                labels: labels.into_iter().map(|l| l.value).collect(),
            });
        }
        Statement::AlterType(AlterType { name, operation }) => {
            let name = last_name(&name.to_string());
            let enumeration = enums
                .iter_mut()
                .find(|e| e.name.eq_ignore_ascii_case(&name))
                .ok_or_else(|| format!("ALTER TYPE {name}: no enum type of that name"))?;
            alter_enum(enumeration, operation)?;
        }
        Statement::Drop {
            object_type: ObjectType::Type,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                enums.retain(|e| !e.name.eq_ignore_ascii_case(&name));
            }
        }
        Statement::CreateTable(create) => {
            let name = last_name(&create.name.to_string());
            if create.if_not_exists && find(tables, &name).is_some() {
                return Ok(());
            }
            let mut table = MigratedTable {
                name: name.clone(),
                columns: Vec::new(),
                constraints: Vec::new(),
                renames: Vec::new(),
                view: None,
            };
            let key = single_primary_key(&create);
            for column in &create.columns {
                let is_key = key
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&column.name.value));
                let (migrated, constraints) =
                    column_text(&name, column, is_key, !create.without_rowid)?;
                table.columns.push(migrated);
                table.constraints.extend(constraints);
            }
            for constraint in &create.constraints {
                table
                    .constraints
                    .extend(table_constraint(&name, constraint)?);
            }
            tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            tables.push(table);
        }
        Statement::AlterTable(alter) => {
            let name = last_name(&alter.name.to_string());
            let index = find(tables, &name).ok_or_else(|| {
                format!("ALTER TABLE {name}: no such table in the earlier migrations")
            })?;
            for operation in alter.operations {
                alter_table(tables, index, operation)?;
            }
        }
        Statement::CreateView(create) => {
            let name = last_name(&create.name.to_string());
            if !create.columns.is_empty() {
                return Err(format!(
                    "CREATE VIEW {name} (columns): name the columns with AS in its query instead"
                ));
            }
            if find(tables, &name).is_some() && !create.or_replace {
                if create.if_not_exists {
                    return Ok(());
                }
                return Err(format!(
                    "CREATE VIEW {name}: a table or view of that name exists"
                ));
            }
            tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            tables.push(MigratedTable {
                name,
                columns: Vec::new(),
                constraints: Vec::new(),
                renames: Vec::new(),
                view: Some(rust_strings(&create.query.to_string())?),
            });
        }
        Statement::Drop {
            object_type: ObjectType::Table | ObjectType::View,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                tables.retain(|t| !t.name.eq_ignore_ascii_case(&name));
            }
        }
        // A unique index is a key an upsert's ON CONFLICT may name; other indexes change
        // nothing a query can say.
        Statement::CreateIndex(create) if create.unique => {
            let table_name = last_name(&create.table_name.to_string());
            let index = find(tables, &table_name).ok_or_else(|| {
                format!("CREATE INDEX: no table {table_name} in the earlier migrations")
            })?;
            let columns = index_columns(&create.columns);
            let name = create.name.as_ref().map_or_else(
                || format!("{table_name}_{}_idx", columns.join("_")),
                |n| last_name(&n.to_string()),
            );
            let table = &mut tables[index];
            if create.if_not_exists && table.constraints.iter().any(|c| c.name == name) {
                return Ok(());
            }
            table.constraints.push(MigratedConstraint {
                name,
                text: format!("UNIQUE ({})", columns.join(", ")),
                columns,
            });
        }
        Statement::Drop {
            object_type: ObjectType::Index,
            names,
            ..
        } => {
            for name in names {
                let name = last_name(&name.to_string());
                for table in tables.iter_mut() {
                    table
                        .constraints
                        .retain(|c| !c.name.eq_ignore_ascii_case(&name));
                }
            }
        }
        // Data, grants and the like do not change what queries can name.
        _ => {}
    }
    Ok(())
}

/// `ALTER TYPE name ADD VALUE | RENAME VALUE | RENAME TO` of an enum.
fn alter_enum(enumeration: &mut MigratedEnum, operation: AlterTypeOperation) -> Result<(), String> {
    let name = enumeration.name.clone();
    let position = |labels: &[String], label: &str| {
        labels
            .iter()
            .position(|l| l == label)
            .ok_or_else(|| format!("ALTER TYPE {name}: no label {label:?}"))
    };
    match operation {
        AlterTypeOperation::AddValue(added) => {
            let label = added.value.value;
            if enumeration.labels.contains(&label) {
                if added.if_not_exists {
                    return Ok(());
                }
                return Err(format!("ALTER TYPE {name}: {label:?} is already a label"));
            }
            let at = match &added.position {
                Some(AlterTypeAddValuePosition::Before(next)) => {
                    position(&enumeration.labels, &next.value)?
                }
                Some(AlterTypeAddValuePosition::After(previous)) => {
                    position(&enumeration.labels, &previous.value)? + 1
                }
                None => enumeration.labels.len(),
            };
            enumeration.labels.insert(at, label);
        }
        AlterTypeOperation::RenameValue(renamed) => {
            let at = position(&enumeration.labels, &renamed.from.value)?;
            enumeration.labels[at] = renamed.to.value;
        }
        AlterTypeOperation::Rename(renamed) => {
            enumeration.name = last_name(&renamed.new_name.to_string());
        }
    }
    Ok(())
}

/// One operation of an `ALTER TABLE` on `tables[index]`.
fn alter_table(
    tables: &mut [MigratedTable],
    index: usize,
    operation: AlterTableOperation,
) -> Result<(), String> {
    let table = &mut tables[index];
    let name = table.name.clone();
    let column_index = |table: &MigratedTable, column: &str| {
        table
            .columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(column))
            .ok_or_else(|| format!("no column {column} in {}", table.name))
    };
    match operation {
        AlterTableOperation::AddColumn { column_def, .. } => {
            let (column, constraints) = column_text(&name, &column_def, false, true)?;
            table.columns.push(column);
            table.constraints.extend(constraints);
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            for dropped in column_names {
                let at = column_index(table, &dropped.value)?;
                table.columns.remove(at);
                // A constraint on a dropped column goes with it, as in the database.
                table.constraints.retain(|c| {
                    !c.columns
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(&dropped.value))
                });
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (&old_column_name.value, &new_column_name.value);
            let at = column_index(table, old)?;
            table.columns[at].name.clone_from(new);
            for constraint in &mut table.constraints {
                constraint.text = rename_word(&constraint.text, old, new);
                for column in &mut constraint.columns {
                    if column.eq_ignore_ascii_case(old) {
                        column.clone_from(new);
                    }
                }
            }
            for (_, current) in table
                .renames
                .iter_mut()
                .filter(|(_, c)| c.eq_ignore_ascii_case(old))
            {
                current.clone_from(new);
            }
            table.renames.push((old.clone(), new.clone()));
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let at = column_index(table, &column_name.value)?;
            let column = &mut table.columns[at];
            let is_default = |o: &String| o.starts_with("DEFAULT ");
            match op {
                AlterColumnOperation::SetNotNull => {
                    if !column.options.iter().any(|o| o == "NOT NULL") {
                        column.options.push("NOT NULL".to_owned());
                    }
                }
                AlterColumnOperation::DropNotNull => column.options.retain(|o| o != "NOT NULL"),
                AlterColumnOperation::SetDefault { value } => {
                    column.options.retain(|o| !is_default(o));
                    column.options.push(default_text(&value)?);
                }
                AlterColumnOperation::DropDefault => column.options.retain(|o| !is_default(o)),
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    column.ty = schema_type_name(&data_type.to_string().to_ascii_uppercase());
                }
                other => return Err(format!("ALTER COLUMN {other} is not supported")),
            }
        }
        AlterTableOperation::AddConstraint { constraint, .. } => {
            let added = table_constraint(&name, &constraint)?;
            table.constraints.extend(added);
        }
        AlterTableOperation::DropConstraint {
            name: dropped,
            if_exists,
            ..
        } => {
            let before = table.constraints.len();
            table
                .constraints
                .retain(|c| !c.name.eq_ignore_ascii_case(&dropped.value));
            if before == table.constraints.len() && !if_exists {
                let names: Vec<String> = table.constraints.iter().map(|c| c.name.clone()).collect();
                return Err(format!(
                    "DROP CONSTRAINT {}: {name} has no constraint of that name; it has {}",
                    dropped.value,
                    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
                ));
            }
        }
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
            let new = last_name(&new.to_string());
            table.name.clone_from(&new);
            // Foreign keys follow the table, in the database as here.
            for other in tables.iter_mut() {
                for constraint in &mut other.constraints {
                    constraint.text = rename_referenced(&constraint.text, &name, &new);
                }
            }
        }
        other => {
            return Err(format!(
                "ALTER TABLE ... {other} is not supported; write the table's new shape with the operations sqlmint reads (ADD/DROP/RENAME COLUMN, ALTER COLUMN, ADD/DROP CONSTRAINT, RENAME TO)"
            ))
        }
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

/// The column names of an index or key: `(a, b DESC)` → `a`, `b`.
fn index_columns(columns: &[sqlparser::ast::IndexColumn]) -> Vec<String> {
    columns
        .iter()
        .map(|c| last_name(&c.column.expr.to_string()))
        .collect()
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
            keys.extend(index_columns(&key.columns));
        }
    }
    match keys.as_slice() {
        [key] => Some(key.clone()),
        _ => None,
    }
}

/// A declared type as `schema!` names it.
fn schema_type_name(declared: &str) -> String {
    let mut ty = declared.to_owned();
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
    ty
}

/// `DEFAULT value` in `schema!` syntax: a constant or CURRENT_TIMESTAMP/CURRENT_DATE as
/// written, anything else in parentheses, for `schema!` to check and render per dialect.
fn default_text(value: &Expr) -> Result<String, String> {
    let text = value.to_string();
    let upper = text.to_ascii_uppercase();
    let constant = matches!(value, Expr::Value(_))
        || matches!(value, Expr::UnaryOp { expr, .. } if matches!(**expr, Expr::Value(_)))
        || ["CURRENT_TIMESTAMP", "CURRENT_DATE"].contains(&upper.as_str());
    let text = if constant { text } else { format!("({text})") };
    Ok(format!("DEFAULT {}", rust_strings(&text)?))
}

/// `REFERENCES table (columns) [ON DELETE ..] [ON UPDATE ..]` in `schema!` syntax.
fn references_text(key: &ForeignKeyConstraint) -> String {
    let columns: Vec<String> = key
        .referred_columns
        .iter()
        .map(|c| c.value.clone())
        .collect();
    let mut text = format!(
        "REFERENCES {} ({})",
        last_name(&key.foreign_table.to_string()),
        columns.join(", ")
    );
    for (clause, action) in [("ON DELETE", &key.on_delete), ("ON UPDATE", &key.on_update)] {
        if let Some(action) = action {
            text.push_str(&format!(" {clause} {action}"));
        }
    }
    text
}

/// The column as `schema!` reads it, and the constraints written on it (UNIQUE, REFERENCES,
/// CHECK), kept as the table's so `DROP CONSTRAINT` finds them. `single_key` says it is the
/// one column of its table's primary key, which SQLite makes the rowid when its type is
/// exactly `INTEGER` and the table has one (`rowid_table`).
fn column_text(
    table: &str,
    column: &ColumnDef,
    single_key: bool,
    rowid_table: bool,
) -> Result<(MigratedColumn, Vec<MigratedConstraint>), String> {
    let name = column.name.value.clone();
    let declared = column.data_type.to_string().to_ascii_uppercase();
    let ty = schema_type_name(&declared);
    // Which database fills the column when an INSERT leaves it out, as each would apply
    // this very file.
    let mut by = [false; Dialect::COUNT];
    let mut always = false;
    by[Dialect::Sqlite.index()] = single_key && rowid_table && declared == "INTEGER";
    by[Dialect::Postgres.index()] =
        ["SERIAL", "BIGSERIAL", "SMALLSERIAL"].contains(&declared.as_str());
    let mut options = Vec::new();
    let mut constraints = Vec::new();
    for option in &column.options {
        let constraint_name = option.name.as_ref().map(|n| n.value.clone());
        let on = vec![name.clone()];
        match &option.option {
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                ..
            } => {
                if generation_expr.is_some() {
                    // A computed column: every database computes it, none takes a value.
                    by = [true; Dialect::COUNT];
                    always = true;
                } else {
                    by[Dialect::Postgres.index()] = true;
                    always |= matches!(generated_as, GeneratedAs::Always);
                }
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text: Vec<String> = tokens.iter().map(ToString::to_string).collect();
                match text.join(" ").to_ascii_uppercase().as_str() {
                    "AUTO_INCREMENT" => by[Dialect::MySql.index()] = true,
                    "AUTOINCREMENT" => {
                        by[Dialect::Sqlite.index()] = true;
                        options.push("AUTOINCREMENT".to_owned());
                    }
                    other => return Err(format!("column {name}: `{other}` is not supported")),
                }
            }
            ColumnOption::Null => options.push("NULL".to_owned()),
            ColumnOption::NotNull => options.push("NOT NULL".to_owned()),
            ColumnOption::PrimaryKey(_) => options.push("PRIMARY KEY".to_owned()),
            ColumnOption::Default(value) => options.push(default_text(value)?),
            ColumnOption::Unique(_) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_key")),
                text: format!("UNIQUE ({name})"),
                columns: on,
            }),
            ColumnOption::ForeignKey(key) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_fkey")),
                text: format!("FOREIGN KEY ({name}) {}", references_text(key)),
                columns: on,
            }),
            ColumnOption::Check(check) => constraints.push(MigratedConstraint {
                name: constraint_name.unwrap_or_else(|| format!("{table}_{name}_check")),
                text: format!("CHECK ({})", rust_strings(&check.expr.to_string())?),
                columns: on,
            }),
            // Collations and comments change no type; the rest is refused by name.
            ColumnOption::Collation(_) | ColumnOption::Comment(_) => {}
            other => return Err(format!("column {name}: `{other}` is not supported")),
        }
    }
    // Said always for a one-column integer key, which `schema!` otherwise takes as filled by
    // every database.
    let integer = ["SMALLINT", "INTEGER", "INT", "BIGINT"].contains(&ty.as_str());
    let generated = (by.contains(&true) || (single_key && integer)).then(|| {
        let names: Vec<String> = Dialect::ALL
            .into_iter()
            .filter(|d| by[d.index()])
            .map(|d| d.marker_name().to_ascii_lowercase())
            .collect();
        let attribute = if always {
            "generated_always"
        } else {
            "generated"
        };
        format!("{attribute}({})", names.join(", "))
    });
    let column = MigratedColumn {
        name,
        ty,
        options,
        generated,
    };
    Ok((column, constraints))
}

/// A table constraint in `schema!` syntax, or `None` for one that changes nothing a query can
/// say (a MySQL `INDEX` among the columns).
fn table_constraint(
    table: &str,
    constraint: &TableConstraint,
) -> Result<Option<MigratedConstraint>, String> {
    let named = |name: &Option<sqlparser::ast::Ident>, default: String| {
        name.as_ref().map_or(default, |n| n.value.clone())
    };
    Ok(Some(match constraint {
        TableConstraint::PrimaryKey(key) => {
            let columns = index_columns(&key.columns);
            MigratedConstraint {
                name: named(&key.name, format!("{table}_pkey")),
                text: format!("PRIMARY KEY ({})", columns.join(", ")),
                columns,
            }
        }
        TableConstraint::Unique(key) => {
            let columns = index_columns(&key.columns);
            MigratedConstraint {
                name: named(&key.name, format!("{table}_{}_key", columns.join("_"))),
                text: format!("UNIQUE ({})", columns.join(", ")),
                columns,
            }
        }
        TableConstraint::ForeignKey(key) => {
            let columns: Vec<String> = key.columns.iter().map(|c| c.value.clone()).collect();
            MigratedConstraint {
                name: named(&key.name, format!("{table}_{}_fkey", columns.join("_"))),
                text: format!(
                    "FOREIGN KEY ({}) {}",
                    columns.join(", "),
                    references_text(key)
                ),
                columns,
            }
        }
        TableConstraint::Check(check) => {
            let condition = rust_strings(&check.expr.to_string())?;
            MigratedConstraint {
                name: named(&check.name, format!("{table}_check")),
                columns: words(&condition),
                text: format!("CHECK ({condition})"),
            }
        }
        _ => return Ok(None),
    }))
}

/// The identifiers of a condition's text, to drop a CHECK with a column it reads.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `text` with the identifier `old` (a whole word, outside strings) written `new`.
fn rename_word(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut in_string = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        if !in_string && (c.is_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str(if word.eq_ignore_ascii_case(old) {
                new
            } else {
                &word
            });
            word.clear();
        }
        if c == '"' {
            in_string = !in_string;
        }
        out.push(c);
    }
    out.pop();
    out
}

/// A constraint's `REFERENCES old (..)` written `REFERENCES new (..)`.
fn rename_referenced(text: &str, old: &str, new: &str) -> String {
    match text.find("REFERENCES ") {
        Some(at) => {
            let (head, tail) = text.split_at(at + "REFERENCES ".len());
            let end = tail.find([' ', '(']).unwrap_or(tail.len());
            if tail[..end].eq_ignore_ascii_case(old) {
                format!("{head}{new}{}", &tail[end..])
            } else {
                text.to_owned()
            }
        }
        None => text.to_owned(),
    }
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
