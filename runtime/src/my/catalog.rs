//! What `verify` reads from MariaDB and MySQL: the current database's tables, their columns
//! and foreign keys, from `information_schema`, each column's type named as sqlmint's MySQL
//! DDL names it (`INT`, not the catalog's `int(11)`).

use crate::verify::{LiveColumn, LiveForeignKey, LiveTable};

/// Every column of the current database's tables: table, column, `DATA_TYPE`, `COLUMN_TYPE`,
/// `IS_NULLABLE`, in table and column order.
pub(crate) const COLUMNS: &str =
    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE \
     FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
       ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
     WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' \
     ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION";

/// Every foreign key column of the current database: table, constraint, column, referenced
/// table, referenced column, a key's columns in order.
pub(crate) const FOREIGN_KEYS: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, \
            REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME \
     FROM information_schema.KEY_COLUMN_USAGE \
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

/// One row of [`COLUMNS`] or of [`FOREIGN_KEYS`]: five strings.
pub(crate) type CatalogRow = (String, String, String, String, String);

/// The tables that the rows of [`COLUMNS`] and [`FOREIGN_KEYS`] describe, without the
/// migration runner's bookkeeping table.
pub(crate) fn live_tables(columns: Vec<CatalogRow>, keys: Vec<CatalogRow>) -> Vec<LiveTable> {
    let mut tables: Vec<LiveTable> = Vec::new();
    for (table, name, data_type, column_type, nullable) in columns {
        let column = LiveColumn {
            name,
            catalog_type: ddl_type(&data_type, &column_type),
            nullable: nullable == "YES",
        };
        match tables.last_mut() {
            Some(last) if last.name == table => last.columns.push(column),
            _ => tables.push(LiveTable {
                name: table,
                columns: vec![column],
                foreign_keys: Vec::new(),
            }),
        }
    }
    let mut last_key: Option<(String, String)> = None;
    for (table, constraint, column, referenced_table, referenced_column) in keys {
        let Some(owner) = tables.iter_mut().find(|t| t.name == table) else {
            continue;
        };
        let same_key = last_key.as_ref() == Some(&(table.clone(), constraint.clone()));
        match owner.foreign_keys.last_mut() {
            Some(key) if same_key => {
                key.columns.push(column);
                key.references.push(referenced_column);
            }
            _ => owner.foreign_keys.push(LiveForeignKey {
                columns: vec![column],
                table: referenced_table,
                references: vec![referenced_column],
            }),
        }
        last_key = Some((table, constraint));
    }
    // The migration runner's bookkeeping is not the application's schema.
    tables.retain(|t| t.name != crate::migrate::TABLE);
    tables
}

/// A column's type as sqlmint's MySQL DDL writes it, from the catalog's `DATA_TYPE` (`int`)
/// and `COLUMN_TYPE` (`int(11)`): integers without their display width, `tinyint(1)` as
/// BOOLEAN (which MySQL stores it as), `double` for REAL (which MariaDB stores as DOUBLE),
/// `longtext` as JSON (MariaDB's JSON is a LONGTEXT checked by `json_valid`), `decimal(10,2)`
/// as `NUMERIC(10, 2)`; the rest as the catalog has it, in upper case.
fn ddl_type(data_type: &str, column_type: &str) -> String {
    let unsigned = column_type.to_ascii_lowercase().contains("unsigned");
    let base = match data_type.to_ascii_lowercase().as_str() {
        "tinyint" if column_type.eq_ignore_ascii_case("tinyint(1)") => "BOOLEAN".to_owned(),
        "int" | "integer" | "mediumint" => "INTEGER".to_owned(),
        "smallint" => "SMALLINT".to_owned(),
        "bigint" => "BIGINT".to_owned(),
        "tinyint" => "TINYINT".to_owned(),
        "longtext" => "JSON".to_owned(),
        // `decimal(10,2)`, as the DDL writes it: NUMERIC(10, 2).
        "decimal" | "numeric" => match column_type.find('(') {
            Some(open) => format!(
                "NUMERIC{}",
                column_type[open..]
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .replace(',', ", ")
            ),
            None => "NUMERIC".to_owned(),
        },
        _ => return column_type.to_ascii_uppercase(),
    };
    if unsigned {
        format!("{base} UNSIGNED")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalog_types_read_as_ddl_names() {
        for (data_type, column_type, ddl) in [
            ("int", "int(11)", "INTEGER"),
            ("bigint", "bigint(20)", "BIGINT"),
            ("bigint", "bigint(20) unsigned", "BIGINT UNSIGNED"),
            ("tinyint", "tinyint(1)", "BOOLEAN"),
            ("tinyint", "tinyint(4)", "TINYINT"),
            ("longtext", "longtext", "JSON"),
            ("varchar", "varchar(30)", "VARCHAR(30)"),
            ("decimal", "decimal(10,2)", "NUMERIC(10, 2)"),
            (
                "decimal",
                "decimal(10,2) unsigned",
                "NUMERIC(10, 2) UNSIGNED",
            ),
            ("datetime", "datetime(6)", "DATETIME(6)"),
            ("char", "char(36)", "CHAR(36)"),
        ] {
            assert_eq!(super::ddl_type(data_type, column_type), ddl);
        }
    }
}
