//! The checks on a schema that its grammar cannot make: duplicate names, names the generated
//! module reserves, foreign keys to unknown tables or columns or of another type, and DEFAULT
//! and CHECK expressions (checked as a query's would be); and
//! the schema with duplicates dropped, which code is generated from once they are reported.

use super::{analyze, CheckedStatement};
use crate::ast::Ident;
use crate::ast::{Expr, ExprKind, SelectItem, SetExpr, Statement, TableFactor};
use crate::errors::{did_you_mean, Errors};
use crate::model::{Column, ForeignKey, Schema, Table};
use crate::types::{Family, SqlType};

impl Schema {
    /// Fills in the columns of every view from its query, analyzed as `query!` analyzes one
    /// against the tables and views declared before it: names, types and nullability.
    pub fn resolve_views(&mut self) -> syn::Result<()> {
        let mut errors = Errors::new();
        for index in 0..self.tables.len() {
            let Some(query) = self.tables[index].view.clone() else {
                continue;
            };
            let earlier = Schema {
                tables: self.tables[..index].to_vec(),
                ..self.clone_without_tables()
            };
            let span = self.tables[index].name.span;
            let checked = match analyze(&earlier, Statement::Query(Box::new(query))) {
                Ok(checked) => checked,
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            let analysis = checked.analysis();
            if !analysis.params.is_empty() {
                errors.at(span, "a view takes no parameters");
            }
            self.tables[index].columns = analysis
                .columns
                .iter()
                .map(|column| Column {
                    docs: Vec::new(),
                    name: Ident::new(column.name.clone(), column.span),
                    ty: column.ty,
                    ty_span: column.span,
                    nullable: column.nullable,
                    autoincrement: false,
                    default: None,
                    generated: None,
                    renamed_from: Vec::new(),
                })
                .collect();
        }
        errors.finish()
    }

    fn clone_without_tables(&self) -> Schema {
        Schema {
            attrs: Vec::new(),
            path: None,
            migrations: None,
            vis: self.vis.clone(),
            module: self.module.clone(),
            enums: self.enums.clone(),
            tables: Vec::new(),
        }
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
            let defaults = table.columns.iter().filter_map(|c| {
                let default = c.default.as_ref().filter(|d| !is_constant_default(d))?;
                Some((default, TableExpressionKind::Default(c.ty)))
            });
            let checks = table.checks.iter().map(|c| (c, TableExpressionKind::Check));
            for (expr, kind) in defaults.chain(checks) {
                if let Err(error) = table_expression(self, table, expr, kind) {
                    errors.push(error);
                }
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

/// What an expression of a table outside any query is: a DEFAULT reads no column, a CHECK
/// may read its table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableExpressionKind {
    /// `DEFAULT expr` of a column of this type.
    Default(SqlType),
    /// `CHECK (condition)`.
    Check,
}

/// A DEFAULT or CHECK of `table`, checked as `SELECT (expr) FROM table` is: names resolved,
/// functions typed, and rewritten for rendering per dialect like any query's expression.
pub(crate) fn table_expression(
    schema: &Schema,
    table: &Table,
    expr: &Expr,
    kind: TableExpressionKind,
) -> syn::Result<CheckedStatement> {
    let mut statement: Statement = syn::parse_str("SELECT 1 FROM sqlmint_table")?;
    if let Statement::Query(query) = &mut statement {
        if let SetExpr::Select(select) = &mut query.body {
            select.items = vec![SelectItem::Expr {
                expr: expr.clone(),
                alias: None,
                bare_alias: false,
            }];
            if let Some(TableFactor::Table(from)) = select.from.first_mut().map(|f| &mut f.table) {
                from.name = table.name.clone();
            }
        }
    }
    let checked = analyze(schema, statement)?;
    let mut errors = Errors::new();
    let analysis = checked.analysis();
    let span = expr.range;
    if !analysis.params.is_empty() {
        errors.spanned(span, "a DEFAULT or CHECK takes no parameters");
    }
    let output = analysis.columns.first();
    match kind {
        TableExpressionKind::Default(ty) => {
            if analysis.references.iter().any(|r| r.column.is_some()) {
                errors.spanned(
                    span,
                    "a DEFAULT cannot read a column; the row is not there yet",
                );
            }
            if let Some(output) = output.filter(|o| o.ty.family() != ty.family()) {
                errors.spanned(
                    span,
                    format!(
                        "this DEFAULT is {}, but the column is {}",
                        output.ty.display(),
                        ty.display()
                    ),
                );
            }
        }
        TableExpressionKind::Check => {
            if let Some(output) = output.filter(|o| o.ty.family() != Family::Boolean) {
                errors.spanned(
                    span,
                    format!("a CHECK is a condition, not {}", output.ty.display()),
                );
            }
        }
    }
    errors.finish()?;
    Ok(checked)
}

/// Whether a DEFAULT is a constant the DDL writes as it is, rather than an expression.
pub(crate) fn is_constant_default(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Literal(_) | ExprKind::Column(_))
}
