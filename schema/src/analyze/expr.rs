//! Expressions: the type and nullability of each, checked where operands meet; parameters
//! take the type of what they meet.

use super::functions::{self, NullArguments, ResultRule};
use super::scope::Scope;
use super::{Analyzer, Clause, Kind, ParamInfo, ParamState, Ty};
use crate::ast::*;
use crate::errors::{did_you_mean, SpanRange};
use crate::types::{Family, SqlType};
use proc_macro2::Span;

impl Analyzer<'_> {
    pub(super) fn condition(
        &mut self,
        scope: &Scope<'_>,
        expr: &mut Expr,
        clause: Clause,
        name: &str,
    ) {
        let ty = self.expr(scope, expr, clause);
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

    /// Starts tracking a parameter at its first appearance.
    fn register_param(&mut self, param: &Param) {
        if let Some(entry @ None) = self.params.get_mut(param.slot) {
            *entry = Some(ParamState {
                info: ParamInfo {
                    kind: param.kind.clone(),
                    span: param.span,
                    ty: SqlType::Text,
                    nullable: false,
                    list: false,
                },
                ty: None,
                nullable: false,
            });
        }
    }

    /// The type a parameter has been given so far.
    pub(super) fn param_type(&self, slot: usize) -> Option<SqlType> {
        self.params
            .get(slot)
            .and_then(|p| p.as_ref())
            .and_then(|p| p.ty)
    }

    pub(super) fn fix_param(&mut self, slot: usize, ty: SqlType, nullable: bool, at: &Expr) {
        let Some(Some(state)) = self.params.get_mut(slot) else {
            return;
        };
        match state.ty {
            None => {
                state.ty = Some(ty);
                state.nullable = nullable;
            }
            Some(previous) if previous.family() != ty.family() => {
                let name = match &state.info.kind {
                    ParamKind::Named(name) => format!("`:{name}`"),
                    ParamKind::Inline(_) => "this parameter".to_owned(),
                };
                self.errors.spanned(
                    at.range,
                    format!(
                        "parameter {name} is used as {} here but as {} before",
                        ty.display(),
                        previous.display()
                    ),
                );
            }
            Some(_) => state.nullable &= nullable,
        }
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
                        self.settle(ty)
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
                let ty = self.expr(scope, operand, clause);
                if let Kind::Param(_) = ty.kind {
                    self.errors.spanned(
                        operand.range,
                        "a parameter tested with IS NULL has no type; compare a column instead",
                    );
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
                    self.errors.spanned(
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
                        .spanned(operand.range, "cannot infer the type of this parameter"),
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
                            self.errors
                                .spanned(operand.range, "cannot infer the type of this parameter");
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

    fn binary(
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
                    self.errors.at(
                        op_span,
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

    fn arithmetic(
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
                self.errors.spanned(
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
    fn case(
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
        if let Kind::Param(_) = result.kind {
            return Ty::UNKNOWN;
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
                self.fix_param(slot, t, false, left);
                right_ty
            }
            (Kind::Known(t), Kind::Param(slot)) => {
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

    fn function(
        &mut self,
        scope: &Scope<'_>,
        call: &mut FunctionCall,
        clause: Clause,
        range: SpanRange,
    ) -> Ty {
        let Some(function) = functions::lookup(&call.name.name) else {
            let known = functions::FUNCTIONS.iter().map(|f| f.name);
            let help = did_you_mean(&call.name.name, known).unwrap_or_default();
            self.errors.at(
                call.name.span,
                format!("unknown function `{}`{help}", call.name.name),
            );
            return Ty::UNKNOWN;
        };
        let name = function.name;
        let is_aggregate = function.aggregate;
        call.name.name = name.to_owned();
        let inner_clause = if is_aggregate {
            match clause {
                Clause::Aggregating => Clause::InAggregate,
                Clause::Plain => {
                    self.errors.spanned(
                        range,
                        format!(
                            "aggregate `{name}` is not allowed here; filter groups with HAVING"
                        ),
                    );
                    Clause::InAggregate
                }
                Clause::InAggregate => {
                    self.errors.spanned(
                        range,
                        format!("aggregate `{name}` cannot be nested inside another aggregate"),
                    );
                    Clause::InAggregate
                }
            }
        } else {
            clause
        };
        if call.distinct && !is_aggregate {
            self.errors.at(
                call.name.span,
                format!("DISTINCT is only allowed in aggregates, not in `{name}`"),
            );
        }
        let star = matches!(call.args, FunctionArgs::Star(_));
        let args: Vec<(Ty, &Expr)> = match &mut call.args {
            FunctionArgs::Star(span) => {
                if !function.arity.takes_star() {
                    self.errors.at(
                        *span,
                        format!("`*` is only allowed in `count(*)`, not in `{name}`"),
                    );
                }
                Vec::new()
            }
            FunctionArgs::List(args) => {
                let mut typed = Vec::new();
                for arg in args.iter_mut() {
                    let ty = self.expr(scope, arg, inner_clause);
                    typed.push(ty);
                }
                typed_null_arguments(function.null_arguments, args, &mut typed);
                typed.into_iter().zip(args.iter()).collect()
            }
        };
        if !function.arity.allows(args.len(), star) {
            self.errors.spanned(
                range,
                format!(
                    "`{name}` takes {}, found {}",
                    function.arity.describe(),
                    args.len()
                ),
            );
            return Ty::UNKNOWN;
        }
        let first = args.first().map(|(ty, _)| *ty).unwrap_or(Ty::UNKNOWN);
        let number = |this: &mut Self, (ty, expr): (Ty, &Expr)| -> Option<SqlType> {
            match ty.kind {
                Kind::Known(t) if t.family() == Family::Number => Some(t),
                Kind::Known(t) => {
                    this.errors.spanned(
                        expr.range,
                        format!("`{name}` needs a number, found {}", t.display()),
                    );
                    None
                }
                _ => None,
            }
        };
        // Without GROUP BY an aggregate may see no rows at all, and then yields NULL; within
        // a group it sees at least one row, so it is NULL only if its argument can be.
        let aggregate_nullable = first.nullable || !self.grouped;
        match function.result {
            ResultRule::Count => Ty::known(SqlType::BigInt, false),
            ResultRule::Sum => match number(self, args[0]) {
                Some(t) if t.is_integer() => Ty::known(SqlType::BigInt, aggregate_nullable),
                Some(SqlType::Numeric(_)) => Ty::known(SqlType::Numeric(None), aggregate_nullable),
                Some(_) => Ty::known(SqlType::Double, aggregate_nullable),
                None => Ty::UNKNOWN,
            },
            ResultRule::Average => match number(self, args[0]) {
                Some(_) => Ty::known(SqlType::Double, aggregate_nullable),
                None => Ty::UNKNOWN,
            },
            ResultRule::SameAsArgumentAggregated => Ty {
                nullable: aggregate_nullable,
                ..first
            },
            ResultRule::SameNumber => match number(self, args[0]) {
                Some(t) => Ty::known(t, first.nullable),
                None => Ty::UNKNOWN,
            },
            ResultRule::Text => {
                self.expect_type(first, args[0].1, SqlType::Text, false, &format!("`{name}`"));
                Ty::known(SqlType::Text, first.nullable)
            }
            ResultRule::Length => Ty::known(SqlType::Integer, first.nullable),
            // SQLite's float sum: 0.0, not NULL, over no rows (emulated elsewhere).
            ResultRule::Total => match number(self, args[0]) {
                Some(_) => Ty::known(SqlType::Double, false),
                None => Ty::UNKNOWN,
            },
            ResultRule::Concatenation => {
                if let Some((separator, expr)) = args.get(1) {
                    self.expect_type(
                        *separator,
                        expr,
                        SqlType::Text,
                        false,
                        "the separator of `group_concat`",
                    );
                }
                Ty::known(SqlType::Text, true)
            }
            ResultRule::NullIf => Ty {
                nullable: true,
                ..first
            },
            ResultRule::Coalesce => {
                // The first known type; NULL only if every argument can be.
                let mut result = Ty::UNKNOWN;
                let mut nullable = true;
                for (ty, expr) in &args {
                    nullable &= ty.nullable;
                    result = self.compare(result, expr, *ty, expr);
                }
                Ty { nullable, ..result }
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
    let (fa, fb) = (a.family(), b.family());
    (fa == fb && fa != Family::Json)
        || matches!(
            (fa, fb),
            (Family::Temporal | Family::Uuid | Family::Json, Family::Text)
                | (Family::Text, Family::Temporal | Family::Uuid | Family::Json)
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

/// `expr`, of type `ty`, as a `CAST(... AS target)` when it is only ever NULL: PostgreSQL
/// types a bare NULL from its context, but makes a CASE of NULLs or a subquery's NULL
/// column TEXT, and cannot type `- NULL` or `sum(NULL)` at all. Returns its type afterwards.
///
/// A bare `NULL` literal is left as it is: PostgreSQL types it from a typed context, and
/// the SQL stays as written. [`forced_typed_null`] casts it too, where no context types it.
fn typed_null(expr: &mut Expr, ty: Ty, target: SqlType) -> Ty {
    if matches!(expr.kind, ExprKind::Literal(Literal::Null)) {
        return ty;
    }
    forced_typed_null(expr, ty, target)
}

/// [`typed_null`], bare `NULL` literals included: for `- NULL`, `NULL + NULL`, `sum(NULL)`,
/// which PostgreSQL cannot type.
fn forced_typed_null(expr: &mut Expr, ty: Ty, target: SqlType) -> Ty {
    if ty.kind != Kind::Null {
        return ty;
    }
    let range = expr.range;
    let null = std::mem::replace(
        expr,
        Expr {
            kind: ExprKind::Literal(Literal::Null),
            range,
        },
    );
    *expr = Expr {
        kind: ExprKind::Cast {
            expr: Box::new(null),
            ty: target,
        },
        range,
    };
    Ty::known(target, true)
}

/// NULL arguments typed for the functions whose result type follows from them: a number for
/// the numeric functions, the first typed argument's type for `coalesce`, `nullif`, `min`
/// and `max`.
fn typed_null_arguments(rule: NullArguments, args: &mut [Expr], types: &mut [Ty]) {
    let first_typed = types.iter().find_map(|ty| match ty.kind {
        Kind::Known(t) => Some(t),
        _ => None,
    });
    let (target, count, forced) = match rule {
        NullArguments::Untyped => return,
        NullArguments::FirstAsNumber => (Some(SqlType::Integer), 1, true),
        NullArguments::FirstLikeTyped => (first_typed, 1, false),
        NullArguments::AllLikeTyped => (first_typed, args.len(), false),
    };
    let Some(target) = target else {
        return;
    };
    for (arg, ty) in args.iter_mut().zip(types.iter_mut()).take(count) {
        *ty = if forced {
            forced_typed_null(arg, *ty, target)
        } else {
            typed_null(arg, *ty, target)
        };
    }
}

/// The select item at `position` in every SELECT of `body`, each only ever NULL there, as a
/// `CAST(... AS target)` (see [`typed_null`]).
pub(super) fn type_null_column(body: &mut SetExpr, position: usize, target: SqlType) {
    match body {
        SetExpr::Select(select) => {
            if let Some(SelectItem::Expr { expr, alias }) = select.items.get_mut(position) {
                // The column keeps its name: SQLite would name it after the CAST's text, and
                // a query reading it from a subquery by name would miss it.
                if let (None, ExprKind::Column(column)) = (&alias, &expr.kind) {
                    *alias = Some(column.column.clone());
                }
                let null = Ty {
                    kind: Kind::Null,
                    nullable: true,
                };
                typed_null(expr, null, target);
            }
        }
        SetExpr::SetOperation { left, right, .. } => {
            type_null_column(left, position, target);
            type_null_column(right, position, target);
        }
    }
}
