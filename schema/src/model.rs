//! The schema a `schema!` block declares: tables, columns, keys. Parsed from the block's tokens
//! and checked once, then handed (as those same tokens) to every `query!` that resolves names
//! against it.

use crate::ast::{self, Ident};
use crate::errors::{did_you_mean, Errors};
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
/// [docs] table name { column: TYPE constraints..., [PRIMARY KEY (a, b),] [UNIQUE (a, b),]
///                     [FOREIGN KEY (a, b) REFERENCES other (x, y),] }
/// ```
#[derive(Debug, Clone)]
pub struct Table {
    /// Doc comments.
    pub docs: Vec<syn::Attribute>,
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

    /// The schema with a second table or column of the same name dropped: what code is
    /// generated from once `validate` has reported the duplicate, so the duplicate yields
    /// one error instead of a cascade of conflicting items.
    pub fn without_duplicates(&self) -> Schema {
        let mut schema = self.clone();
        let mut seen: Vec<String> = Vec::new();
        schema.tables.retain(|t| {
            let first = !seen.contains(&t.name.name.to_ascii_lowercase());
            seen.push(t.name.name.to_ascii_lowercase());
            first
        });
        for table in &mut schema.tables {
            let mut names: Vec<String> = Vec::new();
            let mut keep = Vec::new();
            for column in &table.columns {
                let lower = column.name.name.to_ascii_lowercase();
                keep.push(!names.contains(&lower));
                names.push(lower);
            }
            if keep.iter().all(|k| *k) {
                continue;
            }
            // Re-index keys after dropping columns.
            let new_index: Vec<Option<usize>> = keep
                .iter()
                .scan(0, |next, &k| {
                    let index = k.then_some(*next);
                    *next += usize::from(k);
                    Some(index)
                })
                .collect();
            let remap = |indexes: &[usize]| -> Vec<usize> {
                indexes.iter().filter_map(|&i| new_index[i]).collect()
            };
            table.primary_key = remap(&table.primary_key);
            table.unique = table.unique.iter().map(|u| remap(u)).collect();
            for fk in &mut table.foreign_keys {
                fk.columns = remap(&fk.columns);
            }
            let mut flags = keep.into_iter();
            table.columns.retain(|_| flags.next().unwrap_or(false));
        }
        schema
    }

    /// Checks what parsing cannot: duplicate names, keys naming unknown columns, references
    /// to unknown tables. All problems are reported together.
    pub fn validate(&self) -> syn::Result<()> {
        let mut errors = Errors::new();
        for (i, table) in self.tables.iter().enumerate() {
            if self.tables[..i].iter().any(|t| t.name.is(&table.name.name)) {
                errors.at(
                    table.name.span,
                    format!("table `{}` is declared twice", table.name.name),
                );
            }
            for (j, column) in table.columns.iter().enumerate() {
                if table.columns[..j]
                    .iter()
                    .any(|c| c.name.is(&column.name.name))
                {
                    errors.at(
                        column.name.span,
                        format!(
                            "column `{}` is declared twice in table `{}`",
                            column.name.name, table.name.name
                        ),
                    );
                }
                if ["table", "Row"].contains(&column.name.name.as_str()) {
                    errors.at(
                        column.name.span,
                        format!(
                            "a column may not be called `{}`: the generated module uses that name",
                            column.name.name
                        ),
                    );
                }
            }
            for fk in &table.foreign_keys {
                self.validate_foreign_key(table, fk, &mut errors);
            }
        }
        errors.finish()
    }

    fn validate_foreign_key(&self, table: &Table, fk: &ForeignKey, errors: &mut Errors) {
        let Some(foreign) = self.table(&fk.foreign_table.name) else {
            let names = self.tables.iter().map(|t| t.name.name.as_str());
            let all: Vec<String> = self.tables.iter().map(|t| t.name.name.clone()).collect();
            let help = did_you_mean(&fk.foreign_table.name, names)
                .unwrap_or_else(|| format!("; it has {}", crate::errors::one_of(&all)));
            errors.at(
                fk.foreign_table.span,
                format!("no table `{}` in this schema{help}", fk.foreign_table.name),
            );
            return;
        };
        if fk.foreign_columns.len() != fk.columns.len() {
            errors.at(
                fk.foreign_table.span,
                format!(
                    "the foreign key has {} column(s) but references {}",
                    fk.columns.len(),
                    fk.foreign_columns.len()
                ),
            );
            return;
        }
        for (&local, foreign_column) in fk.columns.iter().zip(&fk.foreign_columns) {
            match foreign.column(&foreign_column.name) {
                None => {
                    let names = foreign.columns.iter().map(|c| c.name.name.as_str());
                    let help = did_you_mean(&foreign_column.name, names).unwrap_or_default();
                    errors.at(
                        foreign_column.span,
                        format!(
                            "no column `{}` in table `{}`{help}",
                            foreign_column.name, foreign.name.name
                        ),
                    );
                }
                Some(target) if target.ty.family() != table.columns[local].ty.family() => errors
                    .at(
                        foreign_column.span,
                        format!(
                            "`{}.{}` is {} but references `{}.{}`, which is {}",
                            table.name.name,
                            table.columns[local].name.name,
                            table.columns[local].ty.display(),
                            foreign.name.name,
                            target.name.name,
                            target.ty.display()
                        ),
                    ),
                Some(_) => {}
            }
        }
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
