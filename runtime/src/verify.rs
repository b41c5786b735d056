//! Schema drift at run time: compares the schema a `schema!` block declares with the tables a
//! live database has, and reports every difference, so a deployment can refuse to start (or
//! CI can fail) before a query meets a column that is not there.

use crate::query::Dialect;
use crate::Result;
use std::borrow::Cow;
use std::fmt;

pub use sqlmint_core::{ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo};

/// A table as the live catalog has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveTable {
    /// Its name.
    pub name: String,
    /// Its columns, in order.
    pub columns: Vec<LiveColumn>,
    /// Its foreign keys.
    pub foreign_keys: Vec<LiveForeignKey>,
}

/// A foreign key as the live catalog has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveForeignKey {
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub table: String,
    /// The referenced columns; empty where SQLite leaves them implicit (the primary key).
    pub references: Vec<String>,
}

/// A column as the live catalog has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveColumn {
    /// Its name.
    pub name: String,
    /// Its type as the catalog names it.
    pub catalog_type: String,
    /// Whether it may hold NULL.
    pub nullable: bool,
}

/// A connection whose live tables can be read.
pub trait Inspect {
    /// The dialect, which decides how types are named.
    type Dialect: Dialect;

    /// Every table of the current schema (SQLite: the main database; PostgreSQL: the
    /// current schema), with columns and foreign keys.
    fn live_tables(&self) -> Result<Vec<LiveTable>>;
}

/// One difference between the declared schema and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Drift {
    /// A declared table the database does not have.
    MissingTable(String),
    /// A table the database has but the schema does not declare.
    ExtraTable(String),
    /// A declared column the table does not have.
    MissingColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A column the table has but the schema does not declare.
    ExtraColumn {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// Whether it may hold NULL (an extra NOT NULL column breaks the schema's INSERTs).
        nullable: bool,
    },
    /// A column whose type differs.
    TypeMismatch {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The declared type.
        declared: String,
        /// The live type.
        live: String,
    },
    /// A column whose nullability differs.
    NullabilityMismatch {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// Whether the schema declares it nullable.
        declared_nullable: bool,
    },
    /// A declared foreign key the database does not enforce.
    MissingForeignKey {
        /// The table.
        table: String,
        /// Its columns.
        columns: Vec<String>,
        /// The referenced table.
        references: String,
    },
}

/// Every difference found, empty when the database matches the schema.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The differences, table by table in declared order, extra tables last.
    pub drift: Vec<Drift>,
}

impl Report {
    /// Whether the database matches the schema.
    pub fn is_clean(&self) -> bool {
        self.drift.is_empty()
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::MissingTable(table) => {
                write!(f, "- table `{table}`: declared, missing from the database")
            }
            Drift::ExtraTable(table) => {
                write!(f, "+ table `{table}`: in the database, not declared")
            }
            Drift::MissingColumn { table, column } => {
                write!(
                    f,
                    "- column `{table}.{column}`: declared, missing from the database"
                )
            }
            Drift::ExtraColumn {
                table,
                column,
                nullable,
            } => write!(
                f,
                "+ column `{table}.{column}`: in the database, not declared{}",
                if *nullable {
                    ""
                } else {
                    " (NOT NULL: inserts that leave it out fail)"
                }
            ),
            Drift::TypeMismatch {
                table,
                column,
                declared,
                live,
            } => {
                write!(
                    f,
                    "~ column `{table}.{column}`: declared {declared}, the database has {live}"
                )
            }
            Drift::NullabilityMismatch {
                table,
                column,
                declared_nullable,
            } => write!(
                f,
                "~ column `{table}.{column}`: declared {}, the database has it {}",
                if *declared_nullable {
                    "nullable"
                } else {
                    "NOT NULL"
                },
                if *declared_nullable {
                    "NOT NULL"
                } else {
                    "nullable"
                }
            ),
            Drift::MissingForeignKey {
                table,
                columns,
                references,
            } => write!(
                f,
                "- foreign key `{table}({})` -> `{references}`: declared, not in the database",
                columns.join(", ")
            ),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.drift.is_empty() {
            return f.write_str("the database matches the schema");
        }
        writeln!(
            f,
            "the database differs from the schema in {} place(s):",
            self.drift.len()
        )?;
        for drift in &self.drift {
            writeln!(f, "  {drift}")?;
        }
        Ok(())
    }
}

/// Compares `schema` with the tables `executor` reads from its database.
pub fn verify<E: Inspect + ?Sized>(executor: &E, schema: &SchemaInfo) -> Result<Report> {
    let live = executor.live_tables()?;
    Ok(compare::<E::Dialect>(schema, &live))
}

/// The comparison itself, for a catalog already read from a database of dialect `D`, whose
/// names for the column types it compares (`ColumnInfo::catalog_types`).
pub fn compare<D: Dialect>(schema: &SchemaInfo, live: &[LiveTable]) -> Report {
    let mut drift = Vec::new();
    let find = |name: &str| live.iter().find(|t| t.name.eq_ignore_ascii_case(name));
    for table in schema.tables.iter() {
        let Some(live_table) = find(&table.name) else {
            drift.push(Drift::MissingTable(table.name.to_string()));
            continue;
        };
        for column in table.columns.iter() {
            let Some(live_column) = live_table
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(&column.name))
            else {
                drift.push(Drift::MissingColumn {
                    table: table.name.to_string(),
                    column: column.name.to_string(),
                });
                continue;
            };
            if !column.has_type(&live_column.catalog_type, D::DIALECT) {
                drift.push(Drift::TypeMismatch {
                    table: table.name.to_string(),
                    column: column.name.to_string(),
                    declared: column.declared_type.to_string(),
                    live: live_column.catalog_type.clone(),
                });
            }
            if column.nullable != live_column.nullable {
                drift.push(Drift::NullabilityMismatch {
                    table: table.name.to_string(),
                    column: column.name.to_string(),
                    declared_nullable: column.nullable,
                });
            }
        }
        for live_column in &live_table.columns {
            if !table
                .columns
                .iter()
                .any(|c| c.name.eq_ignore_ascii_case(&live_column.name))
            {
                drift.push(Drift::ExtraColumn {
                    table: table.name.to_string(),
                    column: live_column.name.clone(),
                    nullable: live_column.nullable,
                });
            }
        }
        for fk in table.foreign_keys.iter() {
            let enforced = live_table.foreign_keys.iter().any(|key| {
                key.table.eq_ignore_ascii_case(&fk.table)
                    && same_names(&key.columns, &fk.columns)
                    && (key.references.is_empty() || same_names(&key.references, &fk.references))
            });
            if !enforced {
                drift.push(Drift::MissingForeignKey {
                    table: table.name.to_string(),
                    columns: fk.columns.iter().map(|c| c.to_string()).collect(),
                    references: fk.table.to_string(),
                });
            }
        }
    }
    for live_table in live {
        if !schema
            .tables
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(&live_table.name))
        {
            drift.push(Drift::ExtraTable(live_table.name.clone()));
        }
    }
    Report { drift }
}

fn same_names(live: &[String], declared: &[Cow<'static, str>]) -> bool {
    live.len() == declared.len()
        && live
            .iter()
            .zip(declared)
            .all(|(l, d)| l.eq_ignore_ascii_case(d))
}
