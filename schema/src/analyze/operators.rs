//! Operators, comparisons and CASE: where operands meet, their types are checked against
//! each other and a parameter takes the type of the other side.

use super::expr::{column_text, compatible};
use super::scope::Scope;
use super::typed_nulls::typed_null;
use super::{Analyzer, Clause, Kind, Ty};
use crate::ast::*;
use crate::types::{Family, SqlType};
use proc_macro2::Span;

impl Analyzer<'_> {
    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        op_span: Span,
        left: &Expr,
        left_ty: Ty,
        right: &Expr,
        right_ty: Ty,
    ) -> Ty {
        let nullable = left_ty.nullable || right_ty.nullable;
        match op {
            BinaryOp::And | BinaryOp::Or => {
                self.expect_type(left_ty, left, SqlType::Boolean, false, op.sql());
                self.expect_type(right_ty, right, SqlType::Boolean, false, op.sql());
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            _ if op.is_comparison() => {
                let settled = self.compare(left_ty, left, right_ty, right);
                if let Kind::Param(_) = settled.kind {
                    self.errors.cannot_infer(
                        crate::errors::SpanRange::single(op_span),
                        "cannot infer the types of two parameters compared with each other",
                    );
                }
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            BinaryOp::Concat => {
                for (ty, expr) in [(left_ty, left), (right_ty, right)] {
                    match ty.kind {
                        // `||` takes any type; an untyped parameter is bound as text.
                        Kind::Param(slot) if self.param_type(slot).is_none() => {
                            self.fix_param(slot, SqlType::Text, false, expr)
                        }
                        Kind::Known(t) if t.family() == Family::Blob => self
                            .errors
                            .spanned(expr.range, "`||` joins text; found BLOB"),
                        _ => {}
                    }
                }
                Ty::known(SqlType::Text, nullable)
            }
            _ => self.arithmetic(op, left, left_ty, right, right_ty, nullable),
        }
    }

    pub(super) fn arithmetic(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        left_ty: Ty,
        right: &Expr,
        right_ty: Ty,
        nullable: bool,
    ) -> Ty {
        let mut result = None;
        for (ty, expr, other) in [(left_ty, left, right_ty), (right_ty, right, left_ty)] {
            match ty.kind {
                Kind::Known(t) if t.family() == Family::Number => {
                    let t = t.signed();
                    result = Some(result.map_or(t, |r: SqlType| r.promote(t)));
                }
                Kind::Known(t) => {
                    let help = if op == BinaryOp::Add && t.family() == Family::Text {
                        "; use `||` to join text"
                    } else {
                        ""
                    };
                    self.errors.spanned(
                        expr.range,
                        format!("`{}` needs numbers, found {}{help}", op.sql(), t.display()),
                    );
                    return Ty::UNKNOWN;
                }
                Kind::Param(slot) => {
                    if let Kind::Known(t) = other.kind {
                        if t.family() == Family::Number {
                            self.fix_param(slot, t, false, expr);
                        }
                    }
                }
                Kind::Null | Kind::Unknown => {
                    return Ty {
                        kind: ty.kind,
                        nullable: true,
                    }
                }
            }
        }
        // SQLite and MySQL answer a division by zero with NULL, so `/` and `%` may yield NULL
        // unless the divisor is a literal that is not zero.
        let divides = matches!(op, BinaryOp::Div | BinaryOp::Rem);
        let nullable = nullable || (divides && !is_nonzero_literal(right));
        match result {
            Some(t) => Ty::known(t, nullable),
            None => {
                self.errors.cannot_infer(
                    left.range.to(right.range),
                    "cannot infer the types of two parameters in arithmetic",
                );
                Ty::UNKNOWN
            }
        }
    }

    /// Checks that two values can be compared; a parameter takes the other side's type.
    /// Returns the settled type of the pair.
    /// `CASE`: WHEN conditions are boolean (or compared with the operand); THEN and ELSE
    /// results share one type. Without ELSE, no match gives NULL.
    pub(super) fn case(
        &mut self,
        scope: &Scope<'_>,
        operand: Option<&mut Expr>,
        whens: &mut [(Expr, Expr)],
        else_result: Option<&mut Expr>,
        clause: Clause,
    ) -> Ty {
        let operand = operand.map(|operand| {
            let ty = self.expr(scope, operand, clause);
            (ty, &*operand)
        });
        let mut result = Ty {
            kind: Kind::Null,
            nullable: true,
        };
        let mut nullable = else_result.is_none();
        let mut result_types: Vec<Ty> = Vec::new();
        let mut results: Vec<(Ty, &Expr)> = Vec::new();
        for (when, then) in whens.iter_mut() {
            let when_ty = self.expr(scope, when, clause);
            match operand {
                Some((operand_ty, operand)) => {
                    self.compare(operand_ty, operand, when_ty, when);
                }
                None => self.expect_type(when_ty, when, SqlType::Boolean, false, "WHEN"),
            }
            let then_ty = self.expr(scope, then, clause);
            result_types.push(then_ty);
            results.push((then_ty, then));
        }
        let mut else_result = else_result;
        if let Some(else_result) = else_result.as_deref_mut() {
            let ty = self.expr(scope, else_result, clause);
            result_types.push(ty);
            results.push((ty, else_result));
        }
        let param_results: Vec<(usize, &Expr)> = results
            .iter()
            .filter_map(|(ty, expr)| match ty.kind {
                Kind::Param(slot) => Some((slot, *expr)),
                _ => None,
            })
            .collect();
        for (ty, expr) in results {
            nullable |= ty.nullable;
            result = match (result.kind, ty.kind) {
                (Kind::Known(a), Kind::Known(b))
                    if a.family() == Family::Number && b.family() == Family::Number =>
                {
                    Ty::known(a.promote(b), true)
                }
                (Kind::Known(a), Kind::Known(b)) if !compatible(a, b) => {
                    self.errors.spanned(
                        expr.range,
                        format!(
                            "mismatched types: CASE results are {} but this one is {}",
                            a.display(),
                            b.display()
                        ),
                    );
                    result
                }
                (Kind::Known(_), Kind::Param(slot)) => {
                    if let Kind::Known(t) = result.kind {
                        self.fix_param(slot, t, true, expr);
                    }
                    result
                }
                (Kind::Known(_), _) => result,
                (_, Kind::Known(_) | Kind::Unknown) => ty,
                _ => result,
            };
        }
        match result.kind {
            // A parameter result takes the other results' type, whichever comes first.
            Kind::Known(t) => {
                for &(slot, expr) in &param_results {
                    self.fix_param(slot, t, true, expr);
                }
            }
            // Only parameters (and NULLs): they are one type, the one the CASE's context gives
            // (`SET fullname = CASE ... THEN {a} ELSE {b} END`).
            _ if !param_results.is_empty() => {
                let (first, _) = param_results[0];
                for &(slot, _) in &param_results[1..] {
                    self.link_params(first, slot);
                }
                return Ty {
                    kind: Kind::Param(first),
                    nullable: true,
                };
            }
            _ => {}
        }
        // A result that is only ever NULL (a nested CASE of NULLs, a NULL column of a
        // subquery) takes the CASE's type: PostgreSQL would make it TEXT.
        if let Kind::Known(t) = result.kind {
            let others = whens.iter_mut().map(|(_, then)| then).chain(else_result);
            for (expr, ty) in others.zip(result_types) {
                typed_null(expr, ty, t);
            }
        }
        result.nullable(nullable)
    }

    pub(super) fn compare(&mut self, left_ty: Ty, left: &Expr, right_ty: Ty, right: &Expr) -> Ty {
        match (left_ty.kind, right_ty.kind) {
            (Kind::Param(a), Kind::Param(b)) => match (self.param_type(a), self.param_type(b)) {
                (Some(t), _) => {
                    self.fix_param(b, t, false, right);
                    Ty::known(t, false)
                }
                (None, Some(t)) => {
                    self.fix_param(a, t, false, left);
                    Ty::known(t, false)
                }
                (None, None) => left_ty,
            },
            (Kind::Param(slot), Kind::Known(t)) => {
                if let ExprKind::Column(column) = &right.kind {
                    self.param_meets_column(slot, column_text(column));
                }
                self.fix_param(slot, t, false, left);
                right_ty
            }
            (Kind::Known(t), Kind::Param(slot)) => {
                if let ExprKind::Column(column) = &left.kind {
                    self.param_meets_column(slot, column_text(column));
                }
                self.fix_param(slot, t, false, right);
                left_ty
            }
            (Kind::Known(l), Kind::Known(r)) if !compatible(l, r) => {
                let subject = match &left.kind {
                    ExprKind::Column(c) => format!("`{}` ({})", column_text(c), l.display()),
                    _ => l.display(),
                };
                self.errors.spanned(
                    right.range,
                    format!(
                        "mismatched types: cannot compare {subject} with {}",
                        r.display()
                    ),
                );
                left_ty
            }
            (Kind::Known(_), _) => left_ty,
            _ => right_ty,
        }
    }
}

/// Whether `expr` is a number literal other than zero (possibly negated or parenthesized).
fn is_nonzero_literal(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Literal(Literal::Integer(digits) | Literal::Float(digits)) => digits
            .parse::<f64>()
            .is_ok_and(|value| value != 0.0 && value.is_finite()),
        ExprKind::Nested(inner)
        | ExprKind::Unary {
            op: UnaryOp::Neg | UnaryOp::Plus,
            operand: inner,
        } => is_nonzero_literal(inner),
        _ => false,
    }
}
