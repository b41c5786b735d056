//! Writes a checked statement, and the schema's DDL, as SQL text in each dialect: the strings
//! that end up as `&'static str` in the user's binary.

use crate::ast::*;
use crate::dialect::Dialect;
use crate::model::{Schema, Table};
use crate::types::SqlType;
use std::fmt::Write;

/// A statement's SQL in one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The SQL text.
    pub sql: String,
    /// For dialects with positional placeholders, the parameter slot bound at each one, in
    /// order (a named parameter used twice appears twice); empty otherwise.
    pub positional_slots: Vec<usize>,
}

/// Renders `statement` (already analyzed, so its names are resolved) in `dialect`.
pub fn render(statement: &Statement, dialect: Dialect) -> Rendered {
    render_typed(statement, dialect, &[])
}

/// [`render`], with the parameters' types: PostgreSQL placeholders then carry a cast
/// (`$1::INTEGER`), so the server expects exactly the type sqlmint binds, whatever the
/// context would let it guess.
pub fn render_typed(
    statement: &Statement,
    dialect: Dialect,
    params: &[crate::analyze::ParamInfo],
) -> Rendered {
    let mut writer = Writer {
        dialect,
        sql: String::new(),
        positional_slots: Vec::new(),
        param_types: params.iter().map(|p| (p.ty, p.list)).collect(),
    };
    writer.statement(statement);
    Rendered {
        sql: writer.sql,
        positional_slots: writer.positional_slots,
    }
}

/// One expression's SQL in `dialect`, as it is written inside a statement.
pub fn render_expr(expr: &Expr, dialect: Dialect) -> String {
    let mut writer = Writer {
        dialect,
        sql: String::new(),
        positional_slots: Vec::new(),
        param_types: Vec::new(),
    };
    writer.expr(expr);
    writer.sql
}

struct Writer {
    dialect: Dialect,
    sql: String,
    positional_slots: Vec<usize>,
    param_types: Vec<(SqlType, bool)>,
}

impl Writer {
    /// Appends `text`, spacing it from what came before where the two would otherwise run
    /// together into a comment opener (`-` then `-77` is `--77`, `/` then `*` is `/*`): the rest
    /// of the statement would silently become a comment.
    fn push(&mut self, text: &str) {
        if let (Some(last), Some(first)) = (self.sql.chars().last(), text.chars().next()) {
            if matches!((last, first), ('-', '-') | ('/', '*')) {
                self.sql.push(' ');
            }
        }
        self.sql.push_str(text);
    }

    fn ident(&mut self, name: &str) {
        let quoted = quote_ident(name, self.dialect);
        self.sql.push_str(&quoted);
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            each(self, item);
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Query(query) => self.query(query),
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update(update) => self.update(update),
            Statement::Delete(delete) => self.delete(delete),
        }
    }

    fn query(&mut self, query: &Query) {
        crate::stack::deep(|| self.query_here(query));
    }

    fn query_here(&mut self, query: &Query) {
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
            self.list(&query.order_by, |w, order| {
                w.expr(&order.expr);
                match order.descending {
                    Some(true) => w.push(" DESC"),
                    Some(false) => w.push(" ASC"),
                    None => {}
                }
            });
        }
        if let Some(limit) = &query.limit {
            self.push(" LIMIT ");
            self.expr(limit);
        }
        if let Some(offset) = &query.offset {
            self.push(" OFFSET ");
            self.expr(offset);
        }
    }

    fn set_expr(&mut self, body: &SetExpr) {
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

    fn select_items(&mut self, items: &[SelectItem]) {
        self.list(items, |w, item| match item {
            SelectItem::Wildcard(_) => w.push("*"),
            SelectItem::TableWildcard(table) => {
                w.ident(&table.name);
                w.push(".*");
            }
            SelectItem::Expr { expr, alias } => {
                w.expr(expr);
                if let Some(alias) = alias {
                    w.push(" AS ");
                    w.ident(&alias.name);
                }
            }
        });
    }

    fn select(&mut self, select: &Select) {
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
        if let Some(having) = &select.having {
            self.push(" HAVING ");
            self.expr(having);
        }
    }

    fn from(&mut self, from: &[FromItem]) {
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

    fn table_factor(&mut self, factor: &TableFactor) {
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

    fn where_clause(&mut self, condition: Option<&Expr>) {
        if let Some(condition) = condition {
            self.push(" WHERE ");
            self.expr(condition);
        }
    }

    fn returning(&mut self, items: &[SelectItem]) {
        if !items.is_empty() {
            self.push(" RETURNING ");
            self.select_items(items);
        }
    }

    fn insert(&mut self, insert: &Insert) {
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
                self.list(rows, |w, row| {
                    w.push("(");
                    w.list(&row.values, Self::expr);
                    w.push(")");
                });
            }
            InsertSource::Query(query) => {
                self.push(" ");
                self.query(query);
            }
        }
        self.returning(&insert.returning);
    }

    fn update(&mut self, update: &Update) {
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
                w.ident(&update.table.name);
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

    fn delete(&mut self, delete: &Delete) {
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

    fn expr(&mut self, expr: &Expr) {
        crate::stack::deep(|| self.expr_here(expr));
    }

    fn expr_here(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Column(column) => {
                if let Some(table) = &column.table {
                    self.ident(&table.name);
                    self.push(".");
                }
                self.ident(&column.column.name);
            }
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
                self.expr(pattern);
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
                self.operand(pattern, precedence::CONCAT);
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
                let target = ty.cast_target(self.dialect);
                self.push(&target);
                self.push(")");
            }
            ExprKind::Function(call)
                if self.dialect != Dialect::Sqlite && call.name.name == "total" =>
            {
                // SQLite's total(): a float sum that is 0.0 over no rows.
                self.push("CAST(coalesce(sum(");
                if call.distinct {
                    self.push("DISTINCT ");
                }
                if let FunctionArgs::List(args) = &call.args {
                    self.list(args, Self::expr);
                }
                self.push("), 0) AS ");
                self.push(&crate::types::SqlType::Double.cast_target(self.dialect));
                self.push(")");
            }
            ExprKind::Function(call)
                if self.dialect != Dialect::Sqlite && call.name.name == "group_concat" =>
            {
                let FunctionArgs::List(args) = &call.args else {
                    return;
                };
                let distinct = if call.distinct { "DISTINCT " } else { "" };
                let separator = Expr {
                    kind: ExprKind::Literal(Literal::String(",".to_owned())),
                    range: expr.range,
                };
                let separator = args.get(1).unwrap_or(&separator);
                if self.dialect == Dialect::Postgres {
                    self.push("string_agg(");
                    self.push(distinct);
                    self.push("CAST(");
                    self.expr(&args[0]);
                    self.push(" AS TEXT), ");
                    self.expr(separator);
                } else {
                    self.push("GROUP_CONCAT(");
                    self.push(distinct);
                    self.expr(&args[0]);
                    self.push(" SEPARATOR ");
                    self.expr(separator);
                }
                self.push(")");
            }
            ExprKind::Function(call) => {
                self.push(&call.name.name);
                self.push("(");
                if call.distinct {
                    self.push("DISTINCT ");
                }
                match &call.args {
                    FunctionArgs::Star(_) => self.push("*"),
                    FunctionArgs::List(args) => self.list(args, Self::expr),
                }
                self.push(")");
            }
        }
    }

    /// A LIKE's `ESCAPE`. Without one, SQLite has no escape character while PostgreSQL and
    /// MySQL take a backslash; `ESCAPE ''` makes those two read the pattern as SQLite does.
    fn like_escape(&mut self, escape: Option<&Expr>) {
        match escape {
            Some(escape) => {
                self.push(" ESCAPE ");
                self.operand(escape, precedence::CONCAT);
            }
            None if self.dialect != Dialect::Sqlite => self.push(" ESCAPE ''"),
            None => {}
        }
    }

    /// An operand that must bind at least as tightly as `min_precedence`.
    fn operand(&mut self, expr: &Expr, min_precedence: u8) {
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
    fn binary_operand(&mut self, expr: &Expr, parent: BinaryOp) {
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

    fn param(&mut self, slot: usize) {
        match self.dialect {
            Dialect::Sqlite => {
                let _ = write!(self.sql, "?{}", slot + 1);
            }
            Dialect::Postgres => {
                let _ = write!(self.sql, "${}", slot + 1);
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
                                element.ddl(Dialect::Postgres)
                            )
                        }
                        SqlType::Text | SqlType::Varchar(_) => format!("::TEXT{brackets}"),
                        SqlType::Numeric(_) => format!("::NUMERIC{brackets}"),
                        other => format!("::{}{brackets}", other.ddl(Dialect::Postgres)),
                    };
                    self.push(&cast);
                }
            }
            Dialect::MySql => {
                self.positional_slots.push(slot);
                self.push("?");
            }
        }
    }

    fn literal(&mut self, literal: &Literal) {
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

/// A SQL string literal, as SQLite and PostgreSQL read it.
pub fn quote_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A SQL string literal in `dialect`: MySQL reads a backslash in a string as an escape, so
/// there it is doubled.
pub fn quote_string_in(text: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::MySql => quote_string(&text.replace('\\', "\\\\")),
        Dialect::Sqlite | Dialect::Postgres => quote_string(text),
    }
}

/// An identifier, quoted where a dialect would otherwise fold its case or read a keyword.
pub fn quote_ident(name: &str, dialect: Dialect) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !crate::reserved::is_reserved_anywhere(name);
    if plain {
        return name.to_owned();
    }
    match dialect {
        Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        Dialect::Sqlite | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// The DDL creating every table of `schema` in `dialect`, referenced tables first.
pub fn create_all(schema: &Schema, dialect: Dialect) -> String {
    let mut sql = String::new();
    for index in creation_order(schema) {
        sql.push_str(&create_table(&schema.tables[index], dialect));
        sql.push_str(";\n");
    }
    sql
}

/// The DDL dropping every table of `schema`, referencing tables first.
pub fn drop_all(schema: &Schema, dialect: Dialect) -> String {
    let mut sql = String::new();
    for index in creation_order(schema).into_iter().rev() {
        let _ = writeln!(
            sql,
            "DROP TABLE IF EXISTS {};",
            quote_ident(&schema.tables[index].name.name, dialect)
        );
    }
    sql
}

/// Tables ordered so each comes after the tables it references (declared order otherwise,
/// and for cycles, which every dialect here accepts when created in one batch on SQLite).
fn creation_order(schema: &Schema) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    let mut visiting = Vec::new();
    fn visit(schema: &Schema, index: usize, order: &mut Vec<usize>, visiting: &mut Vec<usize>) {
        if order.contains(&index) || visiting.contains(&index) {
            return;
        }
        visiting.push(index);
        for fk in &schema.tables[index].foreign_keys {
            if let Some(target) = schema
                .tables
                .iter()
                .position(|t| t.name.is(&fk.foreign_table.name))
            {
                visit(schema, target, order, visiting);
            }
        }
        order.push(index);
    }
    for index in 0..schema.tables.len() {
        visit(schema, index, &mut order, &mut visiting);
    }
    order
}

/// A column's type as `dialect`'s catalog reports it, for comparing a live database with
/// the schema: SQLite keeps the declared text; PostgreSQL answers with `format_type`.
pub fn catalog_type(table: &Table, index: usize, dialect: Dialect) -> String {
    let ty = table.columns[index].ty;
    match dialect {
        Dialect::Sqlite if table.is_auto_key(index) => "INTEGER".to_owned(),
        Dialect::Postgres => postgres_catalog_type(ty),
        _ => ty.ddl(dialect),
    }
}

fn postgres_catalog_type(ty: SqlType) -> String {
    match ty {
        SqlType::SmallInt => "smallint".to_owned(),
        SqlType::Integer => "integer".to_owned(),
        SqlType::BigInt => "bigint".to_owned(),
        SqlType::Real => "real".to_owned(),
        SqlType::Double => "double precision".to_owned(),
        SqlType::Numeric(Some((p, s))) => format!("numeric({p},{s})"),
        SqlType::Numeric(None) => "numeric".to_owned(),
        SqlType::Text => "text".to_owned(),
        SqlType::Varchar(Some(n)) => format!("character varying({n})"),
        SqlType::Varchar(None) => "character varying".to_owned(),
        SqlType::Boolean => "boolean".to_owned(),
        SqlType::Blob => "bytea".to_owned(),
        SqlType::Date => "date".to_owned(),
        SqlType::Timestamp => "timestamp without time zone".to_owned(),
        SqlType::TimestampTz => "timestamp with time zone".to_owned(),
        SqlType::Uuid => "uuid".to_owned(),
        SqlType::Json => "jsonb".to_owned(),
        SqlType::Array(element) => format!("{}[]", postgres_catalog_type(element.sql_type())),
    }
}

fn create_table(table: &Table, dialect: Dialect) -> String {
    let mut lines = Vec::new();
    for (index, column) in table.columns.iter().enumerate() {
        let mut line = format!("{} ", quote_ident(&column.name.name, dialect));
        let auto_key = table.is_auto_key(index);
        match (auto_key, dialect) {
            (true, Dialect::Postgres) => line.push_str(match column.ty {
                SqlType::SmallInt => "SMALLSERIAL",
                SqlType::BigInt => "BIGSERIAL",
                _ => "SERIAL",
            }),
            // SQLite makes `INTEGER PRIMARY KEY` (that exact type name) an alias of the rowid.
            (true, Dialect::Sqlite) => line.push_str("INTEGER"),
            _ => line.push_str(&column.ty.ddl(dialect)),
        }
        if !column.nullable {
            line.push_str(" NOT NULL");
        }
        if let Some(default) = &column.default {
            line.push_str(" DEFAULT ");
            line.push_str(&default_sql(default, dialect));
        }
        if auto_key {
            line.push_str(" PRIMARY KEY");
            match dialect {
                Dialect::Sqlite if column.autoincrement => line.push_str(" AUTOINCREMENT"),
                Dialect::MySql => line.push_str(" AUTO_INCREMENT"),
                _ => {}
            }
        }
        lines.push(line);
    }
    let names = |indexes: &[usize]| -> String {
        indexes
            .iter()
            .map(|&i| quote_ident(&table.columns[i].name.name, dialect))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let inline_key = table.primary_key.len() == 1 && table.is_auto_key(table.primary_key[0]);
    if !table.primary_key.is_empty() && !inline_key {
        lines.push(format!("PRIMARY KEY ({})", names(&table.primary_key)));
    }
    for unique in &table.unique {
        lines.push(format!("UNIQUE ({})", names(unique)));
    }
    for fk in &table.foreign_keys {
        let foreign: Vec<String> = fk
            .foreign_columns
            .iter()
            .map(|c| quote_ident(&c.name, dialect))
            .collect();
        lines.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            names(&fk.columns),
            quote_ident(&fk.foreign_table.name, dialect),
            foreign.join(", ")
        ));
    }
    format!(
        "CREATE TABLE IF NOT EXISTS {} (\n    {}\n)",
        quote_ident(&table.name.name, dialect),
        lines.join(",\n    ")
    )
}

fn default_sql(default: &Expr, dialect: Dialect) -> String {
    match &default.kind {
        ExprKind::Literal(Literal::String(text)) => quote_string_in(text, dialect),
        ExprKind::Literal(Literal::Integer(n) | Literal::Float(n)) => n.clone(),
        ExprKind::Literal(Literal::Boolean(b)) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        ExprKind::Literal(Literal::Null) => "NULL".to_owned(),
        ExprKind::Column(column) => column.column.name.to_ascii_uppercase(),
        _ => "NULL".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze;

    fn render_all(sql: &str) -> [String; 3] {
        let schema: Schema = syn::parse_str(
            "mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, \"order\": INTEGER } }",
        )
        .or_else(|_| syn::parse_str("mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, Total: INTEGER } }"))
        .unwrap();
        let mut statement: Statement = syn::parse_str(sql).unwrap();
        analyze(&schema, &mut statement).unwrap();
        Dialect::ALL.map(|d| render(&statement, d).sql)
    }

    #[test]
    fn placeholders_per_dialect() {
        let schema: Schema =
            syn::parse_str("mod db { table t { id: INTEGER PRIMARY KEY, name: TEXT NOT NULL } }")
                .unwrap();
        let mut statement: Statement =
            syn::parse_str("SELECT id FROM t WHERE name = :n OR id = {x} OR name <> :n").unwrap();
        analyze(&schema, &mut statement).unwrap();
        assert_eq!(
            render(&statement, Dialect::Sqlite).sql,
            "SELECT t.id FROM t WHERE t.name = ?1 OR t.id = ?2 OR t.name <> ?1"
        );
        assert_eq!(
            render(&statement, Dialect::Postgres).sql,
            "SELECT t.id FROM t WHERE t.name = $1 OR t.id = $2 OR t.name <> $1"
        );
        let mysql = render(&statement, Dialect::MySql);
        assert_eq!(
            mysql.sql,
            "SELECT t.id FROM t WHERE t.name = ? OR t.id = ? OR t.name <> ?"
        );
        assert_eq!(mysql.positional_slots, [0, 1, 0]);
    }

    #[test]
    fn concatenation_per_dialect_and_parenthesized_against_arithmetic() {
        let [sqlite, postgres, mysql] = render_all("SELECT name || (id + 1) || \"it's\" FROM t");
        assert_eq!(sqlite, "SELECT t.name || (t.id + 1) || 'it''s' FROM t");
        assert_eq!(postgres, sqlite);
        assert_eq!(
            mysql,
            "SELECT CONCAT(CONCAT(t.name, (t.id + 1)), 'it''s') FROM t"
        );
        let [sqlite, ..] = render_all("SELECT name || id + 1 FROM t");
        assert_eq!(sqlite, "SELECT t.name || (t.id + 1) FROM t");
    }

    #[test]
    fn identifiers_are_quoted_only_where_needed() {
        assert_eq!(quote_ident("user_account", Dialect::Sqlite), "user_account");
        assert_eq!(quote_ident("order", Dialect::Postgres), "\"order\"");
        assert_eq!(quote_ident("user", Dialect::MySql), "`user`");
        assert_eq!(quote_ident("Total", Dialect::Postgres), "\"Total\"");
    }

    #[test]
    fn ddl_per_dialect() {
        let schema: Schema = syn::parse_str(
            r#"mod db {
                table address { id: INTEGER PRIMARY KEY, user_id: INTEGER NOT NULL REFERENCES user_account(id), price: NUMERIC(10, 2) DEFAULT 0 }
                table user_account { id: INTEGER PRIMARY KEY AUTOINCREMENT, name: VARCHAR NOT NULL UNIQUE, data: BLOB, score: DOUBLE }
            }"#,
        )
        .unwrap();
        assert_eq!(
            create_all(&schema, Dialect::Sqlite),
            "CREATE TABLE IF NOT EXISTS user_account (\n    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    name VARCHAR NOT NULL,\n    data BLOB,\n    score DOUBLE,\n    UNIQUE (name)\n);\n\
             CREATE TABLE IF NOT EXISTS address (\n    id INTEGER NOT NULL PRIMARY KEY,\n    user_id INTEGER NOT NULL,\n    price NUMERIC(10, 2) DEFAULT 0,\n    FOREIGN KEY (user_id) REFERENCES user_account (id)\n);\n"
        );
        let postgres = create_all(&schema, Dialect::Postgres);
        assert!(
            postgres.contains("id SERIAL NOT NULL PRIMARY KEY"),
            "{postgres}"
        );
        assert!(
            postgres.contains("data BYTEA") && postgres.contains("score DOUBLE PRECISION"),
            "{postgres}"
        );
        let mysql = create_all(&schema, Dialect::MySql);
        assert!(
            mysql.contains("id INTEGER NOT NULL PRIMARY KEY AUTO_INCREMENT")
                && mysql.contains("name VARCHAR(255)"),
            "{mysql}"
        );
        assert_eq!(
            drop_all(&schema, Dialect::Sqlite),
            "DROP TABLE IF EXISTS address;\nDROP TABLE IF EXISTS user_account;\n"
        );
    }

    fn render_tutorial(sql: &str) -> [String; 3] {
        let schema: Schema = syn::parse_str(
            r#"mod db {
                table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30), fullname: VARCHAR(200) }
                table address { id: INTEGER PRIMARY KEY, user_id: INTEGER NOT NULL REFERENCES user_account(id), email_address: VARCHAR(200) NOT NULL }
            }"#,
        )
        .unwrap();
        let mut statement: Statement = syn::parse_str(sql).unwrap();
        analyze(&schema, &mut statement).unwrap();
        Dialect::ALL.map(|d| render(&statement, d).sql)
    }

    #[test]
    fn multi_table_update_and_delete_per_dialect() {
        let [sqlite, postgres, mysql] = render_tutorial(
            r#"UPDATE user_account SET fullname = "Sandy" FROM address WHERE user_account.id = address.user_id"#,
        );
        assert_eq!(sqlite, "UPDATE user_account SET fullname = 'Sandy' FROM address WHERE user_account.id = address.user_id");
        assert_eq!(postgres, sqlite);
        assert_eq!(mysql, "UPDATE user_account, address SET user_account.fullname = 'Sandy' WHERE user_account.id = address.user_id");
        let [_, postgres, mysql] = render_tutorial(
            "DELETE FROM address USING user_account WHERE user_account.id = address.user_id",
        );
        assert_eq!(
            postgres,
            "DELETE FROM address USING user_account WHERE user_account.id = address.user_id"
        );
        assert_eq!(mysql, "DELETE FROM address USING address, user_account WHERE user_account.id = address.user_id");
    }

    #[test]
    fn intersect_binds_tighter_outside_sqlite() {
        let [sqlite, postgres, _] = render_tutorial(
            "SELECT id FROM user_account UNION SELECT user_id FROM address INTERSECT SELECT id FROM address",
        );
        assert_eq!(sqlite, "SELECT user_account.id FROM user_account UNION SELECT address.user_id FROM address INTERSECT SELECT address.id FROM address");
        assert_eq!(postgres, "(SELECT user_account.id FROM user_account UNION SELECT address.user_id FROM address) INTERSECT SELECT address.id FROM address");
    }

    #[test]
    fn casts_per_dialect() {
        let [sqlite, postgres, mysql] = render_tutorial(
            "SELECT CAST(id AS VARCHAR(10)), CAST(name AS INTEGER) FROM user_account",
        );
        assert_eq!(sqlite, "SELECT CAST(user_account.id AS VARCHAR(10)), CAST(user_account.name AS INTEGER) FROM user_account");
        assert_eq!(postgres, sqlite);
        assert_eq!(mysql, "SELECT CAST(user_account.id AS CHAR), CAST(user_account.name AS SIGNED) FROM user_account");
    }

    #[test]
    fn sqlite_only_syntax_has_portable_renderings() {
        let [sqlite, postgres, mysql] = render_tutorial(
            "SELECT 1 IN (), 1 NOT IN (), total(id), group_concat(DISTINCT name) FROM user_account NOT INDEXED",
        );
        assert_eq!(
            sqlite,
            "SELECT 1 IN (), 1 NOT IN (), total(user_account.id), group_concat(DISTINCT user_account.name) FROM user_account NOT INDEXED"
        );
        assert!(
            postgres.starts_with("SELECT (1 = 0), (1 = 1), "),
            "{postgres}"
        );
        assert!(postgres.contains("CAST(coalesce(sum(user_account.id), 0) AS DOUBLE PRECISION), string_agg(DISTINCT CAST(user_account.name AS TEXT), ',') FROM user_account"), "{postgres}");
        assert!(
            mysql.contains(
                "GROUP_CONCAT(DISTINCT user_account.name SEPARATOR ',') FROM user_account"
            ),
            "{mysql}"
        );
        assert!(!postgres.contains("NOT INDEXED"));
    }

    #[test]
    fn ilike_is_lowered_like_outside_postgresql() {
        let [sqlite, postgres, mysql] = render_tutorial(
            r#"SELECT id FROM user_account WHERE name ILIKE "SP%" AND name NOT ILIKE "x""#,
        );
        assert_eq!(postgres, "SELECT user_account.id FROM user_account WHERE user_account.name ILIKE 'SP%' ESCAPE '' AND user_account.name NOT ILIKE 'x' ESCAPE ''");
        assert_eq!(sqlite, "SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower('SP%') AND lower(user_account.name) NOT LIKE lower('x')");
        assert_eq!(mysql, "SELECT user_account.id FROM user_account WHERE lower(user_account.name) LIKE lower('SP%') ESCAPE '' AND lower(user_account.name) NOT LIKE lower('x') ESCAPE ''");
    }

    /// Finding 12: `ESCAPE` on every dialect, and a backslash that means the same everywhere.
    #[test]
    fn like_escape_per_dialect() {
        let [sqlite, postgres, mysql] = render_tutorial(
            r#"SELECT id FROM user_account WHERE name LIKE "50\\%" ESCAPE "\\" OR name NOT LIKE :p ESCAPE "!""#,
        );
        assert_eq!(
            sqlite,
            r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE '50\%' ESCAPE '\' OR user_account.name NOT LIKE ?1 ESCAPE '!'"
        );
        assert_eq!(postgres, sqlite.replace("?1", "$1"));
        assert_eq!(
            mysql,
            r"SELECT user_account.id FROM user_account WHERE user_account.name LIKE '50\\%' ESCAPE '\\' OR user_account.name NOT LIKE ? ESCAPE '!'"
        );
    }
}
