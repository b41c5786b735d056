//! SQL for the statements themselves: SELECT (with WITH, set operations, ORDER BY, LIMIT),
//! INSERT, UPDATE and DELETE, and the dialects' differences in multi-table forms.

use super::Writer;
use crate::ast::*;
use crate::dialect::Dialect;

impl Writer {
    pub(super) fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Query(query) => self.query(query),
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update(update) => self.update(update),
            Statement::Delete(delete) => self.delete(delete),
        }
    }

    pub(super) fn query(&mut self, query: &Query) {
        crate::stack::deep(|| self.query_here(query));
    }

    pub(super) fn query_here(&mut self, query: &Query) {
        if let Some(with) = &query.with {
            self.push(if with.recursive {
                "WITH RECURSIVE "
            } else {
                "WITH "
            });
            self.list(&with.ctes, |w, cte| {
                w.ident(&cte.name.name);
                if !cte.columns.is_empty() {
                    w.push(" (");
                    w.list(&cte.columns, |w, c| w.ident(&c.name));
                    w.push(")");
                }
                w.push(" AS (");
                w.query(&cte.query);
                w.push(")");
            });
            self.push(" ");
        }
        self.set_expr(&query.body);
        if !query.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_keys(&query.order_by);
        }
        // `LIMIT {n?}` and `OFFSET {n?}` are left out when `None`; an OFFSET without its
        // LIMIT needs one that limits nothing on SQLite and MySQL.
        let limit = query.limit.as_ref().filter(|l| !self.leaves_out(l));
        let offset = query.offset.as_ref().filter(|o| !self.leaves_out(o));
        if let Some(limit) = limit {
            self.push(" LIMIT ");
            self.expr(limit);
        } else if offset.is_some() && query.limit.is_some() {
            match self.dialect {
                Dialect::Sqlite => self.push(" LIMIT -1"),
                Dialect::MySql => self.push(" LIMIT 18446744073709551615"),
                Dialect::Postgres => {}
            }
        }
        if let Some(offset) = offset {
            self.push(" OFFSET ");
            self.expr(offset);
        }
    }

    pub(super) fn set_expr(&mut self, body: &SetExpr) {
        match body {
            SetExpr::Select(select) => self.select(select),
            SetExpr::SetOperation {
                op,
                all,
                left,
                right,
                ..
            } => {
                // Parsed left to right with one precedence, as SQLite reads it; PostgreSQL
                // and MySQL bind INTERSECT tighter, so there the left side is parenthesized.
                let parenthesize = self.dialect != Dialect::Sqlite
                    && *op == SetOperator::Intersect
                    && matches!(**left, SetExpr::SetOperation { op, .. } if op != SetOperator::Intersect);
                if parenthesize {
                    self.push("(");
                    self.set_expr(left);
                    self.push(")");
                } else {
                    self.set_expr(left);
                }
                self.push(" ");
                self.push(op.sql());
                if *all {
                    self.push(" ALL");
                }
                self.push(" ");
                self.set_expr(right);
            }
        }
    }

    pub(super) fn select_items(&mut self, items: &[SelectItem]) {
        self.list(items, |w, item| match item {
            SelectItem::Wildcard(_) => w.push("*"),
            SelectItem::TableWildcard(table) => {
                w.ident(&table.name);
                w.push(".*");
            }
            SelectItem::Expr { expr, alias, .. } => {
                w.expr(expr);
                if let Some(alias) = alias {
                    w.push(" AS ");
                    w.ident(&alias.name);
                }
            }
        });
    }

    pub(super) fn select(&mut self, select: &Select) {
        self.push("SELECT ");
        if select.distinct {
            self.push("DISTINCT ");
        }
        self.select_items(&select.items);
        if !select.from.is_empty() {
            self.push(" FROM ");
            self.from(&select.from);
        }
        self.where_clause(select.where_clause.as_ref());
        if !select.group_by.is_empty() {
            self.push(" GROUP BY ");
            self.list(&select.group_by, Self::expr);
        }
        self.condition_clause(" HAVING ", select.having.as_ref());
        if !select.windows.is_empty() {
            self.push(" WINDOW ");
            self.list(&select.windows, |w, window| {
                w.ident(&window.name.name);
                w.push(" AS (");
                w.window_body(&window.spec);
                w.push(")");
            });
        }
    }

    /// `expr [ASC | DESC], ...`
    pub(super) fn order_keys(&mut self, keys: &[OrderBy]) {
        self.list(keys, |w, order| {
            w.expr(&order.expr);
            match order.descending {
                Some(true) => w.push(" DESC"),
                Some(false) => w.push(" ASC"),
                None => {}
            }
        });
    }

    /// A window's parentheses' inside: `[name] [PARTITION BY ...] [ORDER BY ...] [frame]`.
    pub(super) fn window_body(&mut self, window: &WindowSpec) {
        let mut first = true;
        let mut gap = |w: &mut Self| {
            if !std::mem::take(&mut first) {
                w.push(" ");
            }
        };
        if let Some(name) = &window.name {
            gap(self);
            self.ident(&name.name);
        }
        if !window.partition_by.is_empty() {
            gap(self);
            self.push("PARTITION BY ");
            self.list(&window.partition_by, Self::expr);
        }
        if !window.order_by.is_empty() {
            gap(self);
            self.push("ORDER BY ");
            self.order_keys(&window.order_by);
        }
        if let Some(frame) = &window.frame {
            gap(self);
            self.push(match frame.units {
                FrameUnits::Rows => "ROWS ",
                FrameUnits::Range => "RANGE ",
                FrameUnits::Groups => "GROUPS ",
            });
            match &frame.end {
                Some(end) => {
                    self.push("BETWEEN ");
                    self.frame_bound(&frame.start);
                    self.push(" AND ");
                    self.frame_bound(end);
                }
                None => self.frame_bound(&frame.start),
            }
        }
    }

    fn frame_bound(&mut self, bound: &FrameBound) {
        match bound {
            FrameBound::UnboundedPreceding => self.push("UNBOUNDED PRECEDING"),
            FrameBound::Preceding(offset) => {
                self.expr(offset);
                self.push(" PRECEDING");
            }
            FrameBound::CurrentRow => self.push("CURRENT ROW"),
            FrameBound::Following(offset) => {
                self.expr(offset);
                self.push(" FOLLOWING");
            }
            FrameBound::UnboundedFollowing => self.push("UNBOUNDED FOLLOWING"),
        }
    }

    pub(super) fn from(&mut self, from: &[FromItem]) {
        self.list(from, |w, from| {
            w.table_factor(&from.table);
            for join in &from.joins {
                w.push(match join.kind {
                    JoinKind::Inner => " JOIN ",
                    JoinKind::Left => " LEFT OUTER JOIN ",
                    JoinKind::Right => " RIGHT OUTER JOIN ",
                    JoinKind::Full => " FULL OUTER JOIN ",
                    JoinKind::Cross => " CROSS JOIN ",
                });
                w.table_factor(&join.table);
                if let Some(on) = &join.on {
                    w.push(" ON ");
                    w.expr(on);
                }
            }
        });
    }

    pub(super) fn table_factor(&mut self, factor: &TableFactor) {
        match factor {
            TableFactor::Table(table) => {
                self.ident(&table.name.name);
                if let Some(alias) = &table.alias {
                    self.push(" AS ");
                    self.ident(&alias.name);
                }
                if table.not_indexed && self.dialect == Dialect::Sqlite {
                    self.push(" NOT INDEXED");
                }
            }
            TableFactor::Derived { subquery, alias } => {
                self.push("(");
                self.query(subquery);
                self.push(") AS ");
                self.ident(&alias.name);
            }
        }
    }

    pub(super) fn where_clause(&mut self, condition: Option<&Expr>) {
        self.condition_clause(" WHERE ", condition);
    }

    pub(super) fn returning(&mut self, items: &[SelectItem]) {
        if !items.is_empty() {
            self.push(" RETURNING ");
            self.select_items(items);
        }
    }

    pub(super) fn insert(&mut self, insert: &Insert) {
        self.push("INSERT INTO ");
        self.ident(&insert.table.name);
        if !insert.columns.is_empty() {
            self.push(" (");
            self.list(&insert.columns, |w, c| w.ident(&c.name));
            self.push(")");
        }
        match &insert.source {
            InsertSource::Values(rows) => {
                self.push(" VALUES ");
                let start = self.sql.len();
                self.list(rows, |w, row| {
                    w.push("(");
                    w.list(&row.values, Self::expr);
                    w.push(")");
                });
                if let [_] = rows.as_slice() {
                    self.values_row = Some(start..self.sql.len());
                }
            }
            InsertSource::Query(query) => {
                self.push(" ");
                self.query(query);
            }
        }
        if let Some(on_conflict) = &insert.on_conflict {
            self.on_conflict(insert, on_conflict);
        }
        self.returning(&insert.returning);
    }

    /// `ON CONFLICT (...) DO ...`; on MySQL, `ON DUPLICATE KEY UPDATE` with `VALUES(c)` for
    /// `excluded.c` (analysis gates the upserts it cannot say alike).
    fn on_conflict(&mut self, insert: &Insert, on_conflict: &OnConflict) {
        if self.dialect == Dialect::MySql {
            self.push(" ON DUPLICATE KEY UPDATE ");
            match &on_conflict.action {
                ConflictAction::Nothing => {
                    // Setting a column to itself changes nothing: the row is skipped.
                    let column = match &on_conflict.target {
                        ConflictTarget::Columns { columns, .. } => columns.first(),
                        _ => None,
                    }
                    .or(insert.columns.first());
                    if let Some(column) = column {
                        self.ident(&column.name);
                        self.push(" = ");
                        self.ident(&column.name);
                    }
                }
                ConflictAction::Update { assignments, .. } => {
                    self.excluded_as_values = true;
                    self.list(assignments, |w, assignment| {
                        w.ident(&assignment.column.name);
                        w.push(" = ");
                        w.expr(&assignment.value);
                    });
                    self.excluded_as_values = false;
                }
            }
            return;
        }
        self.push(" ON CONFLICT");
        if let ConflictTarget::Columns { columns, .. } = &on_conflict.target {
            self.push(" (");
            self.list(columns, |w, c| w.ident(&c.name));
            self.push(")");
        }
        match &on_conflict.action {
            ConflictAction::Nothing => self.push(" DO NOTHING"),
            ConflictAction::Update {
                assignments,
                where_clause,
            } => {
                self.push(" DO UPDATE SET ");
                self.list(assignments, |w, assignment| {
                    w.ident(&assignment.column.name);
                    w.push(" = ");
                    w.expr(&assignment.value);
                });
                self.where_clause(where_clause.as_ref());
            }
        }
    }

    pub(super) fn update(&mut self, update: &Update) {
        self.push("UPDATE ");
        self.ident(&update.table.name);
        // MySQL has no UPDATE ... FROM: the other tables join the target in its table list,
        // and each assigned column is qualified.
        let mysql_join = self.dialect == Dialect::MySql && !update.from.is_empty();
        if mysql_join {
            self.push(", ");
            self.from(&update.from);
        }
        self.push(" SET ");
        self.list(&update.assignments, |w, assignment| {
            if mysql_join {
                let table = assignment.table.as_ref().unwrap_or(&update.table);
                w.ident(&table.name);
                w.push(".");
            }
            w.ident(&assignment.column.name);
            w.push(" = ");
            w.expr(&assignment.value);
        });
        if !update.from.is_empty() && !mysql_join {
            self.push(" FROM ");
            self.from(&update.from);
        }
        self.where_clause(update.where_clause.as_ref());
        self.returning(&update.returning);
    }

    pub(super) fn delete(&mut self, delete: &Delete) {
        self.push("DELETE FROM ");
        self.ident(&delete.table.name);
        if !delete.using.is_empty() {
            self.push(" USING ");
            // MySQL's USING lists every table the statement reads, the target included.
            if self.dialect == Dialect::MySql {
                self.ident(&delete.table.name);
                self.push(", ");
            }
            self.from(&delete.using);
        }
        self.where_clause(delete.where_clause.as_ref());
        self.returning(&delete.returning);
    }
}
