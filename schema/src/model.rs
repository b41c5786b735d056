//! The schema a `schema!` block declares, as data: tables, columns, keys, and the lookups
//! every stage makes on them. Read by `parse::schema`, checked by `analyze::schema`, and
//! handed (as the block's own tokens) to every `query!` that resolves names against it.

use crate::ast::{self, Ident};
use crate::dialect::{Dialect, PerDialect};
use crate::types::{EnumType, SqlType};
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
    /// The enum types, in declared order.
    pub enums: Vec<EnumDecl>,
    /// The tables, in declared order.
    pub tables: Vec<Table>,
}

/// `enum name { "label", ... }`: a PostgreSQL enum type (`CREATE TYPE name AS ENUM (...)`),
/// and the Rust enum generated for it.
#[derive(Debug, Clone)]
pub struct EnumDecl {
    /// Doc comments and other attributes for the Rust enum.
    pub attrs: Vec<syn::Attribute>,
    /// Its SQL name, where it was written.
    pub name: Ident,
    /// The type, as columns of it hold it.
    pub ty: &'static EnumType,
}

/// `user_account` → `UserAccount`, `in progress` → `InProgress`: a SQL name as a Rust type
/// or variant name.
pub fn upper_camel(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        })
        .collect()
}

/// ```text
/// [attributes] table name { column: TYPE constraints..., [PRIMARY KEY (a, b),] [UNIQUE (a, b),]
///                     [FOREIGN KEY (a, b) REFERENCES other (x, y) [ON DELETE ..],]
///                     [CHECK (condition),] }
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
    /// `CHECK (condition)`s, the column ones among them.
    pub checks: Vec<ast::Expr>,
    /// For `view name { SELECT ... }`, its query: the columns are what it returns, inferred
    /// as `query!` infers a query's (`Schema::resolve_views`), and nothing writes to it.
    pub view: Option<ast::Query>,
}

/// `name: TYPE [NOT NULL | NULL] [PRIMARY KEY [AUTOINCREMENT]] [UNIQUE] [DEFAULT value]
/// [CHECK (condition)] [REFERENCES table (column) [ON DELETE action] [ON UPDATE action]]`
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
    /// `#[sqlmint(generated(..))]`: the dialects whose databases fill the column when an
    /// INSERT leaves it out, in place of the rule that an integer primary key is filled
    /// everywhere. What migrations say, since the same file makes different columns
    /// generated on different databases.
    pub generated: Option<Generated>,
    /// Names it had before a migration renamed it, for the message when a query uses one.
    pub renamed_from: Vec<String>,
}

/// Which databases fill a column by themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Per dialect, whether its database fills the column when an INSERT leaves it out:
    /// SQLite's rowid alias (`INTEGER PRIMARY KEY`), PostgreSQL's `SERIAL` and identity
    /// columns, MySQL's `AUTO_INCREMENT`.
    pub by: PerDialect<bool>,
    /// `GENERATED ALWAYS AS IDENTITY`: where it is generated, a value may not be given.
    pub always: bool,
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
    /// `ON DELETE action`.
    pub on_delete: Option<ReferentialAction>,
    /// `ON UPDATE action`.
    pub on_update: Option<ReferentialAction>,
}

/// What a foreign key does to the referencing rows when the referenced one goes or changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferentialAction {
    /// `CASCADE`: delete or update them too.
    Cascade,
    /// `RESTRICT`: refuse at once.
    Restrict,
    /// `NO ACTION`: refuse at the end of the statement (the default).
    NoAction,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl ReferentialAction {
    /// The action as SQL writes it, in every dialect.
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

impl Schema {
    /// The table called `name`, ignoring case.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name.is(name))
    }
}

impl Table {
    /// Whether it is a view, which queries read and nothing writes.
    pub fn is_view(&self) -> bool {
        self.view.is_some()
    }

    /// The column called `name`, ignoring case.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.is(name))
    }

    /// The position of the column called `name`, ignoring case.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name.is(name))
    }

    /// Whether column `index` is a single-column integer primary key: the column `schema!`'s
    /// own tables have every dialect fill (SQLite's rowid, PostgreSQL's identity).
    pub fn is_auto_key(&self, index: usize) -> bool {
        self.primary_key == [index] && self.columns[index].ty.is_integer()
    }

    /// Per dialect, whether its database fills column `index` when an INSERT leaves it out:
    /// as `#[sqlmint(generated(..))]` says, or else everywhere for an auto key.
    pub fn generated_by(&self, index: usize) -> PerDialect<bool> {
        match &self.columns[index].generated {
            Some(generated) => generated.by,
            None => [self.is_auto_key(index); Dialect::COUNT],
        }
    }

    /// Whether `dialect`'s database fills column `index` by itself (see [`Self::generated_by`]).
    pub fn is_generated_on(&self, index: usize, dialect: Dialect) -> bool {
        self.generated_by(index)[dialect.index()]
    }

    /// Per dialect, whether an INSERT may leave column `index` out there: it may hold NULL,
    /// has a DEFAULT, or that dialect's database fills it.
    pub fn omittable_on(&self, index: usize) -> PerDialect<bool> {
        let column = &self.columns[index];
        let anywhere = column.nullable || column.default.is_some();
        self.generated_by(index)
            .map(|generated| anywhere || generated)
    }

    /// Whether an INSERT may leave column `index` out on every dialect.
    pub fn may_omit(&self, index: usize) -> bool {
        self.omittable_on(index).iter().all(|&omittable| omittable)
    }

    /// Whether the primary key includes column `index`.
    pub fn in_primary_key(&self, index: usize) -> bool {
        self.primary_key.contains(&index)
    }
}
