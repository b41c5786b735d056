//! The typed syntax tree of one SQL statement, as written inside `query!`, with the span of
//! every name and expression so that later stages can point at the offending token.

use crate::errors::SpanRange;
use proc_macro2::Span;

/// A SQL identifier: a table, column, alias or function name.
#[derive(Debug, Clone)]
pub struct Ident {
    /// The name as written; name resolution replaces it with the schema's spelling.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

impl Ident {
    /// A new identifier.
    pub fn new(name: impl Into<String>, span: Span) -> Self {
        Self {
            name: name.into(),
            span,
        }
    }

    /// Whether this names `other`, ignoring case as SQL does.
    pub fn is(&self, other: &str) -> bool {
        self.name.eq_ignore_ascii_case(other)
    }
}

/// One statement.
#[derive(Debug, Clone)]
pub enum Statement {
    /// `[WITH ...] SELECT ...`, possibly combined with UNION and friends.
    Query(Box<Query>),
    /// `INSERT INTO ...`
    Insert(Insert),
    /// `UPDATE ... SET ...`
    Update(Update),
    /// `DELETE FROM ...`
    Delete(Delete),
}

/// ```text
/// [WITH [RECURSIVE] name [(column, ...)] AS (query), ...]
/// body [ORDER BY expr [ASC | DESC], ...] [LIMIT expr [OFFSET expr]]
/// ```
#[derive(Debug, Clone)]
pub struct Query {
    /// Common table expressions.
    pub with: Option<With>,
    /// The SELECT or set operation.
    pub body: SetExpr,
    /// `ORDER BY`.
    pub order_by: Vec<OrderBy>,
    /// `LIMIT`.
    pub limit: Option<Expr>,
    /// `OFFSET`.
    pub offset: Option<Expr>,
}

/// `WITH [RECURSIVE] cte, ...`
#[derive(Debug, Clone)]
pub struct With {
    /// The `WITH` keyword.
    pub with_token: Span,
    /// `WITH RECURSIVE`.
    pub recursive: bool,
    /// The named queries, in order.
    pub ctes: Vec<Cte>,
}

/// `name [(column, ...)] AS (query)`
#[derive(Debug, Clone)]
pub struct Cte {
    /// Its name.
    pub name: Ident,
    /// Names for its columns, if listed.
    pub columns: Vec<Ident>,
    /// Its query.
    pub query: Box<Query>,
}

/// A SELECT, or SELECTs combined by set operators (left to right, as SQLite reads them).
#[derive(Debug, Clone)]
pub enum SetExpr {
    /// One SELECT.
    Select(Box<Select>),
    /// `left UNION [ALL] | INTERSECT | EXCEPT right`.
    SetOperation {
        /// Which operator.
        op: SetOperator,
        /// `UNION ALL`.
        all: bool,
        /// The operator's token.
        op_span: Span,
        /// The left side.
        left: Box<SetExpr>,
        /// The right side.
        right: Box<SetExpr>,
    },
}

/// The set operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// `UNION`
    Union,
    /// `INTERSECT`
    Intersect,
    /// `EXCEPT`
    Except,
}

impl SetOperator {
    /// As SQL writes it.
    pub fn sql(self) -> &'static str {
        match self {
            SetOperator::Union => "UNION",
            SetOperator::Intersect => "INTERSECT",
            SetOperator::Except => "EXCEPT",
        }
    }
}

/// ```text
/// SELECT [DISTINCT | ALL] item, ... [FROM from, ...] [WHERE expr]
///     [GROUP BY expr, ...] [HAVING expr]
/// ```
#[derive(Debug, Clone)]
pub struct Select {
    /// The `SELECT` keyword.
    pub select_token: Span,
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// The result columns.
    pub items: Vec<SelectItem>,
    /// The `FROM` list; empty for `SELECT 1`.
    pub from: Vec<FromItem>,
    /// `WHERE`.
    pub where_clause: Option<Expr>,
    /// `GROUP BY`.
    pub group_by: Vec<Expr>,
    /// `HAVING`.
    pub having: Option<Expr>,
}

/// One entry of a SELECT list.
#[derive(Debug, Clone)]
pub enum SelectItem {
    /// `*`
    Wildcard(Span),
    /// `table.*`
    TableWildcard(Ident),
    /// `expr [AS label]`
    Expr {
        /// The value.
        expr: Expr,
        /// The label given with `AS`.
        alias: Option<Ident>,
    },
}

/// One comma-separated entry of `FROM`: a table and the tables joined to it.
#[derive(Debug, Clone)]
pub struct FromItem {
    /// The first table.
    pub table: TableFactor,
    /// `JOIN ...` clauses, in order.
    pub joins: Vec<Join>,
}

/// Something in FROM that rows come from.
#[derive(Debug, Clone)]
pub enum TableFactor {
    /// `table [[AS] alias]`: a schema table or a CTE.
    Table(TableRef),
    /// `(query) [AS] alias`
    Derived {
        /// The subquery.
        subquery: Box<Query>,
        /// Its name.
        alias: Ident,
    },
}

impl TableFactor {
    /// The name the rest of the statement uses for it.
    pub fn binding(&self) -> &Ident {
        match self {
            TableFactor::Table(table) => table.binding(),
            TableFactor::Derived { alias, .. } => alias,
        }
    }
}

/// `table [[AS] alias]`
#[derive(Debug, Clone)]
pub struct TableRef {
    /// The table's name.
    pub name: Ident,
    /// Its alias.
    pub alias: Option<Ident>,
    /// SQLite's `NOT INDEXED` hint.
    pub not_indexed: bool,
}

impl TableRef {
    /// The name the rest of the statement uses for this table.
    pub fn binding(&self) -> &Ident {
        self.alias.as_ref().unwrap_or(&self.name)
    }
}

/// `[INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN table [ON expr]`
#[derive(Debug, Clone)]
pub struct Join {
    /// Which join.
    pub kind: JoinKind,
    /// The `JOIN` keyword.
    pub join_token: Span,
    /// The joined table.
    pub table: TableFactor,
    /// The `ON` condition; inferred from the foreign key when absent.
    pub on: Option<Expr>,
}

/// The kinds of join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// `[INNER] JOIN`
    Inner,
    /// `LEFT [OUTER] JOIN`
    Left,
    /// `RIGHT [OUTER] JOIN`
    Right,
    /// `FULL [OUTER] JOIN`
    Full,
    /// `CROSS JOIN`
    Cross,
}

/// `expr [ASC | DESC]`
#[derive(Debug, Clone)]
pub struct OrderBy {
    /// The sort key.
    pub expr: Expr,
    /// `Some(true)` for `DESC`, `Some(false)` for `ASC`.
    pub descending: Option<bool>,
}

/// `INSERT INTO table [(column, ...)] VALUES (expr, ...), ...`
#[derive(Debug, Clone)]
pub struct Insert {
    /// The target table.
    pub table: Ident,
    /// The listed columns; empty means every column in declared order.
    pub columns: Vec<Ident>,
    /// The span of the column list's parentheses, if written.
    pub columns_span: Option<Span>,
    /// The rows to insert.
    pub source: InsertSource,
    /// `RETURNING` items; empty when absent.
    pub returning: Vec<SelectItem>,
}

/// Where INSERT's rows come from.
#[derive(Debug, Clone)]
pub enum InsertSource {
    /// `VALUES (...), ...`
    Values(Vec<ValuesRow>),
    /// `SELECT ...`
    Query(Box<Query>),
}

/// `(expr, ...)` in `VALUES`.
#[derive(Debug, Clone)]
pub struct ValuesRow {
    /// The values.
    pub values: Vec<Expr>,
    /// The parentheses.
    pub span: Span,
}

/// `UPDATE table SET column = expr, ... [FROM from, ...] [WHERE expr] [RETURNING ...]`
#[derive(Debug, Clone)]
pub struct Update {
    /// The target table.
    pub table: Ident,
    /// `SET` assignments, in the order written.
    pub assignments: Vec<Assignment>,
    /// `FROM`: other tables the assignments and WHERE may use.
    pub from: Vec<FromItem>,
    /// `WHERE`.
    pub where_clause: Option<Expr>,
    /// `RETURNING` items; empty when absent.
    pub returning: Vec<SelectItem>,
}

/// `column = expr`
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The column assigned.
    pub column: Ident,
    /// The new value.
    pub value: Expr,
}

/// `DELETE FROM table [USING from, ...] [WHERE expr] [RETURNING ...]`
#[derive(Debug, Clone)]
pub struct Delete {
    /// The target table.
    pub table: Ident,
    /// `USING`: other tables the WHERE may use.
    pub using: Vec<FromItem>,
    /// The `USING` keyword.
    pub using_token: Option<Span>,
    /// `WHERE`.
    pub where_clause: Option<Expr>,
    /// `RETURNING` items; empty when absent.
    pub returning: Vec<SelectItem>,
}

/// An expression and the tokens it covers.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its first and last token.
    pub range: SpanRange,
}

/// The kinds of expression.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `[table.]column`
    Column(ColumnRef),
    /// A constant.
    Literal(Literal),
    /// `:name` or `{rust_expr}`.
    Param(Param),
    /// `NOT x`, `-x`, `+x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `x op y`.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The operator's token.
        op_span: Span,
        /// The left operand.
        left: Box<Expr>,
        /// The right operand.
        right: Box<Expr>,
    },
    /// `x IS [NOT] NULL`.
    IsNull {
        /// The tested value.
        operand: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `x [NOT] IN (a, b, ...)`.
    InList {
        /// The tested value.
        operand: Box<Expr>,
        /// The candidates.
        list: Vec<Expr>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `x [NOT] BETWEEN low AND high`.
    Between {
        /// The tested value.
        operand: Box<Expr>,
        /// The lower bound.
        low: Box<Expr>,
        /// The upper bound.
        high: Box<Expr>,
        /// `NOT BETWEEN`.
        negated: bool,
    },
    /// `x [NOT] LIKE pattern [ESCAPE char]`.
    Like {
        /// The tested text.
        operand: Box<Expr>,
        /// The pattern.
        pattern: Box<Expr>,
        /// The character that makes the `%`, `_` (or itself) after it literal. Without one,
        /// no character escapes, on every dialect.
        escape: Option<Box<Expr>>,
        /// `NOT LIKE`.
        negated: bool,
        /// `ILIKE`: PostgreSQL's case-insensitive LIKE.
        case_insensitive: bool,
    },
    /// `name([DISTINCT] args)` or `name(*)`.
    Function(FunctionCall),
    /// `(expr)`.
    Nested(Box<Expr>),
    /// `(SELECT ...)` as a value.
    Subquery(Box<Query>),
    /// `[NOT] EXISTS (SELECT ...)`.
    Exists {
        /// The subquery.
        subquery: Box<Query>,
        /// `NOT EXISTS`.
        negated: bool,
    },
    /// `x [NOT] IN {list}` or `x [NOT] IN :list`: one parameter holding every value.
    InParam {
        /// The tested value.
        operand: Box<Expr>,
        /// The list parameter.
        list: Param,
        /// `NOT IN`.
        negated: bool,
    },
    /// `x [NOT] IN (SELECT ...)`.
    InSubquery {
        /// The tested value.
        operand: Box<Expr>,
        /// The subquery.
        subquery: Box<Query>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`.
    Case {
        /// The value compared with each WHEN, in a simple CASE.
        operand: Option<Box<Expr>>,
        /// `WHEN condition THEN result` pairs.
        whens: Vec<(Expr, Expr)>,
        /// `ELSE`.
        else_result: Option<Box<Expr>>,
    },
    /// `CAST(expr AS type)`.
    Cast {
        /// The value.
        expr: Box<Expr>,
        /// The target type.
        ty: crate::types::SqlType,
    },
}

/// `[table.]column`
#[derive(Debug, Clone)]
pub struct ColumnRef {
    /// The table or alias, if qualified.
    pub table: Option<Ident>,
    /// The column.
    pub column: Ident,
}

/// A constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// An integer, as written.
    Integer(String),
    /// A decimal or float, as written.
    Float(String),
    /// Text.
    String(String),
    /// `NULL`.
    Null,
    /// `TRUE` or `FALSE`.
    Boolean(bool),
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Named or inline.
    pub kind: ParamKind,
    /// Where it was written.
    pub span: Span,
    /// Its position among the statement's distinct parameters, in order of first appearance;
    /// assigned by [`Statement::number_params`].
    pub slot: usize,
}

/// How a parameter gets its value.
#[derive(Debug, Clone)]
pub enum ParamKind {
    /// `:name`: supplied later through the statement's `params(...)`.
    Named(String),
    /// `{expr}`: the Rust expression, evaluated where the statement is made.
    Inline(Box<syn::Expr>),
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `NOT`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `OR`
    Or,
    /// `AND`
    And,
    /// `=`
    Eq,
    /// `<>` or `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `||`
    Concat,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinaryOp {
    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => 4,
            BinaryOp::Concat => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 7,
        }
    }

    /// The operator as SQL writes it.
    pub fn sql(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "<>",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::Concat => "||",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
        }
    }

    /// `+ - * / %`.
    pub fn is_arithmetic(self) -> bool {
        matches!(
            self,
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem
        )
    }

    /// Whether the operator compares its operands.
    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }
}

/// `name([DISTINCT] args)` or `name(*)`.
#[derive(Debug, Clone)]
pub struct FunctionCall {
    /// The function.
    pub name: Ident,
    /// `count(DISTINCT x)`.
    pub distinct: bool,
    /// The arguments.
    pub args: FunctionArgs,
}

/// A function's arguments.
#[derive(Debug, Clone)]
pub enum FunctionArgs {
    /// `(*)`, for `count(*)`.
    Star(Span),
    /// `(a, b, ...)`.
    List(Vec<Expr>),
}

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
        match &mut self.kind {
            ExprKind::Param(param) => f(param),
            ExprKind::Column(_) | ExprKind::Literal(_) => {}
            ExprKind::Unary { operand, .. } | ExprKind::IsNull { operand, .. } => {
                operand.visit_params_mut(f)
            }
            ExprKind::Nested(inner) | ExprKind::Cast { expr: inner, .. } => {
                inner.visit_params_mut(f)
            }
            ExprKind::Binary { left, right, .. } => {
                left.visit_params_mut(f);
                right.visit_params_mut(f);
            }
            ExprKind::InList { operand, list, .. } => {
                operand.visit_params_mut(f);
                list.iter_mut().for_each(|e| e.visit_params_mut(f));
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                operand.visit_params_mut(f);
                low.visit_params_mut(f);
                high.visit_params_mut(f);
            }
            ExprKind::Like {
                operand,
                pattern,
                escape,
                ..
            } => {
                operand.visit_params_mut(f);
                pattern.visit_params_mut(f);
                if let Some(escape) = escape {
                    escape.visit_params_mut(f);
                }
            }
            ExprKind::Function(call) => {
                if let FunctionArgs::List(args) = &mut call.args {
                    args.iter_mut().for_each(|a| a.visit_params_mut(f));
                }
            }
            ExprKind::Subquery(query)
            | ExprKind::Exists {
                subquery: query, ..
            } => query.visit_params_mut(f),
            ExprKind::InSubquery {
                operand, subquery, ..
            } => {
                operand.visit_params_mut(f);
                subquery.visit_params_mut(f);
            }
            ExprKind::InParam { operand, list, .. } => {
                operand.visit_params_mut(f);
                f(list);
            }
            ExprKind::Case {
                operand,
                whens,
                else_result,
            } => {
                operand.iter_mut().for_each(|o| o.visit_params_mut(f));
                for (when, then) in whens {
                    when.visit_params_mut(f);
                    then.visit_params_mut(f);
                }
                else_result.iter_mut().for_each(|e| e.visit_params_mut(f));
            }
        }
    }
}
