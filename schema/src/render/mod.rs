//! Writes a checked statement, and the schema's DDL, as SQL text in each dialect: the strings
//! that end up as `&'static str` in the user's binary. This file holds the entry points and the
//! [`Writer`] the other files extend, one concern each.

mod batch;
mod ddl;
mod expr;
mod quote;
mod statement;
#[cfg(test)]
mod tests;
pub mod type_names;
mod variants;

pub use batch::BatchTemplate;
pub use ddl::{create_all, drop_all};
pub use quote::{quote_ident, quote_string, quote_string_in};
pub use variants::{render_variants, Variant};

use crate::analyze::{CheckedStatement, ParamInfo};
use crate::ast::*;
use crate::dialect::Dialect;
use crate::types::SqlType;

/// A statement's SQL in one dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The SQL text.
    pub sql: String,
    /// For dialects with positional placeholders, the parameter slot bound at each one, in
    /// order (a named parameter used twice appears twice); empty otherwise.
    pub positional_slots: Vec<usize>,
    /// For an `INSERT` of one row of values whose many rows can run as one statement, the
    /// SQL cut around that row (see [`BatchTemplate`]).
    pub batch: Option<BatchTemplate>,
}

/// Renders a checked statement in `dialect`, its placeholders bare (`$1`).
pub fn render(checked: &CheckedStatement, dialect: Dialect) -> Rendered {
    render_statement(checked.statement(), dialect, &[])
}

/// [`render`], with the parameters' types: PostgreSQL placeholders then carry a cast
/// (`$1::INTEGER`), so the server expects exactly the type sqlmint binds, whatever the
/// context would let it guess. The SQL `query!` emits.
pub fn render_typed(checked: &CheckedStatement, dialect: Dialect) -> Rendered {
    render_statement(checked.statement(), dialect, &checked.analysis().params)
}

fn render_statement(statement: &Statement, dialect: Dialect, params: &[ParamInfo]) -> Rendered {
    let mut writer = Writer::new(dialect, params);
    writer.statement(statement);
    Rendered {
        batch: batch::cut_batch(&writer, statement, params),
        sql: writer.sql,
        positional_slots: writer.positional_slots,
    }
}

/// The expression of the first result column of a checked `SELECT`, in `dialect`: how a
/// DEFAULT or CHECK, checked as such a query, is written into DDL.
pub(crate) fn first_item_sql(checked: &CheckedStatement, dialect: Dialect) -> Option<String> {
    let Statement::Query(query) = checked.statement() else {
        return None;
    };
    let SetExpr::Select(select) = &query.body else {
        return None;
    };
    let Some(SelectItem::Expr { expr, .. }) = select.items.first() else {
        return None;
    };
    let mut writer = Writer::new(dialect, &[]);
    writer.expr(expr);
    Some(writer.sql)
}

/// The text analysis compares to decide whether two expressions are the same one (an ORDER BY
/// key and a SELECT DISTINCT result column): the expression's SQLite SQL, so two spellings
/// that render alike count as the same. Not SQL to run: placeholders carry no casts.
///
/// Analysis calls into render only here; a structural comparison of the trees would judge
/// some pairs differently (`CAST(x AS UUID)` and `CAST(x AS TEXT)` are both `CAST(x AS TEXT)`
/// on SQLite), so the text stays the measure.
pub(crate) fn comparison_text(expr: &Expr) -> String {
    let mut writer = Writer::new(Dialect::Sqlite, &[]);
    writer.expr(expr);
    writer.sql
}

/// The SQL text being written, with what placeholders need to know.
struct Writer {
    dialect: Dialect,
    sql: String,
    positional_slots: Vec<usize>,
    param_types: Vec<(SqlType, bool)>,
    /// Inside MySQL's `ON DUPLICATE KEY UPDATE`, where `excluded.c` is written `VALUES(c)`.
    excluded_as_values: bool,
    /// By slot: an optional parameter that is `None` in the variant being written.
    absent: Vec<bool>,
    /// By slot: the slot a parameter is bound at in the variant being written (its
    /// placeholder's number); the slot itself where this is empty.
    bound_at: Vec<Option<usize>>,
    /// By slot: whether a placeholder was written for it.
    used: Vec<bool>,
    /// Each placeholder written, where it is in `sql` (its number, without PostgreSQL's cast)
    /// and the slot it binds: what a batch template cuts the row at.
    placeholders: Vec<(std::ops::Range<usize>, usize)>,
    /// Where the one row of an `INSERT ... VALUES (...)` was written, parentheses included.
    values_row: Option<std::ops::Range<usize>>,
}

impl Writer {
    fn new(dialect: Dialect, params: &[ParamInfo]) -> Writer {
        Writer {
            dialect,
            sql: String::new(),
            positional_slots: Vec::new(),
            param_types: params.iter().map(|p| (p.ty, p.list)).collect(),
            excluded_as_values: false,
            absent: Vec::new(),
            bound_at: Vec::new(),
            used: Vec::new(),
            placeholders: Vec::new(),
            values_row: None,
        }
    }

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
}
