//! Statements with optional predicates (`WHERE title LIKE {title?}`): one SQL string for each
//! combination of given and `None` values, each leaving out the conditions, LIMIT or OFFSET of
//! the values that are `None`, its placeholders numbered over the parameters it keeps.

use super::{Rendered, Writer};
use crate::analyze::{CheckedStatement, MAX_OPTIONAL_PARAMS};
use crate::ast::*;
use crate::dialect::{Dialect, PerDialect};

/// One combination of a statement's optional parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The SQL per dialect.
    pub rendered: PerDialect<Rendered>,
    /// For each parameter slot, the slot it is bound at in this SQL (its placeholder number,
    /// 0-based, over the parameters this SQL keeps), or `None` where the SQL leaves it out.
    pub bound_at: Vec<Option<usize>>,
}

/// Every variant of `checked`, indexed by which optional parameters are given: bit `i` of the
/// index is set when the `i`-th optional parameter (in slot order) is `Some`. A statement
/// without optional parameters has one variant, its SQL as [`super::render_typed`] writes it.
pub fn render_variants(checked: &CheckedStatement) -> Vec<Variant> {
    let params = &checked.analysis().params;
    let optional: Vec<usize> = (0..params.len())
        .filter(|&slot| params[slot].optional)
        .collect();
    // Past the limit the statement does not compile; its error is the analyzer's.
    let count = optional.len().min(MAX_OPTIONAL_PARAMS);
    (0..1usize << count)
        .map(|given| {
            let mut absent = vec![false; params.len()];
            for (bit, &slot) in optional.iter().enumerate() {
                absent[slot] = given & (1 << bit) == 0;
            }
            // The parameters the SQL keeps, found by writing it once; numbered in slot order.
            let mut probe = Writer::new(Dialect::Sqlite, &[]);
            probe.absent.clone_from(&absent);
            probe.statement(checked.statement());
            let mut next = 0;
            let bound_at: Vec<Option<usize>> = (0..params.len())
                .map(|slot| {
                    probe.used.get(slot).copied().unwrap_or(false).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect();
            let rendered = Dialect::ALL.map(|dialect| {
                let mut writer = Writer::new(dialect, params);
                writer.absent.clone_from(&absent);
                writer.bound_at.clone_from(&bound_at);
                writer.statement(checked.statement());
                Rendered {
                    sql: writer.sql,
                    positional_slots: writer.positional_slots,
                    // A statement with optional predicates is not an INSERT of values.
                    batch: None,
                }
            });
            Variant { rendered, bound_at }
        })
        .collect()
}

impl Writer {
    /// ` WHERE condition` or ` HAVING condition`: without the conditions joined by AND at its
    /// top whose optional parameters are `None`, and without the keyword when none is left.
    pub(super) fn condition_clause(&mut self, keyword: &str, condition: Option<&Expr>) {
        let Some(condition) = condition else {
            return;
        };
        if !self.absent.contains(&true) {
            self.push(keyword);
            self.expr(condition);
            return;
        }
        let mut conjuncts = Vec::new();
        flatten_and(condition, &mut conjuncts);
        let kept: Vec<&Expr> = conjuncts
            .into_iter()
            .filter(|conjunct| !self.leaves_out(conjunct))
            .collect();
        if kept.is_empty() {
            return;
        }
        self.push(keyword);
        for (i, conjunct) in kept.into_iter().enumerate() {
            if i > 0 {
                self.push(" AND ");
            }
            self.operand(conjunct, precedence::AND);
        }
    }

    /// Whether `expr` is written in this variant: not when one of its own optional parameters
    /// (outside its subqueries, which leave out conditions of their own) is `None`.
    pub(super) fn leaves_out(&self, expr: &Expr) -> bool {
        let own = match &expr.kind {
            ExprKind::Param(param) | ExprKind::InParam { list: param, .. } => {
                self.absent.get(param.slot).copied().unwrap_or(false)
            }
            _ => false,
        };
        let mut child_absent = false;
        expr.for_each_child(|child| child_absent |= self.leaves_out(child));
        own || child_absent
    }
}

/// The conditions `a AND b AND (c AND d)` joins at its top: `a`, `b`, `c`, `d`.
fn flatten_and<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &expr.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
            ..
        } => {
            flatten_and(left, out);
            flatten_and(right, out);
        }
        ExprKind::Nested(inner)
            if matches!(
                inner.kind,
                ExprKind::Binary {
                    op: BinaryOp::And,
                    ..
                }
            ) =>
        {
            flatten_and(inner, out)
        }
        _ => out.push(expr),
    }
}
