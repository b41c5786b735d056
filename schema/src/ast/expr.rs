//! Expressions: the operators with their binding strengths, and the one walk over an
//! expression's children that every pass over expressions shares.

use super::{Ident, Query};
use crate::errors::SpanRange;
use proc_macro2::Span;

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
    /// Written `:name?` or `{variable?}`: the value is an `Option`, and the WHERE or HAVING
    /// condition it is in (one of those joined by AND), or the LIMIT or OFFSET it is, is left
    /// out of the SQL that runs when it is `None`.
    pub optional: bool,
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

/// How tightly each operator binds, weakest first: what the parser climbs and what the
/// renderer parenthesizes by.
pub mod precedence {
    /// `OR`.
    pub const OR: u8 = 1;
    /// `AND`.
    pub const AND: u8 = 2;
    /// Prefix `NOT`: between AND and the comparisons, so `NOT a = b` is `NOT (a = b)`.
    pub const NOT: u8 = 3;
    /// `= <> < <= > >=` and the predicates `IS NULL`, `IN`, `LIKE`, `BETWEEN`.
    pub const COMPARISON: u8 = 4;
    /// `||`.
    pub const CONCAT: u8 = 5;
    /// `+ -`.
    pub const ADDITIVE: u8 = 6;
    /// `* / %`.
    pub const MULTIPLICATIVE: u8 = 7;
    /// Everything that is not an operator: columns, literals, calls, parenthesized groups.
    pub const ATOM: u8 = 9;
    /// The weakest: a whole expression.
    pub const LOWEST: u8 = OR;
}

impl BinaryOp {
    /// Binding strength: higher binds tighter (see [`precedence`]).
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => precedence::OR,
            BinaryOp::And => precedence::AND,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => precedence::COMPARISON,
            BinaryOp::Concat => precedence::CONCAT,
            BinaryOp::Add | BinaryOp::Sub => precedence::ADDITIVE,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => precedence::MULTIPLICATIVE,
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
        self.precedence() == precedence::COMPARISON
    }
}

/// `name([DISTINCT] args) [FILTER (WHERE condition)] [OVER window]` or `name(*) ...`.
#[derive(Debug, Clone)]
pub struct FunctionCall {
    /// The function.
    pub name: Ident,
    /// `count(DISTINCT x)`.
    pub distinct: bool,
    /// The arguments.
    pub args: FunctionArgs,
    /// `FILTER (WHERE condition)`: the rows an aggregate takes.
    pub filter: Option<Box<Expr>>,
    /// `OVER (...)` or `OVER name`: the call is a window function.
    pub over: Option<Box<WindowSpec>>,
    /// A date function (`extract`, `date_trunc`) of a TIMESTAMPTZ, which it reads in UTC as
    /// SQLite stores it, where PostgreSQL would read it in the session's time zone; set by
    /// analysis.
    pub in_utc: bool,
}

/// `OVER name`, or `OVER ([name] [PARTITION BY ...] [ORDER BY ...] [frame])`, or a named
/// window's definition in `WINDOW name AS (...)`.
#[derive(Debug, Clone)]
pub struct WindowSpec {
    /// The `OVER` keyword (or the window's name in a WINDOW clause).
    pub span: Span,
    /// The named window it refers to or builds on.
    pub name: Option<Ident>,
    /// `PARTITION BY`.
    pub partition_by: Vec<Expr>,
    /// `ORDER BY`.
    pub order_by: Vec<super::OrderBy>,
    /// `ROWS | RANGE | GROUPS ...`.
    pub frame: Option<WindowFrame>,
}

/// `ROWS | RANGE | GROUPS {start | BETWEEN start AND end}`.
#[derive(Debug, Clone)]
pub struct WindowFrame {
    /// Which rows the offsets count.
    pub units: FrameUnits,
    /// The units keyword.
    pub span: Span,
    /// Where the frame starts.
    pub start: FrameBound,
    /// Where it ends (`CURRENT ROW` when not written).
    pub end: Option<FrameBound>,
}

/// What a frame's offsets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameUnits {
    /// `ROWS`
    Rows,
    /// `RANGE`
    Range,
    /// `GROUPS`: peer groups (SQLite and PostgreSQL only).
    Groups,
}

/// One end of a window frame.
#[derive(Debug, Clone)]
pub enum FrameBound {
    /// `UNBOUNDED PRECEDING`
    UnboundedPreceding,
    /// `offset PRECEDING`
    Preceding(Box<Expr>),
    /// `CURRENT ROW`
    CurrentRow,
    /// `offset FOLLOWING`
    Following(Box<Expr>),
    /// `UNBOUNDED FOLLOWING`
    UnboundedFollowing,
}

impl WindowSpec {
    /// The expressions the window is made of, in the order written.
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        let frame = self.frame.iter().flat_map(|frame| {
            [Some(&frame.start), frame.end.as_ref()]
                .into_iter()
                .flatten()
                .filter_map(FrameBound::offset)
        });
        self.partition_by
            .iter()
            .chain(self.order_by.iter().map(|o| &o.expr))
            .chain(frame)
    }

    /// [`WindowSpec::exprs`], to change.
    pub fn exprs_mut(&mut self) -> impl Iterator<Item = &mut Expr> {
        let frame = self.frame.iter_mut().flat_map(|frame| {
            [Some(&mut frame.start), frame.end.as_mut()]
                .into_iter()
                .flatten()
                .filter_map(FrameBound::offset_mut)
        });
        self.partition_by
            .iter_mut()
            .chain(self.order_by.iter_mut().map(|o| &mut o.expr))
            .chain(frame)
    }
}

impl FrameBound {
    fn offset(&self) -> Option<&Expr> {
        match self {
            FrameBound::Preceding(offset) | FrameBound::Following(offset) => Some(offset),
            _ => None,
        }
    }

    fn offset_mut(&mut self) -> Option<&mut Expr> {
        match self {
            FrameBound::Preceding(offset) | FrameBound::Following(offset) => Some(offset),
            _ => None,
        }
    }
}

/// A function's arguments.
#[derive(Debug, Clone)]
pub enum FunctionArgs {
    /// `(*)`, for `count(*)`.
    Star(Span),
    /// `(a, b, ...)`.
    List(Vec<Expr>),
}

impl Expr {
    /// How tightly the expression binds when written out (see [`precedence`]).
    pub fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Binary { op, .. } => op.precedence(),
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => precedence::NOT,
            ExprKind::IsNull { .. }
            | ExprKind::InList { .. }
            | ExprKind::Between { .. }
            | ExprKind::Like { .. }
            | ExprKind::InSubquery { .. }
            | ExprKind::InParam { .. } => precedence::COMPARISON,
            _ => precedence::ATOM,
        }
    }

    /// Calls `f` on each expression directly inside this one, in the order written.
    ///
    /// Subqueries are not entered: their expressions belong to another query, with its own
    /// scope, grouping and aggregates. A pass that must see them (numbering parameters)
    /// handles `Subquery`, `Exists` and `InSubquery` itself.
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        children!(&self.kind, f);
    }

    /// [`Expr::for_each_child`], mutably.
    pub fn for_each_child_mut(&mut self, mut f: impl FnMut(&mut Expr)) {
        children!(&mut self.kind, f, mut);
    }
}

/// The one match over every kind of expression that finds its children, written once for
/// shared and for mutable borrows.
macro_rules! children {
    (@window mut ($over:expr), $f:ident) => {
        if let Some(window) = $over {
            window.exprs_mut().for_each(|e| $f(e));
        }
    };
    (@window ($over:expr), $f:ident) => {
        if let Some(window) = $over {
            window.exprs().for_each(|e| $f(e));
        }
    };
    ($kind:expr, $f:ident $(, $mut:tt)?) => {
        match $kind {
            ExprKind::Column(_) | ExprKind::Literal(_) | ExprKind::Param(_) => {}
            ExprKind::Subquery(_) | ExprKind::Exists { .. } => {}
            ExprKind::Unary { operand: inner, .. }
            | ExprKind::IsNull { operand: inner, .. }
            | ExprKind::Nested(inner)
            | ExprKind::Cast { expr: inner, .. }
            | ExprKind::InParam { operand: inner, .. }
            | ExprKind::InSubquery { operand: inner, .. } => $f(inner),
            ExprKind::Binary { left, right, .. } => {
                $f(left);
                $f(right);
            }
            ExprKind::InList { operand, list, .. } => {
                $f(operand);
                for item in list {
                    $f(item);
                }
            }
            ExprKind::Between {
                operand, low, high, ..
            } => {
                $f(operand);
                $f(low);
                $f(high);
            }
            ExprKind::Like {
                operand,
                pattern,
                escape,
                ..
            } => {
                $f(operand);
                $f(pattern);
                if let Some(escape) = escape {
                    $f(escape);
                }
            }
            ExprKind::Function(call) => {
                if let FunctionArgs::List(args) = & $($mut)? call.args {
                    for arg in args {
                        $f(arg);
                    }
                }
                if let Some(filter) = & $($mut)? call.filter {
                    $f(filter);
                }
                children!(@window $($mut)? (& $($mut)? call.over), $f);
            }
            ExprKind::Case {
                operand,
                whens,
                else_result,
            } => {
                if let Some(operand) = operand {
                    $f(operand);
                }
                for (when, then) in whens {
                    $f(when);
                    $f(then);
                }
                if let Some(else_result) = else_result {
                    $f(else_result);
                }
            }
        }
    };
}
use children;
