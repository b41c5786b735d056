//! Queries: WITH, SELECT, set operations, ORDER BY and LIMIT.

use super::scope::{RelColumn, Scope};
use super::{Analyzer, Clause, CteBinding, Kind, QueryOutput, RowShape, Ty};
use crate::ast::*;
use crate::errors::SpanRange;
use crate::types::{Family, SqlType};
use proc_macro2::Span;

impl Analyzer<'_> {
    /// Checks a query; `outer` is the enclosing query's scope when this one is a subquery.
    pub(super) fn query(&mut self, query: &mut Query, outer: Option<&Scope<'_>>) -> QueryOutput {
        // An optional parameter of a subquery is left out with a condition of the subquery's
        // own, not with the condition around the subquery.
        let optional_allowed = std::mem::replace(&mut self.optional_allowed, false);
        let output = crate::stack::deep(|| self.query_here(query, outer));
        self.optional_allowed = optional_allowed;
        output
    }

    fn query_here(&mut self, query: &mut Query, outer: Option<&Scope<'_>>) -> QueryOutput {
        let ctes_before = self.ctes.len();
        if let Some(with) = &mut query.with {
            for cte in &mut with.ctes {
                self.cte(cte, with.recursive, outer);
            }
        }
        let output = match &mut query.body {
            SetExpr::Select(select) => self.select(select, outer, &mut query.order_by),
            body => {
                let output = self.set_expr(body, outer);
                self.order_by_output(&output, &mut query.order_by);
                output
            }
        };
        let scope = Scope::child(outer);
        for (clause, limit) in [("LIMIT", &mut query.limit), ("OFFSET", &mut query.offset)] {
            if let Some(limit) = limit {
                if let ExprKind::Unary {
                    op: UnaryOp::Neg,
                    operand,
                } = &limit.kind
                {
                    if matches!(operand.kind, ExprKind::Literal(_)) {
                        let message = if clause == "LIMIT" {
                            "LIMIT cannot be negative (SQLite reads it as no limit, PostgreSQL rejects it); leave LIMIT out to read every row"
                        } else {
                            "OFFSET cannot be negative (SQLite reads it as 0, PostgreSQL rejects it)"
                        };
                        self.errors.spanned(limit.range, message);
                        continue;
                    }
                }
                // `LIMIT {n?}`: the whole clause is left out when `n` is `None`.
                self.optional_allowed =
                    matches!(&limit.kind, ExprKind::Param(Param { optional: true, .. }));
                let ty = self.expr(&scope, limit, Clause::Plain);
                self.optional_allowed = false;
                self.expect_type(ty, limit, SqlType::BigInt, false, clause);
            }
        }
        self.ctes.truncate(ctes_before);
        output
    }

    fn cte(&mut self, cte: &mut Cte, recursive: bool, outer: Option<&Scope<'_>>) {
        if recursive {
            // The recursive part reads the CTE itself: its columns come from the first SELECT.
            if let SetExpr::SetOperation { .. } = &cte.query.body {
                let mut anchor = &cte.query.body;
                while let SetExpr::SetOperation { left, .. } = anchor {
                    anchor = left;
                }
                let mut anchor_copy = anchor.clone();
                let errors_before = self.errors.count();
                let anchor_output = self.set_expr(&mut anchor_copy, outer);
                // The anchor is checked again as part of the whole query; report it once.
                if self.errors.count() == errors_before {
                    let columns = self.cte_columns(cte, anchor_output.columns);
                    self.ctes.push(CteBinding {
                        name: cte.name.name.clone(),
                        columns,
                    });
                }
            }
        }
        let output = self.query(&mut cte.query, outer);
        let columns = self.cte_columns(cte, output.columns);
        self.ctes
            .retain(|c| !c.name.eq_ignore_ascii_case(&cte.name.name));
        self.ctes.push(CteBinding {
            name: cte.name.name.clone(),
            columns,
        });
    }

    /// The CTE's columns, renamed by its column list if it has one.
    fn cte_columns(&mut self, cte: &Cte, mut columns: Vec<RelColumn>) -> Vec<RelColumn> {
        if cte.columns.is_empty() {
            return columns;
        }
        if cte.columns.len() != columns.len() {
            self.errors.at(
                cte.name.span,
                format!(
                    "`{}` names {} column(s) but its query returns {}",
                    cte.name.name,
                    cte.columns.len(),
                    columns.len()
                ),
            );
        }
        for (column, name) in columns.iter_mut().zip(&cte.columns) {
            column.name = Some(name.name.clone());
            column.fallback_name = None;
        }
        columns
    }

    fn set_expr(&mut self, body: &mut SetExpr, outer: Option<&Scope<'_>>) -> QueryOutput {
        match body {
            SetExpr::Select(select) => self.select(select, outer, &mut []),
            SetExpr::SetOperation {
                op,
                op_span,
                left,
                right,
                ..
            } => {
                let (op, op_span) = (*op, *op_span);
                let left_output = self.set_expr(left, outer);
                let right_output = self.set_expr(right, outer);
                // A column that is only NULL on one side takes the other side's type, or
                // PostgreSQL makes it TEXT and refuses to match it with a number.
                let null_columns = |output: &QueryOutput| -> Vec<bool> {
                    output
                        .columns
                        .iter()
                        .map(|c| c.ty.kind == Kind::Null)
                        .collect()
                };
                let (left_nulls, right_nulls) =
                    (null_columns(&left_output), null_columns(&right_output));
                let columns = self.combine(op, op_span, left_output.columns, right_output.columns);
                for (position, column) in columns.iter().enumerate() {
                    if let Kind::Known(t) = column.ty.kind {
                        for (side, nulls) in
                            [(&mut **left, &left_nulls), (&mut **right, &right_nulls)]
                        {
                            if nulls.get(position) == Some(&true) {
                                super::typed_nulls::type_null_column(side, position, t);
                            }
                        }
                    }
                }
                QueryOutput {
                    columns,
                    shape: RowShape::Columns,
                }
            }
        }
    }

    /// The columns of `left op right`: named by the left side, typed by both.
    fn combine(
        &mut self,
        op: SetOperator,
        op_span: Span,
        left: Vec<RelColumn>,
        right: Vec<RelColumn>,
    ) -> Vec<RelColumn> {
        if left.len() != right.len() {
            self.errors.at(
                op_span,
                format!(
                    "each side of {} must have the same number of columns: the left has {}, the right {}",
                    op.sql(),
                    left.len(),
                    right.len()
                ),
            );
            return left;
        }
        left.into_iter()
            .zip(right)
            .enumerate()
            .map(|(position, (l, r))| {
                let kind = match (l.ty.kind, r.ty.kind) {
                    (Kind::Known(a), Kind::Known(b)) if a.family() != b.family() => {
                        self.errors.at(
                            op_span,
                            format!(
                                "column {} of {} is {} on the left but {} on the right",
                                position + 1,
                                op.sql(),
                                a.display(),
                                b.display()
                            ),
                        );
                        l.ty.kind
                    }
                    (Kind::Known(a), Kind::Known(b)) if a.family() == Family::Number => {
                        Kind::Known(a.promote(b))
                    }
                    // A parameter on one side takes the other side's type (the seed of a
                    // recursive CTE, `SELECT {start} UNION ALL SELECT n + 1 ...`).
                    (Kind::Param(slot), Kind::Known(t)) | (Kind::Known(t), Kind::Param(slot)) => {
                        self.fix_param_quietly(slot, t, l.ty.nullable || r.ty.nullable);
                        Kind::Known(t)
                    }
                    (Kind::Known(_), _) => l.ty.kind,
                    (_, known) => known,
                };
                RelColumn {
                    ty: Ty {
                        kind,
                        nullable: l.ty.nullable || r.ty.nullable,
                    },
                    origin: None,
                    ..l
                }
            })
            .collect()
    }

    /// ORDER BY after a set operation: result names and positions only.
    fn order_by_output(&mut self, output: &QueryOutput, order_by: &mut [OrderBy]) {
        for order in order_by {
            match &order.expr.kind {
                ExprKind::Literal(Literal::Integer(digits)) => {
                    let position: usize = digits.parse().unwrap_or(0);
                    if position == 0 || position > output.columns.len() {
                        self.errors.spanned(
                            order.expr.range,
                            format!("ORDER BY position {digits} is out of range: the result has {} column(s)", output.columns.len()),
                        );
                    }
                }
                ExprKind::Column(ColumnRef { table: None, column })
                    if output.columns.iter().any(|c| c.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&column.name))) => {}
                _ => self.errors.spanned(
                    order.expr.range,
                    "after UNION, INTERSECT or EXCEPT, ORDER BY takes a result column's name or position",
                ),
            }
        }
    }

    /// Checks one SELECT, with the ORDER BY of its query when it is the whole body.
    pub(super) fn select(
        &mut self,
        select: &mut Select,
        outer: Option<&Scope<'_>>,
        order_by: &mut [OrderBy],
    ) -> QueryOutput {
        let errors_before = self.errors.count();
        let grouped_before = std::mem::replace(&mut self.grouped, !select.group_by.is_empty());
        // A subquery's window functions are its own: none from FROM or WHERE of it, whatever
        // the clause it stands in allows.
        let window_allowed_before = std::mem::replace(&mut self.window_allowed, false);
        let windows_before = std::mem::take(&mut self.windows);
        let mut scope = Scope::child(outer);
        self.from(&mut scope, &mut select.from);

        // Labels are known before WHERE only so that using one there gets a pointed message.
        scope.labels = select
            .items
            .iter()
            .filter_map(|item| match item {
                SelectItem::Expr {
                    alias: Some(alias), ..
                } => Some((alias.name.clone(), Ty::UNKNOWN)),
                _ => None,
            })
            .collect();
        if let Some(condition) = &mut select.where_clause {
            // Aggregates in WHERE are errors here, but those of an enclosing query's columns
            // inside a subquery are fine: checked as `Plain`.
            self.condition(&scope, condition, Clause::Plain, "WHERE");
        }
        scope.labels.clear();

        self.named_windows(&scope, &mut select.windows);
        self.window_allowed = true;
        let (columns, shape, wildcards) =
            self.select_items(&scope, &mut select.items, select.from.len() == 1);
        self.window_allowed = false;
        scope.labels = columns
            .iter()
            .zip(&select.items)
            .filter_map(|(column, item)| match item {
                SelectItem::Expr {
                    alias: Some(alias), ..
                } => Some((alias.name.clone(), column.ty)),
                _ => None,
            })
            .collect();

        let count = select.items.len();
        for key in &mut select.group_by {
            self.order_key(&scope, key, count, "GROUP BY", Clause::Plain);
        }
        if let Some(having) = &mut select.having {
            self.condition(&scope, having, Clause::Aggregating, "HAVING");
        }
        self.window_allowed = true;
        for order in order_by.iter_mut() {
            self.order_key(
                &scope,
                &mut order.expr,
                count,
                "ORDER BY",
                Clause::Aggregating,
            );
        }
        self.window_allowed = false;
        // Grouping is judged on a cleanly resolved SELECT; otherwise it would repeat, as
        // "must appear in GROUP BY", names already reported as unknown.
        if self.errors.count() == errors_before {
            self.check_grouping(&scope, select, order_by, &wildcards);
            if select.distinct {
                self.check_distinct_order(select, order_by);
            }
        }
        self.grouped = grouped_before;
        self.window_allowed = window_allowed_before;
        self.windows = windows_before;
        QueryOutput { columns, shape }
    }

    /// PostgreSQL rejects `SELECT DISTINCT a ... ORDER BY b` (which `b` of the rows folded
    /// into one would sort it?), so every ORDER BY key must be a result column.
    fn check_distinct_order(&mut self, select: &Select, order_by: &[OrderBy]) {
        let selected: Vec<String> = select
            .items
            .iter()
            .filter_map(|item| match item {
                SelectItem::Expr { expr, .. } => Some(crate::render::comparison_text(expr)),
                _ => None,
            })
            .collect();
        let labels: Vec<&str> = select
            .items
            .iter()
            .filter_map(|item| match item {
                SelectItem::Expr {
                    alias: Some(alias), ..
                } => Some(alias.name.as_str()),
                _ => None,
            })
            .collect();
        for order in order_by {
            let is_result_column = match &order.expr.kind {
                ExprKind::Literal(Literal::Integer(_)) => true,
                ExprKind::Column(ColumnRef {
                    table: None,
                    column,
                }) if labels.iter().any(|l| l.eq_ignore_ascii_case(&column.name)) => true,
                _ => selected.contains(&crate::render::comparison_text(&order.expr)),
            };
            if !is_result_column {
                self.errors.spanned(
                    order.expr.range,
                    "with SELECT DISTINCT, ORDER BY takes only columns of the result; select this expression too, or drop DISTINCT",
                );
            }
        }
    }

    /// Binds every FROM item into `scope`, joins and their conditions included.
    pub(super) fn from(&mut self, scope: &mut Scope<'_>, from: &mut [FromItem]) {
        for item in from {
            self.bind_factor(scope, &mut item.table, false);
            for join in &mut item.joins {
                self.join(scope, join);
            }
        }
    }

    fn join(&mut self, scope: &mut Scope<'_>, join: &mut Join) {
        let left_count = scope.relations.len();
        if join.kind == JoinKind::Full {
            self.constructs
                .push((super::Construct::FullOuterJoin, join.join_token));
        }
        if matches!(join.kind, JoinKind::Right | JoinKind::Full) {
            for relation in &mut scope.relations {
                relation.nullable = true;
            }
        }
        let right_nullable = matches!(join.kind, JoinKind::Left | JoinKind::Full);
        self.bind_factor(scope, &mut join.table, right_nullable);
        if scope.relations.len() == left_count {
            return; // unknown table, already reported
        }
        match (&mut join.on, join.kind) {
            (Some(on), JoinKind::Cross) => {
                self.errors.spanned(
                    on.range,
                    "CROSS JOIN takes no ON condition; use JOIN ... ON",
                );
            }
            (Some(on), _) => self.condition(scope, on, Clause::Plain, "ON"),
            (None, JoinKind::Cross) => {}
            (None, _) => {
                let range = SpanRange {
                    start: join.join_token,
                    end: join.table.binding().span,
                };
                join.on = self.infer_join_condition(scope, left_count, range);
            }
        }
    }

    /// An ORDER BY or GROUP BY key: a result label, a 1-based result position, or an
    /// expression over the FROM tables.
    fn order_key(
        &mut self,
        scope: &Scope<'_>,
        key: &mut Expr,
        columns: usize,
        clause: &str,
        context: Clause,
    ) {
        if let ExprKind::Column(ColumnRef {
            table: None,
            column,
        }) = &key.kind
        {
            let is_column = scope.relations.iter().any(|r| {
                r.columns.iter().any(|c| {
                    c.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&column.name))
                })
            });
            let prefer_label = clause == "ORDER BY" || !is_column;
            if prefer_label
                && scope
                    .labels
                    .iter()
                    .any(|(label, _)| label.eq_ignore_ascii_case(&column.name))
            {
                return;
            }
        }
        if let ExprKind::Literal(Literal::Integer(digits)) = &key.kind {
            let position: usize = digits.parse().unwrap_or(0);
            if position == 0 || position > columns {
                self.errors.spanned(
                    key.range,
                    format!("{clause} position {digits} is out of range: the result has {columns} column(s)"),
                );
            }
            return;
        }
        let ty = self.expr(scope, key, context);
        self.settle(ty);
    }
}
