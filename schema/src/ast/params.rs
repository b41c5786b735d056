//! Numbering a statement's parameters: every `:name` and `{expr}` in the order the text has
//! them, which is the order the generated statement binds them in.

use super::*;

impl Statement {
    /// Gives every parameter its slot: distinct parameters numbered in the order they first
    /// appear in the text, a named parameter used twice sharing one slot, and so does a
    /// variable (`{title}`, `{filter.title}`) bound twice: it is one value, read once, so
    /// `{t} IS NULL OR title LIKE {t}` types both by the LIKE. Returns the count.
    pub fn number_params(&mut self) -> usize {
        // `:name` as `name`, a variable as `{path}`; other inline expressions are each their
        // own parameter (evaluating one twice or once could differ).
        let mut keys: Vec<Option<String>> = Vec::new();
        self.visit_params_mut(&mut |param| {
            // An optional one (`{t?}`) is another value than `{t}`: its `Option` chooses the SQL.
            let mark = if param.optional { "?" } else { "" };
            let key = match &param.kind {
                ParamKind::Named(name) => Some(format!("{name}{mark}")),
                ParamKind::Inline(expr) => {
                    variable_text(expr).map(|path| format!("{{{path}{mark}}}"))
                }
            };
            param.slot = match key
                .as_ref()
                .and_then(|key| keys.iter().position(|k| k.as_ref() == Some(key)))
            {
                Some(slot) => slot,
                None => {
                    keys.push(key);
                    keys.len() - 1
                }
            };
        });
        keys.len()
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

/// The text of an inline expression that only reads a variable or its fields (`title`,
/// `filter.title`); none for anything else.
pub(crate) fn variable_text(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
            Some(quote::ToTokens::to_token_stream(&path.path).to_string())
        }
        syn::Expr::Field(field) if field.attrs.is_empty() => {
            let base = variable_text(&field.base)?;
            let member = quote::ToTokens::to_token_stream(&field.member).to_string();
            Some(format!("{base}.{member}"))
        }
        syn::Expr::Paren(inner) => variable_text(&inner.expr),
        _ => None,
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
