//! The schema as `verify` compares it with a live database: built here, once, from the
//! model, and used both by the macro (emitted as `db::SCHEMA`) and by the `sqlmint` command.

use crate::dialect::Dialect;
use crate::model::Schema;
use crate::render::type_names::catalog_name;
pub use sqlmint_core::{ColumnInfo, ForeignKeyInfo, SchemaInfo, TableInfo};

/// The description of `schema`: every table, column (with its catalog type per dialect) and
/// foreign key, in declared order.
pub fn describe(schema: &Schema) -> SchemaInfo {
    let tables = schema
        .tables
        .iter()
        // `verify` compares tables; a view's columns are its query's.
        .filter(|table| !table.is_view())
        .map(|table| TableInfo {
            name: table.name.name.clone().into(),
            columns: table
                .columns
                .iter()
                .enumerate()
                .map(|(index, column)| ColumnInfo {
                    name: column.name.name.clone().into(),
                    catalog_types: Dialect::ALL.map(|d| {
                        catalog_name(column.ty, table.is_generated_on(index, d), d).into()
                    }),
                    declared_type: column.ty.display().into(),
                    nullable: column.nullable,
                })
                .collect(),
            foreign_keys: table
                .foreign_keys
                .iter()
                .map(|fk| ForeignKeyInfo {
                    columns: fk
                        .columns
                        .iter()
                        .map(|&c| table.columns[c].name.name.clone().into())
                        .collect(),
                    table: fk.foreign_table.name.clone().into(),
                    references: fk
                        .foreign_columns
                        .iter()
                        .map(|c| c.name.clone().into())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    SchemaInfo { tables }
}
