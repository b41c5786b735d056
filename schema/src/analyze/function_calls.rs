//! Function calls, checked and typed through the catalog in `functions.rs`.

use super::functions::{self, ResultRule};
use super::scope::Scope;
use super::typed_nulls::typed_null_arguments;
use super::{Analyzer, Clause, Kind, Ty};
use crate::ast::*;
use crate::errors::{did_you_mean, SpanRange};
use crate::types::{Family, SqlType};

impl Analyzer<'_> {
    /// The `OVER` of a call: allowed where window functions are, for aggregates and window
    /// functions, over a window whose name (if any) the SELECT defines; its expressions typed.
    fn window_of_call(
        &mut self,
        scope: &Scope<'_>,
        call: &mut FunctionCall,
        function: &functions::Function,
        clause: Clause,
        range: SpanRange,
    ) {
        let name = function.name;
        if !self.window_allowed {
            self.errors.spanned(
                range,
                format!("window function `{name}` is only allowed in the SELECT list and ORDER BY; to filter or group on it, compute it in a subquery or CTE and use that"),
            );
        }
        if !function.aggregate && !function.window {
            self.errors.at(
                call.name.span,
                format!("`{name}` is not an aggregate or window function, so it takes no OVER"),
            );
        }
        if function.rendering != functions::Rendering::AsWritten {
            self.errors.at(
                call.name.span,
                format!(
                    "`{name}` cannot be a window function on every dialect; use `sum` or `count`"
                ),
            );
        }
        if let Some(window) = &mut call.over {
            self.window_spec(scope, window, clause);
        }
    }

    /// A window's name (one the SELECT's WINDOW clause defines), its PARTITION BY and ORDER BY
    /// typed in `clause`, its frame's offsets integers (for ROWS and GROUPS).
    pub(super) fn window_spec(
        &mut self,
        scope: &Scope<'_>,
        window: &mut WindowSpec,
        clause: Clause,
    ) {
        if let Some(name) = &window.name {
            if !self
                .windows
                .iter()
                .any(|w| w.eq_ignore_ascii_case(&name.name))
            {
                let help = did_you_mean(&name.name, self.windows.iter().map(String::as_str))
                    .unwrap_or_default();
                self.errors.at(
                    name.span,
                    format!(
                        "no window `{}` in this SELECT's WINDOW clause{help}",
                        name.name
                    ),
                );
            }
        }
        let allowed = std::mem::replace(&mut self.window_allowed, false);
        for expr in &mut window.partition_by {
            self.expr(scope, expr, clause);
        }
        for order in &mut window.order_by {
            self.expr(scope, &mut order.expr, clause);
        }
        if let Some(frame) = &mut window.frame {
            if frame.units == FrameUnits::Groups {
                self.constructs
                    .push((super::Construct::WindowGroupsFrame, frame.span));
            }
            let units = frame.units;
            for bound in [Some(&mut frame.start), frame.end.as_mut()]
                .into_iter()
                .flatten()
            {
                if let FrameBound::Preceding(offset) | FrameBound::Following(offset) = bound {
                    let ty = self.expr(scope, offset, Clause::Plain);
                    if units != FrameUnits::Range {
                        self.expect_integer(
                            ty,
                            offset,
                            "a frame's offset counts rows or groups with an integer",
                        );
                    }
                }
            }
        }
        self.window_allowed = allowed;
    }

    pub(super) fn function(
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
        call.name.name = name.to_owned();
        let windowed = call.over.is_some();
        if windowed {
            self.window_of_call(scope, call, function, clause, range);
        } else if function.window {
            self.errors.spanned(
                range,
                format!("`{name}` is a window function: add `OVER (...)`, e.g. `{name}() OVER (ORDER BY ...)`"),
            );
        }
        if let Some(filter) = &mut call.filter {
            if function.rendering != functions::Rendering::AsWritten {
                self.errors.at(
                    call.name.span,
                    format!("`{name}` cannot take FILTER on every dialect; use `sum` or `count`"),
                );
            }
            if function.aggregate {
                // The rows an aggregate takes: per row, like WHERE.
                let allowed = std::mem::replace(&mut self.window_allowed, false);
                self.condition(scope, filter, Clause::Plain, "FILTER");
                self.window_allowed = allowed;
            } else {
                self.errors.spanned(
                    filter.range,
                    format!("FILTER applies to aggregates, and `{name}` is not one"),
                );
            }
        }
        // An aggregate with OVER aggregates its window, not the group: its arguments are
        // per-row values, as in the clause it stands in.
        let is_aggregate = function.aggregate && !windowed;
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
                // Window functions do not nest, nor go inside an aggregate.
                let allowed = if windowed || function.aggregate {
                    std::mem::replace(&mut self.window_allowed, false)
                } else {
                    self.window_allowed
                };
                for arg in args.iter_mut() {
                    let ty = self.expr(scope, arg, inner_clause);
                    typed.push(ty);
                }
                self.window_allowed = allowed;
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
        // a group it sees at least one row, so it is NULL only if its argument can be. Over a
        // window it sees at least the current row, unless a frame leaves it out; FILTER may
        // leave it none.
        let may_see_no_rows = match &call.over {
            Some(window) => window.frame.is_some(),
            None => !self.grouped,
        };
        let aggregate_nullable = first.nullable || may_see_no_rows || call.filter.is_some();
        if let Some(construct) = function.construct {
            self.constructs.push((construct, call.name.span));
        }
        match function.result {
            ResultRule::Count => Ty::known(SqlType::BigInt, false),
            ResultRule::Sum => match number(self, args[0]) {
                // The sum of a BIGINT UNSIGNED's values may pass i64: exact, as a NUMERIC.
                Some(SqlType::BigIntUnsigned) => {
                    Ty::known(SqlType::Numeric(None), aggregate_nullable)
                }
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
            ResultRule::Extreme => {
                let mut result = Ty::UNKNOWN;
                for (ty, expr) in &args {
                    if ty.nullable && ty.kind != Kind::Null {
                        self.errors.spanned(
                            expr.range,
                            format!("`{name}` of a value that may be NULL differs by dialect (PostgreSQL skips the NULL, SQLite and MySQL return it); wrap it in `coalesce(x, fallback)`"),
                        );
                    }
                    result = match (result.kind, ty.kind) {
                        (Kind::Known(a), Kind::Known(b))
                            if a.family() == Family::Number && b.family() == Family::Number =>
                        {
                            Ty::known(a.promote(b), false)
                        }
                        _ => self.compare(result, expr, *ty, expr),
                    };
                }
                Ty {
                    nullable: false,
                    ..result
                }
            }
            ResultRule::TextOfAll => {
                let mut nullable = false;
                for (ty, expr) in &args {
                    self.expect_type(*ty, expr, SqlType::Text, false, &format!("`{name}`"));
                    nullable |= ty.nullable;
                }
                Ty::known(SqlType::Text, nullable)
            }
            ResultRule::Substring => {
                self.expect_type(first, args[0].1, SqlType::Text, false, &format!("`{name}`"));
                let mut nullable = first.nullable;
                for (ty, expr) in &args[1..] {
                    self.expect_type(
                        *ty,
                        expr,
                        SqlType::Integer,
                        false,
                        &format!("a position of `{name}`"),
                    );
                    nullable |= ty.nullable;
                }
                Ty::known(SqlType::Text, nullable)
            }
            // SQLite's float sum: 0.0, not NULL, over no rows (emulated elsewhere).
            ResultRule::Total => match number(self, args[0]) {
                Some(_) => Ty::known(SqlType::Double, false),
                None => Ty::UNKNOWN,
            },
            ResultRule::Concatenation => {
                let mut separator_nullable = false;
                if let Some((separator, expr)) = args.get(1) {
                    separator_nullable = separator.nullable;
                    self.expect_type(
                        *separator,
                        expr,
                        SqlType::Text,
                        false,
                        "the separator of `group_concat`",
                    );
                }
                // Like `max`: NULL over no rows or when every value is, so not NULL over a
                // group of NOT NULL values.
                Ty::known(SqlType::Text, aggregate_nullable || separator_nullable)
            }
            ResultRule::NullIf => Ty {
                nullable: true,
                ..first
            },
            ResultRule::RowNumber => {
                if let Some((buckets, expr)) = args.first() {
                    self.expect_integer(*buckets, expr, &format!("`{name}` needs an integer"));
                }
                Ty::known(SqlType::BigInt, false)
            }
            ResultRule::Distribution => Ty::known(SqlType::Double, false),
            ResultRule::Offset => {
                if let Some((offset, expr)) = args.get(1) {
                    self.expect_integer(
                        *offset,
                        expr,
                        &format!("the offset of `{name}` must be an integer"),
                    );
                }
                match args.get(2) {
                    // Past the edge the default stands in: NULL only if it or the value can be.
                    Some((default, expr)) => {
                        let result = self.compare(first, args[0].1, *default, expr);
                        Ty {
                            nullable: first.nullable || default.nullable,
                            ..result
                        }
                    }
                    None => Ty {
                        nullable: true,
                        ..first
                    },
                }
            }
            ResultRule::FrameValue => Ty {
                nullable: first.nullable || call.over.as_ref().is_some_and(|w| w.frame.is_some()),
                ..first
            },
            ResultRule::NthValue => {
                if let Some((n, expr)) = args.get(1) {
                    self.expect_integer(*n, expr, "`nth_value` counts rows with an integer");
                }
                Ty {
                    nullable: true,
                    ..first
                }
            }
            ResultRule::Now => Ty::known(SqlType::TimestampTz, false),
            ResultRule::Today => Ty::known(SqlType::Date, false),
            ResultRule::RandomUuid => Ty::known(SqlType::Uuid, false),
            ResultRule::DatePart => {
                let field = self.date_word(args[0].1, name, functions::DATE_FIELDS);
                let (ty, expr) = args[1];
                let temporal = self.expect_temporal(
                    ty,
                    expr,
                    name,
                    &[SqlType::Date, SqlType::Timestamp, SqlType::TimestampTz],
                );
                call.in_utc = temporal == Some(SqlType::TimestampTz);
                let ty_of_field = if field == Some("epoch") {
                    SqlType::BigInt
                } else {
                    SqlType::Integer
                };
                Ty::known(ty_of_field, ty.nullable)
            }
            ResultRule::Truncated => {
                self.date_word(args[0].1, name, functions::TRUNCATION_UNITS);
                let (ty, expr) = args[1];
                match self.expect_temporal(
                    ty,
                    expr,
                    name,
                    &[SqlType::Timestamp, SqlType::TimestampTz],
                ) {
                    Some(t) => {
                        call.in_utc = t == SqlType::TimestampTz;
                        Ty::known(t, ty.nullable)
                    }
                    None => Ty::UNKNOWN,
                }
            }
            ResultRule::Position => {
                let mut nullable = false;
                for (ty, expr) in &args {
                    self.expect_type(*ty, expr, SqlType::Text, false, &format!("`{name}`"));
                    nullable |= ty.nullable;
                }
                Ty::known(SqlType::Integer, nullable)
            }
            ResultRule::WholeNumber => match number(self, args[0]) {
                Some(SqlType::Numeric(_)) => Ty::known(SqlType::Numeric(None), first.nullable),
                Some(_) => Ty::known(SqlType::Double, first.nullable),
                None => Ty::UNKNOWN,
            },
            ResultRule::Coalesce => {
                // The arguments' common type (numbers the widest of them, as CASE results:
                // `coalesce(quantity, 0.5)` can be 0.5); NULL only if every argument can be.
                let mut result = Ty::UNKNOWN;
                let mut nullable = true;
                for (ty, expr) in &args {
                    nullable &= ty.nullable;
                    result = match (result.kind, ty.kind) {
                        (Kind::Known(a), Kind::Known(b))
                            if a.family() == Family::Number && b.family() == Family::Number =>
                        {
                            Ty::known(a.promote(b), true)
                        }
                        _ => self.compare(result, expr, *ty, expr),
                    };
                }
                // Every argument with one after it to fall back on may be NULL:
                // `coalesce(:title, "%")` takes an `Option`.
                for (_, expr) in &args[..args.len().saturating_sub(1)] {
                    if let Some(slot) = super::expr::param_slot(expr) {
                        self.param_may_be_null(slot);
                    }
                }
                Ty { nullable, ..result }
            }
        }
    }

    /// A count of rows, buckets or groups: an integer where its type is known by now.
    fn expect_integer(&mut self, ty: Ty, expr: &Expr, needs: &str) {
        if let Kind::Known(t) = ty.kind {
            if !t.is_integer() {
                self.errors
                    .spanned(expr.range, format!("{needs}, found {}", t.display()));
            }
        }
    }

    /// The field of `extract`/`date_part` or the unit of `date_trunc`: a string literal, one
    /// of `words` (any case); `None` after reporting anything else.
    fn date_word(
        &mut self,
        arg: &Expr,
        name: &str,
        words: &[&'static str],
    ) -> Option<&'static str> {
        let found = match &arg.kind {
            ExprKind::Literal(Literal::String(text)) => {
                let word = words.iter().find(|w| w.eq_ignore_ascii_case(text));
                if word.is_some() {
                    return word.copied();
                }
                format!("`{text}`")
            }
            _ => "an expression".to_owned(),
        };
        self.errors.spanned(
            arg.range,
            format!("`{name}` takes one of {}, found {found}", words.join(", ")),
        );
        None
    }

    /// The date or timestamp argument of a date function: one of `accepted`.
    fn expect_temporal(
        &mut self,
        ty: Ty,
        expr: &Expr,
        name: &str,
        accepted: &[SqlType],
    ) -> Option<SqlType> {
        match ty.kind {
            Kind::Known(t) if accepted.contains(&t) => Some(t),
            Kind::Known(t) => {
                let names: Vec<String> = accepted.iter().map(|t| t.display()).collect();
                let names = match names.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                };
                self.errors.spanned(
                    expr.range,
                    format!("`{name}` needs a {names}, found {}", t.display()),
                );
                None
            }
            _ => None,
        }
    }
}
