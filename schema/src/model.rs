//! The schema a `schema!` block declares, as data: tables, columns, keys, and the lookups
//! every stage makes on them. Read by `parse::schema`, checked by `analyze::schema`, and
//! handed (as the block's own tokens) to every `query!` that resolves names against it.

use crate::ast::{self, Ident};
use crate::types::SqlType;
use proc_macro2::Span;

/// ```text
/// [#[sqlmint(path = crate::path::to::module)]] [docs]
/// pub mod name { table ... }
/// ```
#[derive(Debug, Clone)]
pub struct Schema {
    /// Doc comments and other attributes for the generated module.
    pub attrs: Vec<syn::Attribute>,
    /// Where the module is, from the crate root, when it is not at the root.
    pub path: Option<syn::Path>,
    /// `#[sqlmint(migrations = "dir")]`: the tables come from SQL migrations, not tokens.
    pub migrations: Option<syn::LitStr>,
    /// The module's visibility.
    pub vis: syn::Visibility,
    /// The module's name.
    pub module: syn::Ident,
    /// The tables, in declared order.
    pub tables: Vec<Table>,
}

/// ```text
/// [attributes] table name { column: TYPE constraints..., [PRIMARY KEY (a, b),] [UNIQUE (a, b),]
///                     [FOREIGN KEY (a, b) REFERENCES other (x, y),] }
/// ```
#[derive(Debug, Clone)]
pub struct Table {
    /// Its attributes: doc comments for the table's module, the rest (`#[derive(...)]`,
    /// `#[serde(...)]`) for its row struct.
    pub attrs: Vec<syn::Attribute>,
    /// The table's name.
    pub name: Ident,
    /// Its columns, in declared order.
    pub columns: Vec<Column>,
    /// Indexes into `columns` of the primary key.
    pub primary_key: Vec<usize>,
    /// Unique constraints, as indexes into `columns`.
    pub unique: Vec<Vec<usize>>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
}

/// `name: TYPE [NOT NULL | NULL] [PRIMARY KEY [AUTOINCREMENT]] [UNIQUE] [DEFAULT value]
/// [REFERENCES table (column)]`
#[derive(Debug, Clone)]
pub struct Column {
    /// Doc comments.
    pub docs: Vec<syn::Attribute>,
    /// The column's name.
    pub name: Ident,
    /// Its type.
    pub ty: SqlType,
    /// Where the type was written.
    pub ty_span: Span,
    /// Whether it may hold NULL.
    pub nullable: bool,
    /// `AUTOINCREMENT` was written.
    pub autoincrement: bool,
    /// The `DEFAULT` value.
    pub default: Option<ast::Expr>,
    /// Names it had before a migration renamed it, for the message when a query uses one.
    pub renamed_from: Vec<String>,
}

/// `FOREIGN KEY (columns) REFERENCES table (columns)`, or `REFERENCES` on one column.
#[derive(Debug, Clone)]
pub struct ForeignKey {
    /// Indexes into the owning table's columns.
    pub columns: Vec<usize>,
    /// The referenced table.
    pub foreign_table: Ident,
    /// The referenced columns.
    pub foreign_columns: Vec<Ident>,
}

impl Schema {
    /// The table called `name`, ignoring case.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name.is(name))
    }
}

impl Table {
    /// The column called `name`, ignoring case.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.is(name))
    }

    /// The position of the column called `name`, ignoring case.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name.is(name))
    }

    /// Whether column `index` is a single-column integer primary key, which every dialect
    /// fills in by itself (SQLite's rowid, PostgreSQL's identity).
    pub fn is_auto_key(&self, index: usize) -> bool {
        self.primary_key == [index] && self.columns[index].ty.is_integer()
    }

    /// Whether an INSERT may leave column `index` out.
    pub fn may_omit(&self, index: usize) -> bool {
        let column = &self.columns[index];
        column.nullable || column.default.is_some() || self.is_auto_key(index)
    }

    /// Whether the primary key includes column `index`.
    pub fn in_primary_key(&self, index: usize) -> bool {
        self.primary_key.contains(&index)
    }
}
