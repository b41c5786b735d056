//! The typed syntax tree of one SQL statement, as written inside `query!`, with the span of
//! every name and expression so that later stages can point at the offending token.

use proc_macro2::Span;

mod expr;
mod params;

pub use expr::*;
pub(crate) use params::variable_text;

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
    /// `WINDOW name AS (...), ...`: windows the SELECT list and ORDER BY name with `OVER`.
    pub windows: Vec<NamedWindow>,
}

/// `name AS (window)` in a WINDOW clause.
#[derive(Debug, Clone)]
pub struct NamedWindow {
    /// The name.
    pub name: Ident,
    /// The window.
    pub spec: WindowSpec,
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
        /// The label was written without `AS` (`SELECT id title`), so it may be a missing
        /// comma.
        bare_alias: bool,
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
    /// `ON CONFLICT ...`: what to do with a row that would break a key.
    pub on_conflict: Option<OnConflict>,
    /// `RETURNING` items; empty when absent.
    pub returning: Vec<SelectItem>,
}

/// `ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]`
#[derive(Debug, Clone)]
pub struct OnConflict {
    /// The `ON` keyword.
    pub span: Span,
    /// The key whose conflict is handled.
    pub target: ConflictTarget,
    /// What to do then.
    pub action: ConflictAction,
}

/// The key an `ON CONFLICT` handles.
#[derive(Debug, Clone)]
pub enum ConflictTarget {
    /// None written: any key (`DO NOTHING` only).
    Any,
    /// `(column, ...)`: the primary key or a UNIQUE constraint with exactly these columns.
    Columns {
        /// The columns.
        columns: Vec<Ident>,
        /// The parentheses.
        span: Span,
    },
    /// `ON CONSTRAINT name`: a key by PostgreSQL's name for it (`t_pkey`, `t_a_b_key`).
    Constraint(Ident),
}

/// What an `ON CONFLICT` does with the row that conflicts.
#[derive(Debug, Clone)]
pub enum ConflictAction {
    /// `DO NOTHING`: skip the row.
    Nothing,
    /// `DO UPDATE SET column = expr, ... [WHERE expr]`: update the existing row; `excluded.c`
    /// is the value the row would have inserted.
    Update {
        /// `SET` assignments, in the order written.
        assignments: Vec<Assignment>,
        /// `WHERE`: update only rows for which it holds.
        where_clause: Option<Expr>,
    },
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

/// `UPDATE table SET column = expr, ... [FROM from, ...] [WHERE expr] [RETURNING ...]`, or
/// MySQL's `UPDATE table, other, ... SET [table.]column = expr, ... [WHERE expr]`.
#[derive(Debug, Clone)]
pub struct Update {
    /// The target table.
    pub table: Ident,
    /// The comma after the target of MySQL's multi-table form (`UPDATE a, b SET ...`), whose
    /// other tables are in `from`, and whose assignments may name their table.
    pub listed: Option<Span>,
    /// `SET` assignments, in the order written.
    pub assignments: Vec<Assignment>,
    /// `FROM` (or the tables listed after the target): other tables the assignments and WHERE
    /// may use.
    pub from: Vec<FromItem>,
    /// `WHERE`.
    pub where_clause: Option<Expr>,
    /// `RETURNING` items; empty when absent.
    pub returning: Vec<SelectItem>,
}

/// `column = expr`, or `table.column = expr` in a multi-table UPDATE.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The table named before the column, in a multi-table UPDATE: the target or another
    /// table it lists (by its alias, if it has one).
    pub table: Option<Ident>,
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
