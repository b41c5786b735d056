//! The SELECT list: each item typed, `*` and `t.*` written out column by column, the row's
//! shape (one table, several tables, or columns) decided, and `WINDOW` definitions checked.

use super::scope::{RelColumn, Relation, Scope};
use super::{Analyzer, Clause, Kind, NestedTable, RowShape};
use crate::ast::*;
use crate::errors::SpanRange;
use proc_macro2::Span;

impl Analyzer<'_> {
    /// `WINDOW name AS (...), ...`: each name once, each window typed, a window built on
    /// another naming one defined before it.
    pub(super) fn named_windows(&mut self, scope: &Scope<'_>, windows: &mut [NamedWindow]) {
        for window in windows.iter_mut() {
            if self
                .windows
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&window.name.name))
            {
                self.errors.at(
                    window.name.span,
                    format!("window `{}` is defined twice", window.name.name),
                );
            }
            self.window_spec(scope, &mut window.spec, Clause::Aggregating);
            self.windows.push(window.name.name.clone());
        }
    }

    /// The SELECT list (or RETURNING list): types every item and writes `*` and `t.*` out
    /// column by column, so rows read the columns they were compiled for.
    pub(super) fn select_items(
        &mut self,
        scope: &Scope<'_>,
        items: &mut Vec<SelectItem>,
        single_source: bool,
    ) -> (Vec<RelColumn>, RowShape, Vec<Wildcard>) {
        let mut columns = Vec::new();
        let mut shape = RowShape::Columns;
        let single_wildcard = items.len() == 1 && single_source && scope.relations.len() == 1;
        let mut expanded: Vec<(usize, Vec<usize>)> = Vec::new();
        for (position, item) in items.iter_mut().enumerate() {
            match item {
                SelectItem::Wildcard(span) => {
                    if scope.relations.is_empty() {
                        if !scope.incomplete {
                            self.errors
                                .at(*span, "`*` needs a FROM clause to select from");
                        }
                        continue;
                    }
                    let all: Vec<usize> = (0..scope.relations.len()).collect();
                    for &r in &all {
                        self.check_named_columns(&scope.relations[r], *span, "*");
                    }
                    for &r in &all {
                        push_relation_columns(&mut columns, &scope.relations[r]);
                    }
                    expanded.push((position, all));
                }
                SelectItem::TableWildcard(name) => {
                    match scope
                        .relations
                        .iter()
                        .position(|r| r.name.eq_ignore_ascii_case(&name.name))
                    {
                        Some(r) => {
                            name.name.clone_from(&scope.relations[r].name);
                            let text = format!("{}.*", name.name);
                            self.check_named_columns(&scope.relations[r], name.span, &text);
                            push_relation_columns(&mut columns, &scope.relations[r]);
                            expanded.push((position, vec![r]));
                        }
                        None => {
                            let name = name.clone();
                            self.unknown_relation(scope, &name);
                        }
                    }
                }
                SelectItem::Expr {
                    expr,
                    alias,
                    bare_alias,
                } => {
                    self.warn_string_naming_a_column(scope, expr);
                    if let Some(alias) = alias
                        .as_ref()
                        .filter(|a| *bare_alias && scope.has_column(&a.name))
                    {
                        self.warn(
                            alias.span,
                            "alias_named_like_a_column",
                            format!(
                                "`{0}` here is an alias of the value before it, and also a column of this query: a comma missing? write `AS {0}` if the alias is meant",
                                alias.name
                            ),
                        );
                    }
                    let ty = self.expr(scope, expr, Clause::Aggregating);
                    // A parameter nothing has typed yet stays one: what reads the column (the
                    // other side of a UNION, a recursive CTE's recursive part) may type it.
                    let ty = match ty.kind {
                        Kind::Param(slot) if self.param_type(slot).is_none() => ty,
                        _ => self.settle(ty),
                    };
                    let (name, origin, fallback_name) = match (alias.as_ref(), &expr.kind) {
                        (Some(alias), _) => {
                            (Some(alias.name.clone()), origin_of(scope, expr), None)
                        }
                        (None, ExprKind::Column(column)) => (
                            Some(column.column.name.clone()),
                            origin_of(scope, expr),
                            None,
                        ),
                        (None, ExprKind::Function(call)) => {
                            (None, None, Some(call.name.name.to_ascii_lowercase()))
                        }
                        (None, _) => (None, None, None),
                    };
                    columns.push(RelColumn {
                        name,
                        ty,
                        origin,
                        fallback_name,
                    });
                }
            }
        }
        // A schema table seen whole, through a relation of all its columns.
        let whole_table = |r: usize| {
            let relation = &scope.relations[r];
            relation
                .table
                .filter(|&t| self.schema.tables[t].columns.len() == relation.columns.len())
        };
        if single_wildcard {
            if let Some((_, relations)) = expanded.first() {
                if !scope.relations[relations[0]].nullable {
                    if let Some(table) = whole_table(relations[0]) {
                        shape = RowShape::Table(table);
                    }
                }
            }
        } else if expanded.len() == items.len() {
            let relations: Vec<usize> = expanded.iter().flat_map(|(_, r)| r.clone()).collect();
            let mut nested = Vec::new();
            let mut first_column = 0;
            for &r in &relations {
                let Some(table) = whole_table(r) else { break };
                nested.push(NestedTable {
                    table,
                    first_column,
                    optional: scope.relations[r].nullable,
                });
                first_column += scope.relations[r].columns.len();
            }
            if nested.len() == relations.len() && nested.len() >= 2 {
                shape = RowShape::Tables(nested);
            }
        }
        let mut wildcards: Vec<Wildcard> = Vec::new();
        for (position, relations) in expanded.into_iter().rev() {
            let (span, text) = match &items[position] {
                SelectItem::Wildcard(span) => (*span, "*".to_owned()),
                SelectItem::TableWildcard(name) => (name.span, format!("{}.*", name.name)),
                SelectItem::Expr { expr, .. } => (expr.range.start, String::new()),
            };
            let mut written: Vec<SelectItem> = Vec::new();
            for &r in &relations {
                let relation = &scope.relations[r];
                for column in relation.columns.iter().filter_map(|c| c.name.as_ref()) {
                    written.push(SelectItem::Expr {
                        expr: Expr {
                            kind: ExprKind::Column(ColumnRef {
                                table: Some(Ident::new(relation.name.clone(), span)),
                                column: Ident::new(column.clone(), span),
                            }),
                            range: SpanRange::single(span),
                        },
                        alias: None,
                        bare_alias: false,
                    });
                }
            }
            let width = written.len();
            for wildcard in &mut wildcards {
                wildcard.items = wildcard.items.start + width - 1..wildcard.items.end + width - 1;
            }
            wildcards.push(Wildcard {
                items: position..position + width,
                span,
                text,
            });
            items.splice(position..=position, written);
        }
        (columns, shape, wildcards)
    }

    /// A `*` can only be written out column by column where every column has a name; the
    /// unnamed columns of a subquery (`SELECT 1 + 1`) have none that all dialects agree on.
    fn check_named_columns(&mut self, relation: &Relation, span: Span, wildcard: &str) {
        let unnamed = relation.columns.iter().filter(|c| c.name.is_none()).count();
        if unnamed > 0 {
            self.errors.at(
                span,
                format!(
                    "`{wildcard}` selects {unnamed} column(s) of `{}` that have no name; name them with `AS` where `{}` is defined",
                    relation.name, relation.name
                ),
            );
        }
    }
}

/// Where a `*` or `t.*` was written out, for reporting it as one item.
pub(super) struct Wildcard {
    /// The select items it became.
    pub items: std::ops::Range<usize>,
    pub span: Span,
    pub text: String,
}

fn push_relation_columns(columns: &mut Vec<RelColumn>, relation: &Relation) {
    for column in relation.columns.iter().filter(|c| c.name.is_some()) {
        let mut column = column.clone();
        column.ty.nullable |= relation.nullable;
        columns.push(column);
    }
}

/// A column read unchanged from a relation keeps that relation's origin.
fn origin_of(scope: &Scope<'_>, expr: &Expr) -> Option<(usize, usize)> {
    let ExprKind::Column(ColumnRef {
        table: Some(table),
        column,
    }) = &expr.kind
    else {
        return None;
    };
    let relation = scope
        .relations
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(&table.name))?;
    relation
        .columns
        .iter()
        .find(|c| {
            c.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(&column.name))
        })?
        .origin
}
