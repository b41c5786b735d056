//! Expressions: the type and nullability of each, walked node by node; operators,
//! function calls and parameters have their own files beside this one.

use super::scope::Scope;
use super::typed_nulls::{forced_typed_null, typed_null};
use super::{Analyzer, Clause, Kind, Ty};
use crate::ast::*;
use crate::types::{Family, SqlType};

impl Analyzer<'_> {
    pub(super) fn condition(
        &mut self,
        scope: &Scope<'_>,
        expr: &mut Expr,
        clause: Clause,
        name: &str,
    ) {
        // Every part of a WHERE or HAVING condition is in one of the conditions joined by AND
        // at its top, which is left out with its optional parameters.
        let optional_allowed = std::mem::replace(
            &mut self.optional_allowed,
            matches!(name, "WHERE" | "HAVING"),
        );
        let ty = self.expr(scope, expr, clause);
        self.optional_allowed = optional_allowed;
        self.expect_type(ty, expr, SqlType::Boolean, false, name);
    }

    /// Requires `ty` to be of `expected`'s family; a parameter becomes `expected`.
    pub(super) fn expect_type(
        &mut self,
        ty: Ty,
        expr: &Expr,
        expected: SqlType,
        nullable: bool,
        context: &str,
    ) {
        match ty.kind {
            Kind::Param(slot) => self.fix_param(slot, expected, nullable, expr),
            Kind::Known(found) if found.family() != expected.family() => {
                let what = if expected.is_integer() {
                    "an integer".to_owned()
                } else if expected.family() == Family::Number {
                    "a number".to_owned()
                } else if expected == SqlType::Boolean {
                    "a condition (true or false)".to_owned()
                } else {
                    expected.display()
                };
                self.errors.spanned(
                    expr.range,
                    format!("{context} expects {what}, found {}", found.display()),
                );
            }
            _ => {}
        }
    }

    /// A parameter with no type yet takes the type of what it meets.
    pub(super) fn settle(&mut self, ty: Ty) -> Ty {
        if let Kind::Param(slot) = ty.kind {
            return self
                .param_type(slot)
                .map_or(Ty::UNKNOWN, |t| Ty::known(t, false));
        }
        ty
    }

    pub(super) fn expr(&mut self, scope: &Scope<'_>, expr: &mut Expr, clause: Clause) -> Ty {
        crate::stack::deep(|| self.expr_here(scope, expr, clause))
    }

    fn expr_here(&mut self, scope: &Scope<'_>, expr: &mut Expr, clause: Clause) -> Ty {
        let range = expr.range;
        match &mut expr.kind {
            ExprKind::Literal(literal) => literal_type(literal),
            ExprKind::Column(column) => self.column(scope, column),
            ExprKind::Param(param) => {
                if self
                    .params
                    .get(param.slot)
                    .and_then(Option::as_ref)
                    .is_some_and(|p| p.info.list)
                {
                    self.errors.at(
                        param.span,
                        "this parameter is a list (`IN {list}`) elsewhere; one value needs a parameter of its own",
                    );
                }
                self.register_param(param);
                Ty {
                    kind: Kind::Param(param.slot),
                    nullable: false,
                }
            }
            ExprKind::Nested(inner) => self.expr(scope, inner, clause),
            ExprKind::Unary { op, operand } => {
                let op = *op;
                let ty = self.expr(scope, operand, clause);
                match op {
                    UnaryOp::Not => {
                        self.expect_type(ty, operand, SqlType::Boolean, false, "NOT");
                        Ty {
                            nullable: ty.nullable,
                            ..Ty::BOOLEAN
                        }
                    }
                    UnaryOp::Neg | UnaryOp::Plus => {
                        let ty = forced_typed_null(operand, ty, SqlType::Integer);
                        self.expect_type(ty, operand, SqlType::Double, false, "`-`");
                        let mut ty = self.settle(ty);
                        // `-u` of an unsigned value is negative: signed.
                        if let Kind::Known(t) = ty.kind {
                            ty.kind = Kind::Known(t.signed());
                        }
                        ty
                    }
                }
            }
            ExprKind::Binary {
                op,
                op_span,
                left,
                right,
            } => {
                let (op, op_span) = (*op, *op_span);
                let mut left_ty = self.expr(scope, left, clause);
                let mut right_ty = self.expr(scope, right, clause);
                if op.is_comparison() {
                    self.check_text_literal(left, right_ty);
                    self.check_text_literal(right, left_ty);
                    // `"title" = {t}`: compared with a column, the string is meant as text.
                    for (string, other) in [(&**left, &**right), (&**right, &**left)] {
                        if !matches!(other.kind, ExprKind::Column(_)) {
                            self.warn_string_naming_a_column(scope, string);
                        }
                    }
                }
                if op.is_comparison() || op == BinaryOp::Concat {
                    // `min(NULL) = 1`, `d.x < 5`: the NULL side takes the other side's type.
                    let known = |ty: Ty| match ty.kind {
                        Kind::Known(t) => Some(t),
                        _ => None,
                    };
                    let target = if op == BinaryOp::Concat {
                        Some(SqlType::Text)
                    } else {
                        known(right_ty).or(known(left_ty))
                    };
                    if let Some(target) = target {
                        if op == BinaryOp::Concat
                            && left_ty.kind == Kind::Null
                            && right_ty.kind == Kind::Null
                        {
                            left_ty = forced_typed_null(left, left_ty, target);
                            right_ty = forced_typed_null(right, right_ty, target);
                        } else {
                            left_ty = typed_null(left, left_ty, target);
                            right_ty = typed_null(right, right_ty, target);
                        }
                    }
                } else if op.is_arithmetic() {
                    // `1 - CASE ... THEN NULL END`, `d.x + 1` over `SELECT NULL AS x`: the
                    // NULL takes the other side's type (INTEGER when both are NULL).
                    let number = |ty: Ty| match ty.kind {
                        Kind::Known(t) if t.family() == Family::Number => Some(t),
                        _ => None,
                    };
                    match number(right_ty).or(number(left_ty)) {
                        Some(target) => {
                            left_ty = typed_null(left, left_ty, target);
                            right_ty = typed_null(right, right_ty, target);
                        }
                        None => {
                            left_ty = forced_typed_null(left, left_ty, SqlType::Integer);
                            right_ty = forced_typed_null(right, right_ty, SqlType::Integer);
                        }
                    }
                }
                self.binary(op, op_span, left, left_ty, right, right_ty)
            }
            ExprKind::IsNull { operand, .. } => {
                // `:t IS NULL OR title LIKE :t`: the parameter is optional, and takes its type
                // from its other uses (or is an error at the end, with the CAST to add).
                self.expr(scope, operand, clause);
                if let Some(slot) = param_slot(operand) {
                    self.param_may_be_null(slot);
                }
                Ty::BOOLEAN
            }
            ExprKind::InList { operand, list, .. } => {
                let ty = self.expr(scope, operand, clause);
                let mut nullable = ty.nullable;
                let mut settled = ty;
                for item in list.iter_mut() {
                    let item_ty = self.expr(scope, item, clause);
                    self.check_text_literal(item, ty);
                    nullable |= item_ty.nullable;
                    settled = self.compare(settled, operand, item_ty, item);
                }
                if let Kind::Param(_) = settled.kind {
                    self.errors.cannot_infer(
                        range,
                        "cannot infer the type of the parameters in this IN list",
                    );
                }
                if let Kind::Known(target) = settled.kind {
                    // `d.x IN (1, 2)` over `SELECT NULL AS x`: as for `=`.
                    typed_null(operand, ty, target);
                }
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                let mut ty = self.expr(scope, operand, clause);
                let mut low_ty = self.expr(scope, low, clause);
                let mut high_ty = self.expr(scope, high, clause);
                let known = [ty, low_ty, high_ty].iter().find_map(|ty| match ty.kind {
                    Kind::Known(t) => Some(t),
                    _ => None,
                });
                for (expr, other) in [(&*low, ty), (&*high, ty), (&*operand, low_ty)] {
                    self.check_text_literal(expr, other);
                }
                if let Some(target) = known {
                    ty = typed_null(operand, ty, target);
                    low_ty = typed_null(low, low_ty, target);
                    high_ty = typed_null(high, high_ty, target);
                }
                let settled = self.compare(ty, operand, low_ty, low);
                self.compare(settled, operand, high_ty, high);
                Ty {
                    nullable: ty.nullable || low_ty.nullable || high_ty.nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Like {
                operand,
                pattern,
                escape,
                ..
            } => {
                let ty = self.expr(scope, operand, clause);
                let pattern_ty = self.expr(scope, pattern, clause);
                self.expect_type(ty, operand, SqlType::Text, false, "LIKE");
                self.expect_type(
                    pattern_ty,
                    pattern,
                    SqlType::Text,
                    false,
                    "the LIKE pattern",
                );
                let mut nullable = ty.nullable || pattern_ty.nullable;
                if let Some(escape) = escape {
                    if let ExprKind::Literal(Literal::String(text)) = &escape.kind {
                        if text.chars().count() != 1 {
                            self.errors.spanned(
                                escape.range,
                                format!(
                                    "ESCAPE takes one character, found {}",
                                    text.chars().count()
                                ),
                            );
                        }
                    }
                    let escape_ty = self.expr(scope, escape, clause);
                    self.expect_type(escape_ty, escape, SqlType::Text, false, "ESCAPE");
                    nullable |= escape_ty.nullable;
                }
                Ty {
                    nullable,
                    ..Ty::BOOLEAN
                }
            }
            ExprKind::Function(call) => self.function(scope, call, clause, range),
            ExprKind::Subquery(query) => {
                let output = self.query(query, Some(scope));
                match output.columns.as_slice() {
                    // No row gives NULL, unless the subquery always returns exactly one row.
                    [column] => {
                        let ty = self.settle(column.ty);
                        ty.nullable(ty.nullable || !always_one_row(query))
                    }
                    columns => {
                        self.errors.spanned(
                            range,
                            format!(
                                "a subquery used as a value must return one column, found {}",
                                columns.len()
                            ),
                        );
                        Ty::UNKNOWN
                    }
                }
            }
            ExprKind::Exists { subquery, .. } => {
                self.query(subquery, Some(scope));
                Ty::BOOLEAN
            }
            ExprKind::InParam { operand, list, .. } => {
                let ty = self.expr(scope, operand, clause);
                self.register_param(list);
                let slot = list.slot;
                if let Some(Some(state)) = self.params.get(slot) {
                    if state.ty.is_some() && !state.info.list {
                        self.errors.at(list.span, "this parameter is used as one value elsewhere; a list needs a parameter of its own");
                    }
                }
                match ty.kind {
                    Kind::Known(t) => self.fix_param(slot, t, false, operand),
                    Kind::Param(_) => self
                        .errors
                        .cannot_infer(operand.range, "cannot infer the type of this parameter"),
                    _ => {}
                }
                if let Some(Some(state)) = self.params.get_mut(slot) {
                    state.info.list = true;
                }
                self.constructs
                    .push((super::Construct::ListParameter, list.span));
                Ty::BOOLEAN.nullable(ty.nullable)
            }
            ExprKind::InSubquery {
                operand, subquery, ..
            } => {
                let ty = self.expr(scope, operand, clause);
                let output = self.query(subquery, Some(scope));
                match output.columns.as_slice() {
                    [column] => {
                        let settled = self.compare(ty, operand, column.ty, operand);
                        if let Kind::Param(_) = settled.kind {
                            self.errors.cannot_infer(
                                operand.range,
                                "cannot infer the type of this parameter",
                            );
                        }
                        if let Kind::Known(target) = column.ty.kind {
                            typed_null(operand, ty, target);
                        }
                    }
                    columns => self.errors.spanned(
                        range,
                        format!(
                            "the subquery of IN must return one column, found {}",
                            columns.len()
                        ),
                    ),
                }
                Ty::BOOLEAN.nullable(true)
            }
            ExprKind::Case {
                operand,
                whens,
                else_result,
            } => self.case(
                scope,
                operand.as_deref_mut(),
                whens,
                else_result.as_deref_mut(),
                clause,
            ),
            ExprKind::Cast { expr: inner, ty } => {
                let target = *ty;
                let inner_ty = self.expr(scope, inner, clause);
                match inner_ty.kind {
                    Kind::Param(slot) => {
                        self.fix_param(slot, target, true, inner);
                        Ty::known(target, true)
                    }
                    _ => Ty::known(target, inner_ty.nullable),
                }
            }
        }
    }

    /// A text literal where a DATE, TIMESTAMP, TIMESTAMPTZ or UUID is expected must spell
    /// one: PostgreSQL would refuse it only at run time, SQLite would store it as it is.
    pub(super) fn check_text_literal(&mut self, expr: &Expr, expected: Ty) {
        if let (ExprKind::Literal(Literal::String(text)), Kind::Known(ty)) =
            (&expr.kind, expected.kind)
        {
            if let Some(form) = super::literals::malformed(text, ty) {
                self.errors.spanned(
                    expr.range,
                    format!("{text:?} is not a {}; write it as {form}", ty.display()),
                );
            }
        }
    }
}

impl Analyzer<'_> {
    /// A string literal that spells a column of the query (`SELECT "title"`): in `query!`
    /// double quotes make a string, not a quoted name as in PostgreSQL, so this is likely the
    /// column meant.
    pub(super) fn warn_string_naming_a_column(&mut self, scope: &Scope<'_>, expr: &Expr) {
        if let ExprKind::Literal(Literal::String(text)) = &expr.kind {
            if scope.has_column(text) {
                self.warn(
                    expr.range.start,
                    "string_named_like_a_column",
                    format!(
                        "this is the string {text:?}, not the column `{text}`: in query! double quotes write a string; write the column's name bare"
                    ),
                );
            }
        }
    }
}

pub(super) fn column_text(column: &ColumnRef) -> String {
    match &column.table {
        Some(table) => format!("{}.{}", table.name, column.column.name),
        None => column.column.name.clone(),
    }
}
pub(super) fn compatible(a: SqlType, b: SqlType) -> bool {
    if let (SqlType::Array(x), SqlType::Array(y)) = (a, b) {
        return compatible(x.sql_type(), y.sql_type());
    }
    if let (SqlType::Enum(x), SqlType::Enum(y)) = (a, b) {
        return x == y;
    }
    let (fa, fb) = (a.family(), b.family());
    // Text meets the types written as text literals; the literal's form is checked apart.
    (fa == fb && fa != Family::Json)
        || matches!(
            (fa, fb),
            (
                Family::Temporal | Family::Uuid | Family::Json | Family::Enum,
                Family::Text
            ) | (
                Family::Text,
                Family::Temporal | Family::Uuid | Family::Json | Family::Enum
            )
        )
}
fn literal_type(literal: &Literal) -> Ty {
    match literal {
        Literal::Integer(digits) => {
            let ty = if digits.parse::<i32>().is_ok() {
                SqlType::Integer
            } else {
                SqlType::BigInt
            };
            Ty::known(ty, false)
        }
        Literal::Float(_) => Ty::known(SqlType::Double, false),
        Literal::String(_) => Ty::known(SqlType::Text, false),
        Literal::Boolean(_) => Ty::BOOLEAN,
        Literal::Null => Ty {
            kind: Kind::Null,
            nullable: true,
        },
    }
}

/// Whether a query returns exactly one row whatever the data: an aggregate over the whole
/// input (no GROUP BY, HAVING, LIMIT or OFFSET), as in `(SELECT count(*) FROM t WHERE ...)`.
fn always_one_row(query: &Query) -> bool {
    let SetExpr::Select(select) = &query.body else {
        return false;
    };
    query.limit.is_none()
        && query.offset.is_none()
        && select.group_by.is_empty()
        && select.having.is_none()
        && select.items.iter().all(|item| match item {
            SelectItem::Expr { expr, .. } => super::grouping::contains_aggregate(expr),
            _ => false,
        })
}

/// The slot of a parameter, seen through parentheses.
pub(super) fn param_slot(expr: &Expr) -> Option<usize> {
    match &expr.kind {
        ExprKind::Param(param) => Some(param.slot),
        ExprKind::Nested(inner) => param_slot(inner),
        _ => None,
    }
}
