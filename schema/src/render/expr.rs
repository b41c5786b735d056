//! SQL for expressions: operators with the parentheses each dialect needs, LIKE, IN, CASE,
//! casts, function calls, placeholders and literals.

use super::quote::quote_string_in;
use super::type_names::{cast_name, ddl_name};
use super::Writer;
use crate::analyze::functions::{self, Rendering};
use crate::ast::*;
use crate::dialect::Dialect;
use crate::types::SqlType;
use sqlmint_core::write_placeholder;

impl Writer {
    pub(super) fn expr(&mut self, expr: &Expr) {
        crate::stack::deep(|| self.expr_here(expr));
    }

    pub(super) fn expr_here(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Column(column) => match &column.table {
                Some(table) if self.excluded_as_values && table.name == "excluded" => {
                    self.push("VALUES(");
                    self.ident(&column.column.name);
                    self.push(")");
                }
                Some(table) => {
                    self.ident(&table.name);
                    self.push(".");
                    self.ident(&column.column.name);
                }
                None => self.ident(&column.column.name),
            },
            ExprKind::Literal(literal) => self.literal(literal),
            ExprKind::Param(param) => self.param(param.slot),
            ExprKind::Nested(inner) => {
                self.push("(");
                self.expr(inner);
                self.push(")");
            }
            ExprKind::Unary { op, operand } => {
                self.push(match op {
                    UnaryOp::Not => "NOT ",
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                });
                self.operand(operand, if *op == UnaryOp::Not { 3 } else { 8 });
            }
            ExprKind::Binary {
                op: BinaryOp::Concat,
                left,
                right,
                ..
            } if self.dialect == Dialect::MySql => {
                // MySQL reads `||` as OR unless PIPES_AS_CONCAT is set.
                self.push("CONCAT(");
                self.expr(left);
                self.push(", ");
                self.expr(right);
                self.push(")");
            }
            ExprKind::Binary {
                op, left, right, ..
            } => {
                self.binary_operand(left, *op);
                self.push(" ");
                self.push(op.sql());
                self.push(" ");
                self.binary_operand(right, *op);
            }
            ExprKind::IsNull { operand, negated } => {
                self.operand(operand, precedence::CONCAT);
                self.push(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            // Only SQLite has `IN ()`; its value is fixed, whatever the operand.
            ExprKind::InList { list, negated, .. }
                if list.is_empty() && self.dialect != Dialect::Sqlite =>
            {
                self.push(if *negated { "(1 = 1)" } else { "(1 = 0)" });
            }
            ExprKind::InList {
                operand,
                list,
                negated,
            } => {
                self.operand(operand, precedence::CONCAT);
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                self.list(list, Self::expr);
                self.push(")");
            }
            ExprKind::Between {
                operand,
                low,
                high,
                negated,
            } => {
                self.operand(operand, precedence::CONCAT);
                self.push(if *negated {
                    " NOT BETWEEN "
                } else {
                    " BETWEEN "
                });
                self.operand(low, precedence::CONCAT);
                self.push(" AND ");
                self.operand(high, precedence::CONCAT);
            }
            ExprKind::Like {
                operand,
                pattern,
                negated,
                case_insensitive: true,
                escape,
            } if self.dialect != Dialect::Postgres => {
                // Only PostgreSQL has ILIKE; lower-casing both sides means the same elsewhere.
                self.push("lower(");
                self.expr(operand);
                self.push(if *negated {
                    ") NOT LIKE lower("
                } else {
                    ") LIKE lower("
                });
                self.like_pattern(pattern, escape.as_deref(), 0);
                self.push(")");
                self.like_escape(escape.as_deref());
            }
            ExprKind::Like {
                operand,
                pattern,
                negated,
                case_insensitive,
                escape,
            } => {
                self.operand(operand, precedence::CONCAT);
                self.push(match (*negated, *case_insensitive) {
                    (false, false) => " LIKE ",
                    (true, false) => " NOT LIKE ",
                    (false, true) => " ILIKE ",
                    (true, true) => " NOT ILIKE ",
                });
                self.like_pattern(pattern, escape.as_deref(), precedence::CONCAT);
                self.like_escape(escape.as_deref());
            }
            ExprKind::Subquery(query) => {
                self.push("(");
                self.query(query);
                self.push(")");
            }
            ExprKind::Exists { subquery, negated } => {
                self.push(if *negated { "NOT EXISTS (" } else { "EXISTS (" });
                self.query(subquery);
                self.push(")");
            }
            ExprKind::InParam {
                operand,
                list,
                negated,
            } => match self.dialect {
                Dialect::Sqlite => {
                    self.operand(operand, precedence::CONCAT);
                    self.push(if *negated {
                        " NOT IN (SELECT value FROM rarray("
                    } else {
                        " IN (SELECT value FROM rarray("
                    });
                    self.param(list.slot);
                    self.push("))");
                }
                // `x = ANY($1::INTEGER[])` / `x <> ALL(...)`; MySQL cannot run the statement.
                Dialect::Postgres | Dialect::MySql => {
                    self.operand(operand, precedence::CONCAT);
                    self.push(if *negated { " <> ALL(" } else { " = ANY(" });
                    self.param(list.slot);
                    self.push(")");
                }
            },
            ExprKind::InSubquery {
                operand,
                subquery,
                negated,
            } => {
                self.operand(operand, precedence::CONCAT);
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                self.query(subquery);
                self.push(")");
            }
            ExprKind::Case {
                operand,
                whens,
                else_result,
            } => {
                self.push("CASE");
                if let Some(operand) = operand {
                    self.push(" ");
                    self.expr(operand);
                }
                for (when, then) in whens {
                    self.push(" WHEN ");
                    self.expr(when);
                    self.push(" THEN ");
                    self.expr(then);
                }
                if let Some(else_result) = else_result {
                    self.push(" ELSE ");
                    self.expr(else_result);
                }
                self.push(" END");
            }
            ExprKind::Cast { expr, ty } => {
                self.push("CAST(");
                self.expr(expr);
                self.push(" AS ");
                let target = cast_name(*ty, self.dialect);
                self.push(&target);
                self.push(")");
            }
            ExprKind::Function(call) => self.function_call(call),
        }
    }

    /// A function call, written as the function catalog's [`Rendering`] says for this
    /// dialect.
    fn function_call(&mut self, call: &FunctionCall) {
        let rendering = functions::lookup(&call.name.name).map(|f| f.rendering);
        let distinct = if call.distinct { "DISTINCT " } else { "" };
        match (rendering, &call.args) {
            (Some(Rendering::Total), FunctionArgs::List(args))
                if self.dialect != Dialect::Sqlite =>
            {
                // SQLite's total(): a float sum that is 0.0 over no rows.
                self.push("CAST(coalesce(sum(");
                self.push(distinct);
                self.list(args, Self::expr);
                self.push("), 0) AS ");
                self.push(&cast_name(SqlType::Double, self.dialect));
                self.push(")");
            }
            (Some(Rendering::Extreme), FunctionArgs::List(args))
                if self.dialect == Dialect::Sqlite =>
            {
                self.push(if call.name.name == "greatest" {
                    "max("
                } else {
                    "min("
                });
                self.list(args, Self::expr);
                self.push(")");
            }
            (Some(Rendering::GroupConcat), FunctionArgs::List(args)) if !args.is_empty() => {
                let value = &args[0];
                if self.dialect == Dialect::Sqlite {
                    // `string_agg` too: SQLite has it only from 3.44.
                    self.push("group_concat(");
                    self.push(distinct);
                    self.list(args, Self::expr);
                    self.push(")");
                    return;
                }
                if self.dialect == Dialect::Postgres {
                    self.push("string_agg(");
                    self.push(distinct);
                    self.push("CAST(");
                    self.expr(value);
                    self.push(" AS TEXT), ");
                } else {
                    self.push("GROUP_CONCAT(");
                    self.push(distinct);
                    self.expr(value);
                    self.push(" SEPARATOR ");
                }
                match args.get(1) {
                    Some(separator) => self.expr(separator),
                    None => self.push(&quote_string_in(",", self.dialect)),
                }
                self.push(")");
            }
            (Some(Rendering::Now), _) => self.push(match self.dialect {
                // The text form TIMESTAMPTZ values are stored in on SQLite.
                Dialect::Sqlite => "strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')",
                Dialect::Postgres => "now()",
                Dialect::MySql => "UTC_TIMESTAMP(6)",
            }),
            (Some(Rendering::RandomUuid), _) => self.push(match self.dialect {
                // Version 4 in the lower-case text form UUIDs are stored in on SQLite.
                Dialect::Sqlite => "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))",
                Dialect::Postgres => "gen_random_uuid()",
                Dialect::MySql => "UUID()",
            }),
            (Some(Rendering::Today), _) => self.push(match self.dialect {
                Dialect::Sqlite => "date('now')",
                Dialect::Postgres => "CAST(now() AT TIME ZONE 'UTC' AS DATE)",
                Dialect::MySql => "UTC_DATE()",
            }),
            (Some(Rendering::DatePart), FunctionArgs::List(args)) if args.len() == 2 => {
                let field = match &args[0].kind {
                    ExprKind::Literal(Literal::String(field)) => field.as_str(),
                    _ => "",
                };
                self.date_part(field, &args[1], call.in_utc);
            }
            (Some(Rendering::Truncate), FunctionArgs::List(args)) if call.in_utc => {
                self.push("date_trunc(");
                self.list(args, Self::expr);
                self.push(", 'UTC')");
            }
            (Some(Rendering::Position), FunctionArgs::List(args)) if args.len() == 2 => {
                let (needle, haystack) = (&args[0], &args[1]);
                let (name, first, second) = match self.dialect {
                    Dialect::Sqlite => ("instr(", haystack, needle),
                    Dialect::Postgres => ("strpos(", haystack, needle),
                    Dialect::MySql => ("LOCATE(", needle, haystack),
                };
                self.push(name);
                self.expr(first);
                self.push(", ");
                self.expr(second);
                self.push(")");
            }
            (Some(Rendering::WholeNumber), FunctionArgs::List(args))
                if self.dialect == Dialect::Sqlite && args.len() == 1 =>
            {
                // `CAST` truncates toward zero; a value past it in the rounding's direction
                // moves one further.
                let (step, past) = if call.name.name == "ceil" {
                    (" + ", " > ")
                } else {
                    (" - ", " < ")
                };
                let truncated = |w: &mut Self| {
                    w.push("CAST(");
                    w.expr(&args[0]);
                    w.push(" AS INTEGER)");
                };
                self.push("(");
                truncated(self);
                self.push(step);
                self.push("(");
                self.operand(&args[0], precedence::CONCAT);
                self.push(past);
                truncated(self);
                self.push("))");
            }
            _ => {
                self.push(&call.name.name);
                self.push("(");
                self.push(distinct);
                match (&call.args, &call.filter) {
                    // MySQL has no FILTER: the aggregate takes NULL, which it skips, for the
                    // rows the condition leaves out.
                    (FunctionArgs::Star(_), Some(filter)) if self.dialect == Dialect::MySql => {
                        self.filtered(filter, |w| w.push("1"));
                    }
                    (FunctionArgs::List(args), Some(filter))
                        if self.dialect == Dialect::MySql && !args.is_empty() =>
                    {
                        self.filtered(filter, |w| w.expr(&args[0]));
                        for arg in &args[1..] {
                            self.push(", ");
                            self.expr(arg);
                        }
                    }
                    (FunctionArgs::Star(_), _) => self.push("*"),
                    (FunctionArgs::List(args), _) => self.list(args, Self::expr),
                }
                self.push(")");
                if let Some(filter) = call
                    .filter
                    .as_deref()
                    .filter(|_| self.dialect != Dialect::MySql)
                {
                    self.push(" FILTER (WHERE ");
                    self.expr(filter);
                    self.push(")");
                }
            }
        }
        if let Some(window) = &call.over {
            match window.name.as_ref().filter(|_| is_bare_name(window)) {
                Some(name) => {
                    self.push(" OVER ");
                    self.ident(&name.name);
                }
                None => {
                    self.push(" OVER (");
                    self.window_body(window);
                    self.push(")");
                }
            }
        }
    }

    /// `extract(field FROM t)` as an integer, `field` one of `functions::DATE_FIELDS`; a
    /// TIMESTAMPTZ read in UTC (`in_utc`), as SQLite stores it.
    fn date_part(&mut self, field: &str, operand: &Expr, in_utc: bool) {
        match self.dialect {
            Dialect::Sqlite => {
                let format = match field {
                    "year" => "%Y",
                    "month" => "%m",
                    "day" => "%d",
                    "hour" => "%H",
                    "minute" => "%M",
                    "second" => "%S",
                    "dow" => "%w",
                    "doy" => "%j",
                    _ => "%s",
                };
                self.push("CAST(strftime('");
                self.push(format);
                self.push("', ");
                self.expr(operand);
                self.push(") AS INTEGER)");
            }
            Dialect::Postgres => {
                // EXTRACT is NUMERIC, with the second's fraction: the whole part, as an integer.
                let (target, whole) = match field {
                    "epoch" => ("BIGINT", true),
                    "second" => ("INTEGER", true),
                    _ => ("INTEGER", false),
                };
                self.push("CAST(");
                if whole {
                    self.push("floor(");
                }
                self.push("EXTRACT(");
                self.push(&field.to_ascii_uppercase());
                self.push(" FROM ");
                if in_utc && field != "epoch" {
                    self.push("(");
                    self.expr(operand);
                    self.push(") AT TIME ZONE 'UTC'");
                } else {
                    self.expr(operand);
                }
                self.push(")");
                if whole {
                    self.push(")");
                }
                self.push(" AS ");
                self.push(target);
                self.push(")");
            }
            Dialect::MySql => {
                let (open, close) = match field {
                    "dow" => ("(DAYOFWEEK(", ") - 1)"),
                    "doy" => ("DAYOFYEAR(", ")"),
                    "epoch" => ("UNIX_TIMESTAMP(", ")"),
                    _ => ("", ""),
                };
                if open.is_empty() {
                    self.push("EXTRACT(");
                    self.push(&field.to_ascii_uppercase());
                    self.push(" FROM ");
                    self.expr(operand);
                    self.push(")");
                } else {
                    self.push(open);
                    self.expr(operand);
                    self.push(close);
                }
            }
        }
    }

    /// `CASE WHEN filter THEN value END`: an aggregate's argument under MySQL's stand-in for
    /// FILTER.
    fn filtered(&mut self, filter: &Expr, value: impl FnOnce(&mut Self)) {
        self.push("CASE WHEN ");
        self.expr(filter);
        self.push(" THEN ");
        value(self);
        self.push(" END");
    }

    /// A LIKE's pattern. Without `ESCAPE`, SQLite has no escape character while PostgreSQL and
    /// MySQL take a backslash. PostgreSQL reads `ESCAPE ''` as none; MariaDB reads it as the
    /// backslash again, so on MySQL the pattern's backslashes are doubled instead, each then
    /// matching one backslash, as on SQLite: in a literal pattern here, in any other at run
    /// time (`REPLACE(pattern, '\\', '\\\\')`, MySQL's literals for one and two).
    fn like_pattern(&mut self, pattern: &Expr, escape: Option<&Expr>, min_precedence: u8) {
        if escape.is_some() || self.dialect != Dialect::MySql {
            return self.operand(pattern, min_precedence);
        }
        match &pattern.kind {
            ExprKind::Literal(Literal::String(text)) => {
                self.literal(&Literal::String(text.replace('\\', "\\\\")));
            }
            _ => {
                self.push("REPLACE(");
                self.expr(pattern);
                self.push(r", '\\', '\\\\')");
            }
        }
    }

    /// A LIKE's `ESCAPE`: the one written, or on PostgreSQL `ESCAPE ''`, so that no character
    /// escapes (see [`Writer::like_pattern`] for MySQL).
    pub(super) fn like_escape(&mut self, escape: Option<&Expr>) {
        match escape {
            Some(escape) => {
                self.push(" ESCAPE ");
                self.operand(escape, precedence::CONCAT);
            }
            None if self.dialect == Dialect::Postgres => self.push(" ESCAPE ''"),
            None => {}
        }
    }

    /// An operand that must bind at least as tightly as `min_precedence`.
    pub(super) fn operand(&mut self, expr: &Expr, min_precedence: u8) {
        if expr.precedence() < min_precedence {
            self.push("(");
            self.expr(expr);
            self.push(")");
        } else {
            self.expr(expr);
        }
    }

    /// Dialects disagree on where `||` binds relative to arithmetic (SQLite: tightest;
    /// PostgreSQL: below `+`), so mixing the two is always parenthesized.
    pub(super) fn binary_operand(&mut self, expr: &Expr, parent: BinaryOp) {
        let needs_parens = match &expr.kind {
            ExprKind::Binary { op, .. } => {
                op.precedence() < parent.precedence()
                    || ((*op == BinaryOp::Concat) != (parent == BinaryOp::Concat)
                        && op.precedence() >= precedence::CONCAT
                        && parent.precedence() >= precedence::CONCAT)
            }
            _ => expr.precedence() < parent.precedence(),
        };
        if needs_parens {
            self.push("(");
            self.expr(expr);
            self.push(")");
        } else {
            self.expr(expr);
        }
    }

    pub(super) fn param(&mut self, slot: usize) {
        if self.used.len() <= slot {
            self.used.resize(slot + 1, false);
        }
        self.used[slot] = true;
        let number = self.bound_at.get(slot).copied().flatten().unwrap_or(slot);
        // A TIMESTAMPTZ value travels as UTC text ending in `+00:00`, which PostgreSQL and
        // SQLite read; MariaDB takes no offset in a datetime, and stores TIMESTAMPTZ as a
        // DATETIME(6) in UTC, so on MySQL the placeholder drops it.
        let utc_text = self.dialect == Dialect::MySql
            && matches!(
                self.param_types.get(slot),
                Some(&(SqlType::TimestampTz, false))
            );
        if utc_text {
            self.push("REPLACE(");
        }
        let start = self.sql.len();
        write_placeholder(&mut self.sql, self.dialect, number);
        self.placeholders.push((start..self.sql.len(), number));
        match self.dialect {
            Dialect::Sqlite => {}
            Dialect::Postgres => {
                if let Some(&(ty, list)) = self.param_types.get(slot) {
                    // An array column's parameter, and a list's, is an array of its element.
                    let (element, array) = match ty {
                        SqlType::Array(element) => (element.sql_type(), true),
                        ty => (ty, list),
                    };
                    let brackets = if array { "[]" } else { "" };
                    // Dates, timestamps, UUIDs and JSON travel as text and are converted by
                    // the server.
                    let cast = match element {
                        SqlType::Date
                        | SqlType::Timestamp
                        | SqlType::TimestampTz
                        | SqlType::Uuid
                        | SqlType::Json => {
                            format!(
                                "::TEXT{brackets}::{}{brackets}",
                                ddl_name(element, Dialect::Postgres)
                            )
                        }
                        SqlType::Text | SqlType::Varchar(_) => format!("::TEXT{brackets}"),
                        SqlType::Numeric(_) => format!("::NUMERIC{brackets}"),
                        other => format!("::{}{brackets}", ddl_name(other, Dialect::Postgres)),
                    };
                    self.push(&cast);
                }
            }
            Dialect::MySql => {
                self.positional_slots.push(number);
                if utc_text {
                    self.push(", '+00:00', '')");
                }
            }
        }
    }

    pub(super) fn literal(&mut self, literal: &Literal) {
        match literal {
            Literal::Integer(digits) | Literal::Float(digits) => self.push(digits),
            Literal::String(text) => {
                let quoted = quote_string_in(text, self.dialect);
                self.push(&quoted);
            }
            Literal::Null => self.push("NULL"),
            Literal::Boolean(true) => self.push("TRUE"),
            Literal::Boolean(false) => self.push("FALSE"),
        }
    }
}

/// `OVER name`, not `OVER (name ...)`: a named window taken as it is.
fn is_bare_name(window: &WindowSpec) -> bool {
    window.partition_by.is_empty() && window.order_by.is_empty() && window.frame.is_none()
}
