//! Grouping: with GROUP BY or an aggregate, every result column, HAVING and ORDER BY may use
//! only grouped expressions, aggregates, and columns of a table whose primary key is grouped.

use super::expr::column_text;
use super::functions;
use super::scope::Scope;
use super::select_list::Wildcard;
use super::{Analyzer, Ty};
use crate::ast::*;
use crate::errors::{one_of, SpanRange};

impl Analyzer<'_> {
    pub(super) fn check_grouping(
        &mut self,
        scope: &Scope<'_>,
        select: &Select,
        order_by: &[OrderBy],
        wildcards: &[Wildcard],
    ) {
        let aggregates = select.items.iter().any(|item| match item {
            SelectItem::Expr { expr, .. } => contains_aggregate(expr),
            _ => false,
        }) || select.having.as_ref().is_some_and(contains_aggregate)
            || order_by.iter().any(|o| contains_aggregate(&o.expr));
        if select.group_by.is_empty() && !aggregates {
            return;
        }
        let grouped_labels: Vec<String> = select
            .group_by
            .iter()
            .filter_map(|key| match &key.kind {
                ExprKind::Column(ColumnRef {
                    table: None,
                    column,
                }) => Some(column.name.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        let grouped_positions: Vec<usize> = select
            .group_by
            .iter()
            .filter_map(|key| match &key.kind {
                ExprKind::Literal(Literal::Integer(digits)) => digits.parse().ok(),
                _ => None,
            })
            .collect();
        // A grouped label or position stands for the item's expression.
        let mut group_keys: Vec<&Expr> = select.group_by.iter().collect();
        for (position, item) in select.items.iter().enumerate() {
            if let SelectItem::Expr { expr, alias, .. } = item {
                let by_label = alias
                    .as_ref()
                    .is_some_and(|a| grouped_labels.contains(&a.name.to_ascii_lowercase()));
                if by_label || grouped_positions.contains(&(position + 1)) {
                    group_keys.push(expr);
                }
            }
        }
        let schema = self.schema;
        let grouped_tables: Vec<&str> = scope
            .relations
            .iter()
            .filter(|r| {
                let Some(table) = r.table.and_then(|t| schema.tables.get(t)) else {
                    return false;
                };
                !table.primary_key.is_empty()
                    && table.primary_key.iter().all(|&pk| {
                        group_keys
                            .iter()
                            .any(|key| is_column(key, &r.name, &table.columns[pk].name.name))
                    })
            })
            .map(|r| r.name.as_str())
            .collect();
        let check = GroupingCheck {
            keys: &group_keys,
            grouped_tables: &grouped_tables,
            labels: &scope.labels,
        };
        let mut problems = Vec::new();
        for (position, item) in select.items.iter().enumerate() {
            let SelectItem::Expr { expr, .. } = item else {
                continue;
            };
            if !wildcards.iter().any(|w| w.items.contains(&position)) {
                check.visit(expr, &mut problems);
            }
        }
        // A `*` is one mistake however many of its columns are ungrouped.
        for wildcard in wildcards {
            let mut ungrouped = Vec::new();
            for item in &select.items[wildcard.items.clone()] {
                if let SelectItem::Expr { expr, .. } = item {
                    check.visit(expr, &mut ungrouped);
                }
            }
            if !ungrouped.is_empty() {
                let names: Vec<String> = ungrouped.into_iter().map(|(_, name)| name).collect();
                self.errors.at(
                    wildcard.span,
                    format!(
                        "`{}` selects {}, which must appear in GROUP BY or be used in an aggregate function; list the columns instead",
                        wildcard.text,
                        one_of(&names)
                    ),
                );
            }
        }
        if let Some(having) = &select.having {
            check.visit(having, &mut problems);
        }
        for order in order_by {
            check.visit(&order.expr, &mut problems);
        }
        for (range, text) in problems {
            self.errors.spanned(
                range,
                format!("`{text}` must appear in GROUP BY or be used in an aggregate function such as `max({text})`"),
            );
        }
    }
}

struct GroupingCheck<'a> {
    keys: &'a [&'a Expr],
    grouped_tables: &'a [&'a str],
    labels: &'a [(String, Ty)],
}

impl GroupingCheck<'_> {
    fn visit(&self, expr: &Expr, problems: &mut Vec<(SpanRange, String)>) {
        crate::stack::deep(|| self.visit_here(expr, problems));
    }

    fn visit_here(&self, expr: &Expr, problems: &mut Vec<(SpanRange, String)>) {
        if self.keys.iter().any(|key| same_expr(key, expr)) {
            return;
        }
        match &expr.kind {
            // An aggregate with OVER is a window function: computed per row after grouping,
            // from grouped values.
            ExprKind::Function(call)
                if call.over.is_none() && functions::is_aggregate(&call.name.name) => {}
            ExprKind::Column(column) => {
                let grouped_table = column
                    .table
                    .as_ref()
                    .is_some_and(|t| self.grouped_tables.contains(&t.name.as_str()));
                let is_label = column.table.is_none()
                    && self
                        .labels
                        .iter()
                        .any(|(l, _)| l.eq_ignore_ascii_case(&column.column.name));
                if !grouped_table && !is_label {
                    problems.push((expr.range, column_text(column)));
                }
            }
            // Columns inside a subquery belong to it (outer references are constant per row);
            // the walk does not enter subqueries.
            _ => expr.for_each_child(|child| self.visit(child, problems)),
        }
    }
}

/// Whether `expr` calls an aggregate outside any subquery (a subquery's aggregates are its
/// own).
pub(super) fn contains_aggregate(expr: &Expr) -> bool {
    if let ExprKind::Function(call) = &expr.kind {
        if call.over.is_none() && functions::is_aggregate(&call.name.name) {
            return true;
        }
    }
    let mut found = false;
    expr.for_each_child(|child| found = found || contains_aggregate(child));
    found
}

/// Structural equality of two resolved expressions (columns compare by qualified name).
fn same_expr(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Nested(a), _) => same_expr(a, b),
        (_, ExprKind::Nested(b)) => same_expr(a, b),
        (ExprKind::Column(x), ExprKind::Column(y)) => {
            x.column.is(&y.column.name)
                && match (&x.table, &y.table) {
                    (Some(s), Some(t)) => s.is(&t.name),
                    _ => true,
                }
        }
        (ExprKind::Literal(x), ExprKind::Literal(y)) => x == y,
        (ExprKind::Unary { op: o1, operand: x }, ExprKind::Unary { op: o2, operand: y }) => {
            o1 == o2 && same_expr(x, y)
        }
        (
            ExprKind::Binary {
                op: o1,
                left: l1,
                right: r1,
                ..
            },
            ExprKind::Binary {
                op: o2,
                left: l2,
                right: r2,
                ..
            },
        ) => o1 == o2 && same_expr(l1, l2) && same_expr(r1, r2),
        (ExprKind::Function(f), ExprKind::Function(g)) => {
            f.name.is(&g.name.name)
                && f.distinct == g.distinct
                && match (&f.args, &g.args) {
                    (FunctionArgs::Star(_), FunctionArgs::Star(_)) => true,
                    (FunctionArgs::List(x), FunctionArgs::List(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_expr(p, q))
                    }
                    _ => false,
                }
        }
        _ => false,
    }
}

fn is_column(expr: &Expr, binding: &str, column: &str) -> bool {
    match &expr.kind {
        ExprKind::Column(c) => {
            c.column.is(column) && c.table.as_ref().is_some_and(|t| t.is(binding))
        }
        ExprKind::Nested(inner) => is_column(inner, binding, column),
        _ => false,
    }
}
