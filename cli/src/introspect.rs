//! Reads a live database back as a `schema!` block: the tables, columns, types, NOT NULL,
//! primary and foreign keys the catalog reports, spelled as `schema!` spells them.
//!
//! A catalog type `schema!` has no name for (PostgreSQL's `inet`, SQLite's `NVARCHAR(10)`)
//! is printed as TEXT with a `// note:` line above the column, and reported as a warning;
//! so is a type that reads back as a different catalog type (`json` becomes JSON, which
//! `schema!` creates as `jsonb`), since `sqlmint check` will report that column until the
//! two agree. Defaults and UNIQUE constraints are not read: the catalog queries the runtime
//! shares do not return them.

use crate::target::Database;
use crate::{Error, Result};
use sqlmint::verify::LiveTable;
use sqlmint_schema::dialect::Dialect;
use sqlmint_schema::render::type_names::{catalog_name, sql_type_from_catalog};
use sqlmint_schema::types::SqlType;
use std::fmt::Write;

/// A live database's tables with their primary keys, which `LiveTable` does not carry.
#[derive(Debug, Clone)]
pub struct LiveSchema {
    /// The dialect whose catalog named the types.
    pub dialect: Dialect,
    /// The tables, as `Inspect::live_tables` read them.
    pub tables: Vec<LiveTable>,
    /// Each table's primary key columns, in key order (tables without one are absent).
    pub primary_keys: Vec<(String, Vec<String>)>,
}

impl LiveSchema {
    fn primary_key(&self, table: &str) -> &[String] {
        self.primary_keys
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(table))
            .map_or(&[], |(_, columns)| columns.as_slice())
    }
}

/// Reads the tables and primary keys of `database`, consuming the connection.
pub fn read(database: Database) -> Result<LiveSchema> {
    let tables = database.live_tables()?;
    let cannot = |e: sqlmint::Error| Error::new(format!("cannot read the primary keys: {e}"));
    match database {
        Database::Sqlite(conn) => {
            let mut primary_keys = Vec::new();
            let mut statement = conn
                .driver()
                .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
                .map_err(|e| cannot(e.into()))?;
            for table in &tables {
                let columns = statement
                    .query_map([&table.name], |row| row.get::<_, String>(0))
                    .and_then(Iterator::collect::<rusqlite::Result<Vec<String>>>)
                    .map_err(|e| cannot(e.into()))?;
                if !columns.is_empty() {
                    primary_keys.push((table.name.clone(), columns));
                }
            }
            Ok(LiveSchema {
                dialect: Dialect::Sqlite,
                tables,
                primary_keys,
            })
        }
        Database::Postgres(conn) => {
            let mut client = conn.into_driver();
            let rows = client
                .query(
                    "SELECT c.relname::text, \
                            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) \
                                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num \
                                  ORDER BY u.ord) \
                     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
                     JOIN pg_namespace n ON n.oid = k.connamespace \
                     WHERE k.contype = 'p' AND n.nspname = current_schema()",
                    &[],
                )
                .map_err(|e| cannot(e.into()))?;
            let primary_keys = rows
                .iter()
                .map(|row| -> sqlmint::Result<(String, Vec<String>)> {
                    Ok((row.try_get(0)?, row.try_get(1)?))
                })
                .collect::<sqlmint::Result<_>>()
                .map_err(cannot)?;
            Ok(LiveSchema {
                dialect: Dialect::Postgres,
                tables,
                primary_keys,
            })
        }
        Database::MySql(conn) => {
            use sqlmint::mysql::driver::prelude::Queryable;
            let mut driver = conn.into_driver();
            let rows: Vec<(String, String)> = driver
                .query(
                    "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
                     WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' \
                     ORDER BY TABLE_NAME, ORDINAL_POSITION",
                )
                .map_err(|e| cannot(e.into()))?;
            let mut primary_keys: Vec<(String, Vec<String>)> = Vec::new();
            for (table, column) in rows {
                match primary_keys.last_mut() {
                    Some((last, columns)) if *last == table => columns.push(column),
                    _ => primary_keys.push((table, vec![column])),
                }
            }
            Ok(LiveSchema {
                dialect: Dialect::MySql,
                tables,
                primary_keys,
            })
        }
    }
}

/// The printed block, and the warnings for columns it could not describe exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// `sqlmint::schema! { pub mod <module> { ... } }`.
    pub text: String,
    /// One line per column whose type was not read back exactly.
    pub warnings: Vec<String>,
}

/// Writes `live` as a `schema!` block declaring module `module`.
pub fn print(live: &LiveSchema, module: &str) -> Result<Printed> {
    check_name(module, "module")?;
    let mut text = String::new();
    let mut warnings = Vec::new();
    let _ = writeln!(text, "sqlmint::schema! {{\n    pub mod {module} {{");
    for (i, table) in live.tables.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        print_table(live, table, &mut text, &mut warnings)?;
    }
    text.push_str("    }\n}\n");
    Ok(Printed { text, warnings })
}

fn print_table(
    live: &LiveSchema,
    table: &LiveTable,
    text: &mut String,
    warnings: &mut Vec<String>,
) -> Result<()> {
    check_name(&table.name, "table")?;
    let primary_key = live.primary_key(&table.name);
    let inline_key = primary_key.len() == 1;
    // Single-column foreign keys go on their column, the first one per column; the rest
    // become table-level constraints.
    let mut inline_references: Vec<(String, String)> = Vec::new();
    let mut table_constraints = Vec::new();
    if primary_key.len() > 1 {
        table_constraints.push(format!("PRIMARY KEY ({})", primary_key.join(", ")));
    }
    for key in &table.foreign_keys {
        let references = if key.references.is_empty() {
            // SQLite leaves the referenced columns out when they are the primary key.
            live.primary_key(&key.table).to_vec()
        } else {
            key.references.clone()
        };
        if references.len() != key.columns.len() {
            return Err(Error::new(format!(
                "cannot read the foreign key `{}({})` -> `{}`: its referenced columns are unknown",
                table.name,
                key.columns.join(", "),
                key.table
            )));
        }
        let already_inline = inline_references
            .iter()
            .any(|(column, _)| key.columns.len() == 1 && *column == key.columns[0]);
        if key.columns.len() == 1 && !already_inline {
            inline_references.push((
                key.columns[0].clone(),
                format!("REFERENCES {}({})", key.table, references[0]),
            ));
        } else {
            table_constraints.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                key.columns.join(", "),
                key.table,
                references.join(", ")
            ));
        }
    }
    let _ = writeln!(text, "        table {} {{", table.name);
    for column in &table.columns {
        check_name(&column.name, "column")?;
        let is_key = inline_key && primary_key[0].eq_ignore_ascii_case(&column.name);
        let (ty, note) = schema_type(&column.catalog_type, live.dialect, is_key);
        if let Some(note) = note {
            let _ = writeln!(text, "            // note: {note}");
            warnings.push(format!("`{}.{}`: {note}", table.name, column.name));
        }
        let mut line = format!("{}: {}", column.name, ty.display());
        if is_key {
            line.push_str(" PRIMARY KEY");
        } else if !column.nullable {
            line.push_str(" NOT NULL");
        }
        if let Some((_, references)) = inline_references.iter().find(|(c, _)| *c == column.name) {
            line.push(' ');
            line.push_str(references);
        }
        let _ = writeln!(text, "            {line},");
    }
    for constraint in table_constraints {
        let _ = writeln!(text, "            {constraint},");
    }
    text.push_str("        }\n");
    Ok(())
}

/// The `schema!` type for a live catalog type, and a note when it is not an exact match:
/// unknown types read as TEXT, and types whose declared form would be created differently.
pub fn schema_type(
    catalog: &str,
    dialect: Dialect,
    primary_key: bool,
) -> (SqlType, Option<String>) {
    let Some(ty) = sql_type_from_catalog(catalog, dialect) else {
        return (
            SqlType::Text,
            Some(format!(
                "the database's type `{catalog}` has no schema! name; read as TEXT"
            )),
        );
    };
    // A primary key is an auto key when it is an integer, as `Table::is_auto_key` says.
    let declared = catalog_name(ty, primary_key && ty.is_integer(), dialect);
    let note = (!declared.eq_ignore_ascii_case(catalog)).then(|| {
        format!(
            "the database has `{catalog}`; {} is created as `{declared}`",
            ty.display()
        )
    });
    (ty, note)
}

/// Refuses names `schema!` cannot spell (it reads Rust identifiers).
fn check_name(name: &str, what: &str) -> Result<()> {
    let mut chars = name.chars();
    let spellable = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if spellable {
        Ok(())
    } else {
        Err(Error::new(format!(
            "the {what} `{name}` cannot be written in schema!, which takes names made of \
             letters, digits and `_`; rename it or leave it out of the database schema"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_types_that_read_back_differently() {
        let (ty, note) = schema_type("json", Dialect::Postgres, false);
        assert_eq!(ty, SqlType::Json);
        assert!(note.unwrap().contains("created as `jsonb`"));
        assert_eq!(schema_type("jsonb", Dialect::Postgres, false).1, None);
        assert_eq!(schema_type("INTEGER", Dialect::Sqlite, true).1, None);
        let (ty, note) = schema_type("inet", Dialect::Postgres, false);
        assert_eq!(ty, SqlType::Text);
        assert!(note.unwrap().contains("read as TEXT"));
    }
}
