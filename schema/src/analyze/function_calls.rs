//! Function calls, checked and typed through the catalog in `functions.rs`.

use super::functions::{self, ResultRule};
use super::scope::Scope;
use super::typed_nulls::typed_null_arguments;
use super::{Analyzer, Clause, Kind, Ty};
use crate::ast::*;
use crate::errors::{did_you_mean, SpanRange};
use crate::types::{Family, SqlType};

impl Analyzer<'_> {
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
