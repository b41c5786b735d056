//! SQL type names in both directions: how each dialect writes a type in DDL and in a cast,
//! what its catalog reports for a column of it, and which type a catalog name reads back as.

use crate::dialect::Dialect;
use crate::model::Table;
use crate::types::SqlType;

/// A column's type as `dialect`'s catalog reports it, for comparing a live database with
/// the schema: SQLite keeps the declared text; PostgreSQL answers with `format_type`.
pub fn catalog_type(table: &Table, index: usize, dialect: Dialect) -> String {
    let ty = table.columns[index].ty;
    match dialect {
        Dialect::Sqlite if table.is_auto_key(index) => "INTEGER".to_owned(),
        Dialect::Postgres => postgres_catalog_type(ty),
        _ => ty.ddl(dialect),
    }
}

fn postgres_catalog_type(ty: SqlType) -> String {
    match ty {
        SqlType::SmallInt => "smallint".to_owned(),
        SqlType::Integer => "integer".to_owned(),
        SqlType::BigInt => "bigint".to_owned(),
        SqlType::Real => "real".to_owned(),
        SqlType::Double => "double precision".to_owned(),
        SqlType::Numeric(Some((p, s))) => format!("numeric({p},{s})"),
        SqlType::Numeric(None) => "numeric".to_owned(),
        SqlType::Text => "text".to_owned(),
        SqlType::Varchar(Some(n)) => format!("character varying({n})"),
        SqlType::Varchar(None) => "character varying".to_owned(),
        SqlType::Boolean => "boolean".to_owned(),
        SqlType::Blob => "bytea".to_owned(),
        SqlType::Date => "date".to_owned(),
        SqlType::Timestamp => "timestamp without time zone".to_owned(),
        SqlType::TimestampTz => "timestamp with time zone".to_owned(),
        SqlType::Uuid => "uuid".to_owned(),
        SqlType::Json => "jsonb".to_owned(),
        SqlType::Array(element) => format!("{}[]", postgres_catalog_type(element.sql_type())),
    }
}
