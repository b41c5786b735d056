//! A declared schema as plain data: what `schema!` emits as `db::SCHEMA` (borrowed, in a
//! `const`) and what the `sqlmint` command builds from a source file (owned), so both
//! compare a live database with the same description.

use std::borrow::Cow;

use crate::PerDialect;

/// A schema as `schema!` declared it; generated as `db::SCHEMA`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaInfo {
    /// The tables, in declared order.
    pub tables: Cow<'static, [TableInfo]>,
}

/// A declared table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    /// Its name.
    pub name: Cow<'static, str>,
    /// Its columns, in declared order.
    pub columns: Cow<'static, [ColumnInfo]>,
    /// Its foreign keys.
    pub foreign_keys: Cow<'static, [ForeignKeyInfo]>,
}

/// A declared column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnInfo {
    /// Its name.
    pub name: Cow<'static, str>,
    /// The type as each dialect's catalog names it, for comparison with the live one.
    pub catalog_types: PerDialect<Cow<'static, str>>,
    /// The type as `schema!` declared it, for messages.
    pub declared_type: Cow<'static, str>,
    /// Whether it may hold NULL.
    pub nullable: bool,
}

/// A declared foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyInfo {
    /// The referencing columns.
    pub columns: Cow<'static, [Cow<'static, str>]>,
    /// The referenced table.
    pub table: Cow<'static, str>,
    /// The referenced columns.
    pub references: Cow<'static, [Cow<'static, str>]>,
}

impl ColumnInfo {
    /// Whether a live column whose catalog names its type `live` has the declared type in a
    /// database of `dialect`: the same type however it is spelt (`int4` and `INTEGER`,
    /// `NUMERIC(10, 2)` and `numeric(10,2)`), named as the catalog reports the declared type or
    /// as a migration may have declared it (SQLite keeps a declared `UUID` as written, where
    /// `create_all` writes `TEXT`).
    pub fn has_type(&self, live: &str, dialect: crate::Dialect) -> bool {
        let live = canonical_type_name(live);
        let expected = self.catalog_types.get(dialect.index()).map_or("", |t| &**t);
        live == canonical_type_name(expected) || live == canonical_type_name(&self.declared_type)
    }
}

/// A SQL type name in one spelling: upper case, single spaces, none inside parentheses, and
/// each synonym as the one name (`INT4` and `INT` are `INTEGER`, `character varying` is
/// `VARCHAR`, `timestamp with time zone` is `TIMESTAMPTZ`), so that two names of a type
/// compare equal.
pub fn canonical_type_name(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    let mut text = words.join(" ");
    for (from, to) in [
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (", ", ","),
        (" ,", ","),
    ] {
        text = text.replace(from, to);
    }
    let (base, rest) = match text.find(['(', '[']) {
        Some(at) => text.split_at(at),
        None => (text.as_str(), ""),
    };
    let base = match base.trim_end() {
        "INT" | "INT4" | "SERIAL" | "SERIAL4" => "INTEGER",
        "INT2" | "SMALLSERIAL" | "SERIAL2" => "SMALLINT",
        "INT8" | "BIGSERIAL" | "SERIAL8" => "BIGINT",
        "BOOL" => "BOOLEAN",
        "FLOAT4" => "REAL",
        "FLOAT8" | "FLOAT" | "DOUBLE" => "DOUBLE PRECISION",
        "DECIMAL" => "NUMERIC",
        "CHARACTER VARYING" => "VARCHAR",
        "BYTEA" => "BLOB",
        "JSONB" => "JSON",
        "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP",
        "TIMESTAMP WITH TIME ZONE" => "TIMESTAMPTZ",
        other => other,
    };
    format!("{base}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dialect;

    #[test]
    fn spellings_of_a_type_are_one_name() {
        for (a, b) in [
            ("int4", "INTEGER"),
            ("numeric(10, 2)", "NUMERIC(10,2)"),
            ("character varying(30)", "VARCHAR( 30 )"),
            ("timestamp with time zone", "TIMESTAMPTZ"),
            ("integer[]", "INT[]"),
            ("double  precision", "FLOAT8"),
        ] {
            assert_eq!(canonical_type_name(a), canonical_type_name(b), "{a} vs {b}");
        }
        assert_ne!(
            canonical_type_name("BIGINT"),
            canonical_type_name("INTEGER")
        );
        assert_ne!(
            canonical_type_name("VARCHAR(30)"),
            canonical_type_name("VARCHAR(31)")
        );
    }

    #[test]
    fn a_column_has_its_catalog_type_or_its_declared_one() {
        let uuid = ColumnInfo {
            name: "id".into(),
            catalog_types: ["TEXT".into(), "uuid".into(), "CHAR(36)".into()],
            declared_type: "UUID".into(),
            nullable: false,
        };
        assert!(uuid.has_type("TEXT", Dialect::Sqlite));
        assert!(uuid.has_type("uuid", Dialect::Sqlite));
        assert!(uuid.has_type("uuid", Dialect::Postgres));
        assert!(!uuid.has_type("INTEGER", Dialect::Sqlite));
    }
}
