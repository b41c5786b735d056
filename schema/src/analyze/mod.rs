//! Name resolution and type inference: checks a parsed statement against the schema, rewrites
//! every name to the schema's spelling (qualifying bare columns, writing out `*`), infers the
//! ON of joins from foreign keys, and works out the type and nullability of every result
//! column and parameter. Every mistake is collected, each at the token to blame.

mod checked;
mod dml;
mod expr;
mod function_calls;
pub mod functions;
mod grouping;
mod literals;
mod operators;
mod params;
mod query;
mod schema;
pub(crate) use schema::{is_constant_default, table_expression, TableExpressionKind};
mod scope;
mod select_list;
#[cfg(test)]
mod tests;
mod typed_nulls;

use crate::ast::*;
pub use crate::dialect::Construct;
use crate::errors::Errors;
use crate::model::Schema;
use crate::types::SqlType;
use proc_macro2::Span;
use scope::RelColumn;

pub use checked::CheckedStatement;

/// What the rest of the pipeline needs to know about a checked statement.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The result columns (empty for statements that return no rows).
    pub columns: Vec<OutputColumn>,
    /// The parameters by slot.
    pub params: Vec<ParamInfo>,
    /// Whether the rows are the statement's own, one table's row, or a tuple of tables' rows.
    pub shape: RowShape,
    /// Every schema table and column the statement names, for go-to-definition.
    pub references: Vec<Reference>,
    /// Constructs that not every dialect has, with where they were written.
    pub constructs: Vec<(Construct, Span)>,
    /// SQL that is legal but likely not what was meant, each a rustc warning at its token.
    pub warnings: Vec<Warning>,
    /// Whether the statement only reads (a `SELECT`, whose `WITH` holds queries only), so an
    /// executor may send it to a read replica.
    pub read_only: bool,
}

/// SQL that is legal but likely a mistake: compiled, and reported as a warning.
#[derive(Debug, Clone)]
pub struct Warning {
    /// Where it was written.
    pub span: Span,
    /// Its name, which the warning shows (`update_without_where`).
    pub lint: &'static str,
    /// What is likely wrong and how to say it is meant.
    pub message: String,
}

/// How a statement's result rows map onto the schema's row structs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RowShape {
    /// The statement's own columns, read into a row struct of its own.
    #[default]
    Columns,
    /// Exactly one table's row (`SELECT *` / `t.*` / `RETURNING *` of one table): the table's
    /// index in the schema, so its generated row struct is reused.
    Table(usize),
    /// Only wildcards, of two or more schema tables (`SELECT user_account.*, address.*`): a
    /// tuple of their row structs, in order, each over its own run of columns.
    Tables(Vec<NestedTable>),
}

/// One table's row inside a [`RowShape::Tables`] row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NestedTable {
    /// The table's index in the schema.
    pub table: usize,
    /// The position of its first column in the result.
    pub first_column: usize,
    /// Whether an outer join can leave the whole side NULL: read as `Option<Row>`, `None`
    /// when the side's key is NULL.
    pub optional: bool,
}

/// One result column.
#[derive(Debug, Clone)]
pub struct OutputColumn {
    /// The field name in the row struct: the label, else the column's or function's name,
    /// made unique.
    pub name: String,
    /// Its SQL type.
    pub ty: SqlType,
    /// Whether it can be NULL.
    pub nullable: bool,
    /// Where the statement names it: its label, its column, or the `*` that wrote it out; the
    /// first token of anything else.
    pub span: Span,
    /// Where its row struct field is declared, which the editor leads to from `row.field`:
    /// the label, or the schema's declaration of a column read under its own name. Never the
    /// token of a column the statement names, which already leads to that declaration (two
    /// destinations would make the editor ask which).
    pub field_span: Span,
}

/// One parameter slot.
#[derive(Debug, Clone)]
pub struct ParamInfo {
    /// `:name` or `{expr}`.
    pub kind: ParamKind,
    /// Where it first appears.
    pub span: Span,
    /// The SQL type it is bound as.
    pub ty: SqlType,
    /// Whether NULL (`None`) may be bound.
    pub nullable: bool,
    /// Whether it is the list of `x IN {list}`: a slice or `Vec` of `ty` values.
    pub list: bool,
    /// Whether it is an optional predicate's (`{title?}`): an `Option` whose `None` leaves
    /// the predicate out, so a given value is never NULL.
    pub optional: bool,
    /// The column whose value it is, or that it is first compared with (`posts.id`), for a
    /// wrong value's message.
    pub column: Option<String>,
}

/// The most optional parameters (`{title?}`) a statement may have: it is compiled to one SQL
/// string per combination of them given or `None`, 2^6 = 64 per dialect.
pub const MAX_OPTIONAL_PARAMS: usize = 6;

/// A name in the statement that refers to something declared in the schema.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The table's index in the schema.
    pub table: usize,
    /// The column's index in the table, or `None` for the table itself.
    pub column: Option<usize>,
    /// Where the user wrote it.
    pub span: Span,
}

/// Checks `statement` against `schema`, rewriting its names to the schema's spelling; every
/// mistake found is in the error.
pub fn analyze(schema: &Schema, mut statement: Statement) -> syn::Result<CheckedStatement> {
    let slots = statement.number_params();
    let mut analyzer = Analyzer {
        schema,
        errors: Errors::new(),
        params: vec![None; slots],
        references: Vec::new(),
        constructs: Vec::new(),
        ctes: Vec::new(),
        grouped: false,
        window_allowed: false,
        windows: Vec::new(),
        param_links: Vec::new(),
        optional_allowed: false,
        warnings: Vec::new(),
    };
    let output = match &mut statement {
        Statement::Query(query) => analyzer.query(query, None),
        Statement::Insert(insert) => analyzer.insert(insert),
        Statement::Update(update) => analyzer.update(update),
        Statement::Delete(delete) => analyzer.delete(delete),
    };
    let read_only = matches!(statement, Statement::Query(_));
    let params = analyzer.finish_params();
    analyzer.check_optional_params(&params);
    analyzer.errors.finish()?;
    let mut columns: Vec<OutputColumn> = output
        .columns
        .iter()
        .enumerate()
        .map(|(position, column)| column.output(position))
        .collect();
    dedupe_names(&mut columns);
    for ((column, (span, labelled)), read) in columns
        .iter_mut()
        .zip(output_spans(&statement))
        .zip(&output.columns)
    {
        column.span = span;
        column.field_span = match (labelled, read.origin) {
            (true, _) => span,
            (false, Some((table, index))) => schema
                .tables
                .get(table)
                .and_then(|table| table.columns.get(index))
                .map_or_else(Span::call_site, |declared| declared.name.span),
            (false, None) => Span::call_site(),
        };
    }
    let analysis = Analysis {
        columns,
        params,
        shape: output.shape,
        references: analyzer.references,
        constructs: analyzer.constructs,
        warnings: analyzer.warnings,
        read_only,
    };
    Ok(CheckedStatement::new(statement, analysis))
}

impl Analyzer<'_> {
    fn warn(&mut self, span: Span, lint: &'static str, message: String) {
        self.warnings.push(Warning {
            span,
            lint,
            message,
        });
    }
}

/// The columns a query or RETURNING produces.
#[derive(Debug, Clone, Default)]
struct QueryOutput {
    columns: Vec<RelColumn>,
    shape: RowShape,
}

#[derive(Debug, Clone)]
struct ParamState {
    info: ParamInfo,
    ty: Option<SqlType>,
    nullable: bool,
    /// Tested with `IS NULL`, or given a fallback in `coalesce`: an optional value, bound as
    /// NULL when absent, whatever its other uses allow.
    may_be_null: bool,
}

/// The type of an expression as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ty {
    kind: Kind,
    nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Known(SqlType),
    /// The `NULL` literal: fits anywhere a NULL may go.
    Null,
    /// A parameter whose type the context has not fixed yet.
    Param(usize),
    /// Already reported as an error; checks against it are skipped to avoid cascades.
    Unknown,
}

impl Ty {
    fn known(ty: SqlType, nullable: bool) -> Ty {
        Ty {
            kind: Kind::Known(ty),
            nullable,
        }
    }

    const UNKNOWN: Ty = Ty {
        kind: Kind::Unknown,
        nullable: true,
    };

    const BOOLEAN: Ty = Ty {
        kind: Kind::Known(SqlType::Boolean),
        nullable: false,
    };

    fn nullable(self, nullable: bool) -> Ty {
        Ty { nullable, ..self }
    }
}

/// Where an expression appears, which decides what it may contain.
#[derive(Clone, Copy, PartialEq)]
enum Clause {
    /// SELECT list, HAVING, ORDER BY: aggregates allowed.
    Aggregating,
    /// WHERE, ON, GROUP BY, SET, VALUES, LIMIT: no aggregates.
    Plain,
    /// Inside an aggregate's arguments.
    InAggregate,
}

/// A named query from `WITH`, visible to FROM clauses below it.
#[derive(Debug, Clone)]
struct CteBinding {
    name: String,
    columns: Vec<RelColumn>,
}

struct Analyzer<'s> {
    schema: &'s Schema,
    errors: Errors,
    params: Vec<Option<ParamState>>,
    references: Vec<Reference>,
    constructs: Vec<(Construct, Span)>,
    /// Innermost last.
    ctes: Vec<CteBinding>,
    /// The SELECT being checked has GROUP BY: its groups are never empty.
    grouped: bool,
    /// Window functions may stand here: the SELECT list and ORDER BY of a SELECT.
    window_allowed: bool,
    /// The names the SELECT being checked defines in its WINDOW clause.
    windows: Vec<String>,
    /// Parameters that take the type the first of the pair is given.
    param_links: Vec<(usize, usize)>,
    /// An optional parameter (`{title?}`) may stand here: in a WHERE or HAVING condition of
    /// the query being checked, or as its whole LIMIT or OFFSET.
    optional_allowed: bool,
    /// What compiles but is likely a mistake.
    warnings: Vec<Warning>,
}

impl Analyzer<'_> {
    /// Every parameter's final type; one that nothing gave a type is an error.
    fn finish_params(&mut self) -> Vec<ParamInfo> {
        let mut params = Vec::with_capacity(self.params.len());
        for (slot, param) in std::mem::take(&mut self.params).into_iter().enumerate() {
            match param {
                Some(ParamState {
                    info,
                    ty: Some(ty),
                    nullable,
                    may_be_null,
                }) => params.push(ParamInfo {
                    ty,
                    nullable: (nullable || may_be_null) && !info.optional,
                    ..info
                }),
                Some(ParamState {
                    info,
                    ty: None,
                    may_be_null,
                    ..
                }) => {
                    // The fix names the parameter as written: `CAST({start} AS INTEGER)`.
                    let written = match &info.kind {
                        ParamKind::Named(name) => format!(":{name}"),
                        ParamKind::Inline(expr) => format!(
                            "{{{}}}",
                            crate::ast::variable_text(expr).unwrap_or_else(|| "...".to_owned())
                        ),
                    };
                    let message = if may_be_null {
                        format!("cannot infer the type of `{written}`: IS NULL takes any type; use it elsewhere too (`{written} IS NULL OR column = {written}`), or write `CAST({written} AS INTEGER) IS NULL` with its SQL type")
                    } else {
                        format!("cannot infer the type of `{written}`: nothing here says what it is; compare it with a column, use it as a column's value, or write `CAST({written} AS INTEGER)` with its SQL type (TEXT, BIGINT, ...)")
                    };
                    self.errors
                        .cannot_infer(crate::errors::SpanRange::single(info.span), message);
                    params.push(info);
                }
                // Every slot numbered by `number_params` is visited; a gap is a bug here,
                // reported as an error rather than a panic inside the user's build.
                None => self.errors.at(
                    Span::call_site(),
                    format!("internal error: parameter slot {slot} was not analyzed; please report this"),
                ),
            }
        }
        params
    }
}

/// Where each result column is written, and whether that is its label: the items of the
/// leftmost SELECT (which names a set operation's columns) or of RETURNING, with wildcards
/// already written out.
fn output_spans(statement: &Statement) -> Vec<(Span, bool)> {
    fn leftmost(body: &SetExpr) -> &Select {
        match body {
            SetExpr::Select(select) => select,
            SetExpr::SetOperation { left, .. } => leftmost(left),
        }
    }
    let items = match statement {
        Statement::Query(query) => &leftmost(&query.body).items,
        Statement::Insert(insert) => &insert.returning,
        Statement::Update(update) => &update.returning,
        Statement::Delete(delete) => &delete.returning,
    };
    items
        .iter()
        .map(|item| match item {
            SelectItem::Wildcard(span) => (*span, false),
            SelectItem::TableWildcard(name) => (name.span, false),
            SelectItem::Expr {
                alias: Some(alias), ..
            } => (alias.span, true),
            SelectItem::Expr { expr, .. } => match &expr.kind {
                ExprKind::Column(column) => (column.column.span, false),
                _ => (expr.range.start, false),
            },
        })
        .collect()
}

/// Repeated names get `_1`, `_2`, ... as SQLAlchemy labels them, so every field is distinct.
fn dedupe_names(columns: &mut [OutputColumn]) {
    for i in 1..columns.len() {
        let base = columns[i].name.clone();
        let mut suffix = 0;
        while columns[..i]
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&columns[i].name))
        {
            suffix += 1;
            columns[i].name = format!("{base}_{suffix}");
        }
    }
}
