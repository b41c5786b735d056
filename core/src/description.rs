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
