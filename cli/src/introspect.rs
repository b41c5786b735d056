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
use sqlmint_schema::model::Schema;
use sqlmint_schema::render::catalog_type;
use sqlmint_schema::types::{ArrayElement, SqlType};
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
    let Some(ty) = parse_catalog_type(catalog) else {
        return (
            SqlType::Text,
            Some(format!(
                "the database's type `{catalog}` has no schema! name; read as TEXT"
            )),
        );
    };
    let declared = catalog_type_of(ty, dialect, primary_key);
    let note = (!declared.eq_ignore_ascii_case(catalog)).then(|| {
        format!(
            "the database has `{catalog}`; {} is created as `{declared}`",
            ty.display()
        )
    });
    (ty, note)
}

/// What the catalog would call a column declared `ty`, via the same `catalog_type` that
/// `sqlmint check` compares with.
fn catalog_type_of(ty: SqlType, dialect: Dialect, primary_key: bool) -> String {
    let key = if primary_key { " PRIMARY KEY" } else { "" };
    let text = format!("pub mod m {{ table t {{ c: {}{key} }} }}", ty.display());
    match syn::parse_str::<Schema>(&text) {
        Ok(schema) => catalog_type(&schema.tables[0], 0, dialect),
        Err(_) => String::new(),
    }
}

/// Reads a catalog's type name: SQLite's declared text (`VARCHAR(30)`, `NUMERIC(10, 2)`)
/// or PostgreSQL's `format_type` (`character varying(30)`, `integer[]`).
pub fn parse_catalog_type(catalog: &str) -> Option<SqlType> {
    let text = catalog.trim();
    let (text, array) = match text.strip_suffix("[]") {
        Some(element) => (element.trim_end(), true),
        None => (text, false),
    };
    // Arguments may sit mid-name: `timestamp(3) without time zone`.
    let (name, arguments) = match (text.find('('), text.find(')')) {
        (Some(open), Some(close)) if open < close => {
            let arguments = text[open + 1..close]
                .split(',')
                .map(|n| n.trim().parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            (
                format!("{} {}", &text[..open], &text[close + 1..]),
                arguments,
            )
        }
        (None, None) => (text.to_owned(), Vec::new()),
        _ => return None,
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let ty = match name.to_ascii_lowercase().as_str() {
        "double precision" => SqlType::Double,
        "character varying" => SqlType::Varchar(None),
        "timestamp without time zone" => SqlType::Timestamp,
        "timestamp with time zone" => SqlType::TimestampTz,
        single if !single.contains(' ') => SqlType::from_name(single)?,
        _ => return None,
    };
    let ty = match (ty, arguments.as_slice()) {
        (ty, []) => ty,
        (SqlType::Varchar(_), [n]) => SqlType::Varchar(Some(*n)),
        (SqlType::Numeric(_), [p]) => SqlType::Numeric(Some((*p, 0))),
        (SqlType::Numeric(_), [p, s]) => SqlType::Numeric(Some((*p, *s))),
        _ => return None,
    };
    if array {
        ArrayElement::of(ty).map(SqlType::Array)
    } else {
        Some(ty)
    }
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

    fn display(catalog: &str) -> Option<String> {
        parse_catalog_type(catalog).map(SqlType::display)
    }

    #[test]
    fn reads_sqlite_declared_types() {
        assert_eq!(display("VARCHAR(30)").as_deref(), Some("VARCHAR(30)"));
        assert_eq!(display("NUMERIC(10, 2)").as_deref(), Some("NUMERIC(10, 2)"));
        assert_eq!(display("integer").as_deref(), Some("INTEGER"));
        assert_eq!(display("DOUBLE PRECISION").as_deref(), Some("DOUBLE"));
        assert_eq!(display("NVARCHAR(10)"), None);
        assert_eq!(display(""), None);
    }

    #[test]
    fn reads_postgres_format_type_names() {
        for (catalog, declared) in [
            ("integer", "INTEGER"),
            ("bigint", "BIGINT"),
            ("smallint", "SMALLINT"),
            ("real", "REAL"),
            ("double precision", "DOUBLE"),
            ("numeric(10,2)", "NUMERIC(10, 2)"),
            ("numeric", "NUMERIC"),
            ("text", "TEXT"),
            ("character varying(30)", "VARCHAR(30)"),
            ("boolean", "BOOLEAN"),
            ("bytea", "BLOB"),
            ("date", "DATE"),
            ("timestamp without time zone", "TIMESTAMP"),
            ("timestamp with time zone", "TIMESTAMPTZ"),
            ("uuid", "UUID"),
            ("jsonb", "JSON"),
            ("json", "JSON"),
            ("integer[]", "INTEGER[]"),
            ("text[]", "TEXT[]"),
        ] {
            assert_eq!(display(catalog).as_deref(), Some(declared), "{catalog}");
        }
        assert_eq!(display("inet"), None);
        assert_eq!(display("bytea[]"), None);
        assert_eq!(display("timestamp(3) without time zone"), None);
    }

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
