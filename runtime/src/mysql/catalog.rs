//! What `verify` reads from MariaDB and MySQL: the current database's tables, their columns
//! and foreign keys, from `information_schema`, each column's type named as sqlmint's MySQL
//! DDL names it (`INT`, not the catalog's `int(11)`).

use super::Connection;
use crate::query::MySql;
use crate::verify::{LiveColumn, LiveForeignKey, LiveTable};
use crate::Result;
use ::mysql::prelude::Queryable;

const COLUMNS: &str =
    "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE \
     FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
       ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
     WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' \
     ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION";

const FOREIGN_KEYS: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, \
            REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME \
     FROM information_schema.KEY_COLUMN_USAGE \
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

impl crate::verify::Inspect for Connection {
    type Dialect = MySql;

    fn live_tables(&self) -> Result<Vec<LiveTable>> {
        let mut conn = self.conn_mut()?;
        let columns: Vec<(String, String, String, String, String)> = conn.query(COLUMNS)?;
        let keys: Vec<(String, String, String, String, String)> = conn.query(FOREIGN_KEYS)?;
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
        Ok(tables)
    }
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
