//! Numbering a statement's parameters: every `:name` and `{expr}` in the order the text has
//! them, which is the order the generated statement binds them in.

use super::*;

impl Statement {
    /// Gives every parameter its slot: distinct parameters numbered in the order they first
    /// appear in the text, a named parameter used twice sharing one slot. Returns the count.
    pub fn number_params(&mut self) -> usize {
        let mut names: Vec<String> = Vec::new();
        let mut count = 0;
        self.visit_params_mut(&mut |param| {
            param.slot = match &param.kind {
                ParamKind::Named(name) => match names.iter().position(|n| n == name) {
                    Some(i) => i,
                    None => {
                        names.push(name.clone());
                        count += 1;
                        count - 1
                    }
                },
                ParamKind::Inline(_) => {
                    names.push(String::new());
                    count += 1;
                    count - 1
                }
            };
        });
        count
    }

    /// Visits every parameter in the order it appears in the text.
    pub fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        match self {
            Statement::Query(query) => query.visit_params_mut(f),
            Statement::Insert(insert) => {
                match &mut insert.source {
                    InsertSource::Values(rows) => {
                        for row in rows {
                            row.values.iter_mut().for_each(|v| v.visit_params_mut(f));
                        }
                    }
                    InsertSource::Query(query) => query.visit_params_mut(f),
                }
                if let Some(OnConflict {
                    action:
                        ConflictAction::Update {
                            assignments,
                            where_clause,
                        },
                    ..
                }) = &mut insert.on_conflict
                {
                    for assignment in assignments {
                        assignment.value.visit_params_mut(f);
                    }
                    where_clause.iter_mut().for_each(|w| w.visit_params_mut(f));
                }
                visit_items(&mut insert.returning, f);
            }
            Statement::Update(update) => {
                for assignment in &mut update.assignments {
                    assignment.value.visit_params_mut(f);
                }
                visit_from(&mut update.from, f);
                update
                    .where_clause
                    .iter_mut()
                    .for_each(|w| w.visit_params_mut(f));
                visit_items(&mut update.returning, f);
            }
            Statement::Delete(delete) => {
                visit_from(&mut delete.using, f);
                delete
                    .where_clause
                    .iter_mut()
                    .for_each(|w| w.visit_params_mut(f));
                visit_items(&mut delete.returning, f);
            }
        }
    }
}

fn visit_items(items: &mut [SelectItem], f: &mut dyn FnMut(&mut Param)) {
    for item in items {
        if let SelectItem::Expr { expr, .. } = item {
            expr.visit_params_mut(f);
        }
    }
}

fn visit_from(from: &mut [FromItem], f: &mut dyn FnMut(&mut Param)) {
    fn factor(table: &mut TableFactor, f: &mut dyn FnMut(&mut Param)) {
        if let TableFactor::Derived { subquery, .. } = table {
            subquery.visit_params_mut(f);
        }
    }
    for item in from {
        factor(&mut item.table, f);
        for join in &mut item.joins {
            factor(&mut join.table, f);
            join.on.iter_mut().for_each(|on| on.visit_params_mut(f));
        }
    }
}

impl Query {
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        if let Some(with) = &mut self.with {
            for cte in &mut with.ctes {
                cte.query.visit_params_mut(f);
            }
        }
        self.body.visit_params_mut(f);
        self.order_by
            .iter_mut()
            .for_each(|o| o.expr.visit_params_mut(f));
        self.limit.iter_mut().for_each(|l| l.visit_params_mut(f));
        self.offset.iter_mut().for_each(|o| o.visit_params_mut(f));
    }
}

impl SetExpr {
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        match self {
            SetExpr::Select(select) => {
                visit_items(&mut select.items, f);
                visit_from(&mut select.from, f);
                select
                    .where_clause
                    .iter_mut()
                    .for_each(|w| w.visit_params_mut(f));
                select
                    .group_by
                    .iter_mut()
                    .for_each(|g| g.visit_params_mut(f));
                select.having.iter_mut().for_each(|h| h.visit_params_mut(f));
                for window in &mut select.windows {
                    window.spec.exprs_mut().for_each(|e| e.visit_params_mut(f));
                }
            }
            SetExpr::SetOperation { left, right, .. } => {
                left.visit_params_mut(f);
                right.visit_params_mut(f);
            }
        }
    }
}

impl Expr {
    fn visit_params_mut(&mut self, f: &mut dyn FnMut(&mut Param)) {
        crate::stack::deep(|| self.visit_params_here(f));
    }

    fn visit_params_here(&mut self, f: &mut dyn FnMut(&mut Param)) {
        // The children first: an operand is written before the list or subquery after it.
        self.for_each_child_mut(|child| child.visit_params_mut(f));
        match &mut self.kind {
            ExprKind::Param(param) | ExprKind::InParam { list: param, .. } => f(param),
            ExprKind::Subquery(query)
            | ExprKind::Exists {
                subquery: query, ..
            }
            | ExprKind::InSubquery {
                subquery: query, ..
            } => query.visit_params_mut(f),
            _ => {}
        }
    }
}
