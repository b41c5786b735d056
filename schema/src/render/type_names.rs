//! SQL type names in both directions, in one place so the two cannot drift apart: how each
//! dialect writes a type in DDL and in a cast, what its catalog reports for a column of it, and
//! which type a catalog's name reads back as (`sqlmint introspect`).

use crate::dialect::Dialect;
use crate::types::{ArrayElement, SqlType};

/// `ty` as `dialect`'s DDL writes it (`DOUBLE PRECISION` on PostgreSQL, `CHAR(36)` for a UUID
/// on MySQL).
pub fn ddl_name(ty: SqlType, dialect: Dialect) -> String {
    match (ty, dialect) {
        (SqlType::Double, Dialect::Postgres) => "DOUBLE PRECISION".to_owned(),
        // PostgreSQL has no unsigned integers: the signed type that holds every value.
        (SqlType::IntegerUnsigned, Dialect::Postgres) => "BIGINT".to_owned(),
        (SqlType::BigIntUnsigned, Dialect::Postgres) => "NUMERIC(20, 0)".to_owned(),
        (SqlType::Blob, Dialect::Postgres) => "BYTEA".to_owned(),
        (SqlType::Json, Dialect::Postgres) => "JSONB".to_owned(),
        (SqlType::Array(element), Dialect::Postgres) => {
            format!("{}[]", ddl_name(element.sql_type(), dialect))
        }
        (SqlType::Array(_), Dialect::Sqlite) => "TEXT".to_owned(),
        (SqlType::Array(_), Dialect::MySql) => "JSON".to_owned(),
        (SqlType::Uuid | SqlType::Json, Dialect::Sqlite) => "TEXT".to_owned(),
        (SqlType::TimestampTz, Dialect::Sqlite) => "TIMESTAMP".to_owned(),
        (SqlType::Uuid, Dialect::MySql) => "CHAR(36)".to_owned(),
        (SqlType::Timestamp | SqlType::TimestampTz, Dialect::MySql) => "DATETIME(6)".to_owned(),
        (SqlType::Varchar(None), Dialect::MySql) => "VARCHAR(255)".to_owned(),
        (SqlType::Enum(enumeration), Dialect::Postgres) => enumeration.name.clone(),
        (SqlType::Enum(enumeration), Dialect::MySql) => {
            let labels: Vec<String> = enumeration
                .labels
                .iter()
                .map(|l| super::quote::quote_string_in(l, dialect))
                .collect();
            format!("ENUM({})", labels.join(", "))
        }
        (SqlType::Enum(_), Dialect::Sqlite) => "TEXT".to_owned(),
        (SqlType::Text, _) => "TEXT".to_owned(),
        (SqlType::Varchar(None), _) => "VARCHAR".to_owned(),
        (SqlType::Numeric(None), _) => "NUMERIC".to_owned(),
        (other, _) => other.display(),
    }
}

/// `ty` as `CAST(x AS ...)` names it in `dialect` (MySQL casts to few names).
pub fn cast_name(ty: SqlType, dialect: Dialect) -> String {
    match (dialect, ty) {
        (Dialect::MySql, SqlType::SmallInt | SqlType::Integer | SqlType::BigInt) => {
            "SIGNED".to_owned()
        }
        (Dialect::MySql, SqlType::IntegerUnsigned | SqlType::BigIntUnsigned) => {
            "UNSIGNED".to_owned()
        }
        (Dialect::MySql, SqlType::Text | SqlType::Varchar(_) | SqlType::Enum(_)) => {
            "CHAR".to_owned()
        }
        (Dialect::MySql, SqlType::Real | SqlType::Double) => "DOUBLE".to_owned(),
        (Dialect::MySql, SqlType::Numeric(Some((p, s)))) => format!("DECIMAL({p}, {s})"),
        (Dialect::MySql, SqlType::Numeric(None)) => "DECIMAL(65, 30)".to_owned(),
        (Dialect::MySql, SqlType::Boolean) => "UNSIGNED".to_owned(),
        (Dialect::MySql, SqlType::Blob) => "BINARY".to_owned(),
        (Dialect::MySql, SqlType::Timestamp) => "DATETIME".to_owned(),
        (_, ty) => ddl_name(ty, dialect),
    }
}

/// A column's type as `dialect`'s catalog reports it, for comparing a live database with
/// the schema: SQLite keeps the declared text; PostgreSQL answers with `format_type`; the
/// MySQL executor names the catalog's types as the DDL writes them.
/// `generated` says the dialect fills the column by itself, which for SQLite makes it the
/// rowid, declared as exactly `INTEGER` (see [`Table::generated_by`](crate::model::Table::generated_by)).
pub fn catalog_name(ty: SqlType, generated: bool, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite if generated => "INTEGER".to_owned(),
        // A generated key is a BIGSERIAL: no NUMERIC counts by itself.
        Dialect::Postgres if generated && ty == SqlType::BigIntUnsigned => "bigint".to_owned(),
        Dialect::Postgres => postgres_catalog_name(ty),
        // MariaDB stores a REAL as DOUBLE; the executor names the rest as the DDL does.
        Dialect::MySql => match ty {
            SqlType::Real => "DOUBLE".to_owned(),
            ty => ddl_name(ty, dialect),
        },
        Dialect::Sqlite => ddl_name(ty, dialect),
    }
}

fn postgres_catalog_name(ty: SqlType) -> String {
    match ty {
        SqlType::SmallInt => "smallint".to_owned(),
        SqlType::Integer => "integer".to_owned(),
        SqlType::BigInt | SqlType::IntegerUnsigned => "bigint".to_owned(),
        SqlType::BigIntUnsigned => "numeric(20,0)".to_owned(),
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
        SqlType::Array(element) => format!("{}[]", postgres_catalog_name(element.sql_type())),
        SqlType::Enum(enumeration) => enumeration.name.clone(),
    }
}

/// The type a catalog's name for a column reads back as: SQLite's declared text
/// (`VARCHAR(30)`, `NUMERIC(10, 2)`), PostgreSQL's `format_type` (`character varying(30)`,
/// `integer[]`), or MySQL's DDL names (`CHAR(36)`, `DATETIME(6)`). `None` for a name no
/// `schema!` type has.
pub fn sql_type_from_catalog(name: &str, dialect: Dialect) -> Option<SqlType> {
    let text = name.trim();
    if dialect == Dialect::MySql {
        // The two names MySQL's DDL gives types it has no word for.
        if text.eq_ignore_ascii_case("CHAR(36)") {
            return Some(SqlType::Uuid);
        }
        if text.eq_ignore_ascii_case("DATETIME(6)") {
            return Some(SqlType::Timestamp);
        }
    }
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
    // `INTEGER UNSIGNED` (MySQL's DDL, SQLite's declared text), a display width before it
    // on MySQL: `int(10) unsigned`.
    let lower = name.to_ascii_lowercase();
    if let Some(signed) = lower.strip_suffix(" unsigned") {
        return match sql_type_from_catalog(signed, dialect)? {
            ty if !array => ty.unsigned(),
            _ => None,
        };
    }
    let ty = match lower.as_str() {
        "double precision" => SqlType::Double,
        "character varying" => SqlType::Varchar(None),
        "timestamp without time zone" => SqlType::Timestamp,
        "timestamp with time zone" => SqlType::TimestampTz,
        single if !single.contains(' ') => SqlType::from_name(single)?,
        _ => return None,
    };
    let ty = match (ty, arguments.as_slice()) {
        (ty, []) => ty,
        // MySQL's display width: `int(11)`.
        (ty, [_]) if dialect == Dialect::MySql && ty.is_integer() => ty,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type `schema!` can declare, with and without arguments, arrays of each element.
    fn every_type() -> Vec<SqlType> {
        let mut types = vec![
            SqlType::SmallInt,
            SqlType::Integer,
            SqlType::BigInt,
            SqlType::IntegerUnsigned,
            SqlType::BigIntUnsigned,
            SqlType::Real,
            SqlType::Double,
            SqlType::Numeric(None),
            SqlType::Numeric(Some((10, 2))),
            SqlType::Text,
            SqlType::Varchar(None),
            SqlType::Varchar(Some(30)),
            SqlType::Boolean,
            SqlType::Blob,
            SqlType::Date,
            SqlType::Timestamp,
            SqlType::TimestampTz,
            SqlType::Uuid,
            SqlType::Json,
        ];
        let arrays: Vec<SqlType> = types
            .iter()
            .filter_map(|&ty| ArrayElement::of(ty).map(SqlType::Array))
            .collect();
        types.extend(arrays);
        types
    }

    /// A catalog name reads back as a type the catalog names the same way; on PostgreSQL,
    /// whose catalog has a name for every type, as the very type declared (but for the
    /// unsigned ones, which it stores as the signed type that holds them).
    #[test]
    fn catalog_names_read_back_on_every_dialect() {
        for dialect in Dialect::ALL {
            for ty in every_type() {
                for auto_key in [false, ty.is_integer()] {
                    let name = catalog_name(ty, auto_key, dialect);
                    let back = sql_type_from_catalog(&name, dialect)
                        .unwrap_or_else(|| panic!("{dialect:?}: `{name}` ({ty:?}) reads back"));
                    assert_eq!(
                        catalog_name(back, auto_key, dialect),
                        name,
                        "{dialect:?}: {ty:?} as `{name}` reads back as {back:?}"
                    );
                    if dialect == Dialect::Postgres && !ty.is_unsigned() {
                        assert_eq!(back, ty, "`{name}`");
                    }
                }
            }
        }
    }

    fn display(catalog: &str, dialect: Dialect) -> Option<String> {
        sql_type_from_catalog(catalog, dialect).map(SqlType::display)
    }

    #[test]
    fn reads_sqlite_declared_types() {
        let display = |catalog| display(catalog, Dialect::Sqlite);
        assert_eq!(display("VARCHAR(30)").as_deref(), Some("VARCHAR(30)"));
        assert_eq!(display("NUMERIC(10, 2)").as_deref(), Some("NUMERIC(10, 2)"));
        assert_eq!(display("integer").as_deref(), Some("INTEGER"));
        assert_eq!(display("DOUBLE PRECISION").as_deref(), Some("DOUBLE"));
        assert_eq!(display("NVARCHAR(10)"), None);
        assert_eq!(display("CHAR(36)"), None);
        assert_eq!(display(""), None);
    }

    #[test]
    fn reads_unsigned_integers_with_or_without_a_display_width() {
        for (catalog, dialect, declared) in [
            ("INTEGER UNSIGNED", Dialect::MySql, Some("INTEGER UNSIGNED")),
            ("int(10) unsigned", Dialect::MySql, Some("INTEGER UNSIGNED")),
            ("BIGINT UNSIGNED", Dialect::MySql, Some("BIGINT UNSIGNED")),
            ("int(11)", Dialect::MySql, Some("INTEGER")),
            (
                "INTEGER UNSIGNED",
                Dialect::Sqlite,
                Some("INTEGER UNSIGNED"),
            ),
            ("SMALLINT UNSIGNED", Dialect::MySql, None),
            ("TEXT UNSIGNED", Dialect::Sqlite, None),
        ] {
            assert_eq!(display(catalog, dialect).as_deref(), declared, "{catalog}");
        }
    }

    #[test]
    fn reads_postgres_format_type_names() {
        let display = |catalog| display(catalog, Dialect::Postgres);
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
}
