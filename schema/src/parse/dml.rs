//! `INSERT`, `UPDATE` and `DELETE`.

use super::keyword::{eat, expect, expected, peek, peek_parens};
use super::query::parse_from_item;
use super::*;
use crate::ast::*;
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream, Result};
use syn::{parenthesized, Token};

impl Parse for Insert {
    fn parse(input: ParseStream) -> Result<Self> {
        expect(input, "insert")?;
        keyword::refuse(input, "or", "INSERT OR ...", "write `INSERT ... ON CONFLICT DO NOTHING` for `OR IGNORE`, `ON CONFLICT (key) DO UPDATE SET ...` for `OR REPLACE`")?;
        expect(input, "into")?;
        let table = parse_ident(input)?;
        let mut columns = Vec::new();
        let mut columns_span = None;
        if peek_parens(input) && !starts_query_in_parens(input) {
            let content;
            let parens = parenthesized!(content in input);
            columns = comma_separated(&content, parse_ident)?;
            if !content.is_empty() {
                return Err(expected(&content, &["`,`", "`)`"]));
            }
            columns_span = Some(parens.span.join());
        }
        if peek(input, "select") || peek(input, "with") || starts_query_in_parens(input) {
            let query: Query = input.parse()?;
            if peek(input, "on") {
                // SQLite reads `ON` after a SELECT as a join's, unless the SELECT has a WHERE;
                // rather than a rule that differs by dialect, ON CONFLICT goes after VALUES.
                return Err(input
                    .error("ON CONFLICT is supported after VALUES, not after INSERT ... SELECT"));
            }
            let returning = parse_returning(input)?;
            return Ok(Insert {
                table,
                columns,
                columns_span,
                source: InsertSource::Query(Box::new(query)),
                on_conflict: None,
                returning,
            });
        }
        if !peek(input, "values") {
            return Err(expected(input, &["VALUES", "SELECT"]));
        }
        expect(input, "values")?;
        let rows = comma_separated(input, |input| {
            if !peek_parens(input) {
                return Err(expected(input, &["`(`"]));
            }
            let content;
            let parens = parenthesized!(content in input);
            let values = comma_separated(&content, Expr::parse)?;
            if !content.is_empty() {
                return Err(expected(&content, &["`,`", "an operator", "`)`"]));
            }
            Ok(ValuesRow {
                values,
                span: parens.span.join(),
            })
        })?;
        let on_conflict = match eat(input, "on") {
            Some(span) => Some(parse_on_conflict(input, span)?),
            None => None,
        };
        let returning = parse_returning(input)?;
        Ok(Insert {
            table,
            columns,
            columns_span,
            source: InsertSource::Values(rows),
            on_conflict,
            returning,
        })
    }
}

/// `CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]`,
/// after its `ON` (at `span`).
fn parse_on_conflict(input: ParseStream, span: Span) -> Result<OnConflict> {
    expect(input, "conflict")?;
    let target = if peek_parens(input) {
        let content;
        let parens = parenthesized!(content in input);
        let columns = comma_separated(&content, parse_ident)?;
        if !content.is_empty() {
            return Err(expected(&content, &["`,`", "`)`"]));
        }
        ConflictTarget::Columns {
            columns,
            span: parens.span.join(),
        }
    } else if eat(input, "on").is_some() {
        expect(input, "constraint")?;
        ConflictTarget::Constraint(parse_ident(input)?)
    } else {
        ConflictTarget::Any
    };
    if !peek(input, "do") {
        return Err(expected(input, &["`(`", "ON CONSTRAINT", "DO"]));
    }
    expect(input, "do")?;
    let action = if eat(input, "nothing").is_some() {
        ConflictAction::Nothing
    } else if eat(input, "update").is_some() {
        expect(input, "set")?;
        let assignments = comma_separated(input, |input| parse_assignment(input, false))?;
        let where_clause = parse_where(input)?;
        ConflictAction::Update {
            assignments,
            where_clause,
        }
    } else {
        return Err(expected(input, &["NOTHING", "UPDATE"]));
    };
    Ok(OnConflict {
        span,
        target,
        action,
    })
}

/// `column = expr` of a SET.
///
/// `qualified`: in MySQL's multi-table UPDATE, the column may be named with its table.
fn parse_assignment(input: ParseStream, qualified: bool) -> Result<Assignment> {
    let mut table = None;
    let mut column = parse_ident(input)?;
    if input.peek(Token![.]) {
        if !qualified {
            // `SET t.col = ...` names the target table again; SQL allows only the column.
            return Err(
                input.error("expected `=`: assign to a bare column name, without its table")
            );
        }
        input.parse::<Token![.]>()?;
        table = Some(std::mem::replace(&mut column, parse_ident(input)?));
    }
    input
        .parse::<Token![=]>()
        .map_err(|_| expected(input, &["`=`"]))?;
    let value = input.parse()?;
    Ok(Assignment {
        table,
        column,
        value,
    })
}

impl Parse for Update {
    fn parse(input: ParseStream) -> Result<Self> {
        expect(input, "update")?;
        let table = parse_ident(input)?;
        let mut listed = None;
        let mut from = Vec::new();
        if input.peek(Token![,]) {
            let comma: Token![,] = input.parse()?;
            listed = Some(comma.span);
            from = comma_separated(input, parse_from_item)?;
        }
        expect(input, "set")?;
        let assignments =
            comma_separated(input, |input| parse_assignment(input, listed.is_some()))?;
        if let Some(from_keyword) = eat(input, "from") {
            if listed.is_some() {
                return Err(syn::Error::new(
                    from_keyword,
                    "an UPDATE that lists its tables after UPDATE takes no FROM: list them all there",
                ));
            }
            from = comma_separated(input, parse_from_item)?;
        }
        let where_clause = parse_where(input)?;
        let returning = parse_returning(input)?;
        Ok(Update {
            table,
            listed,
            assignments,
            from,
            where_clause,
            returning,
        })
    }
}

impl Parse for Delete {
    fn parse(input: ParseStream) -> Result<Self> {
        expect(input, "delete")?;
        expect(input, "from")?;
        let table = parse_ident(input)?;
        let mut using = Vec::new();
        let using_token = eat(input, "using");
        if using_token.is_some() {
            using = comma_separated(input, parse_from_item)?;
        }
        let where_clause = parse_where(input)?;
        let returning = parse_returning(input)?;
        Ok(Delete {
            table,
            using,
            using_token,
            where_clause,
            returning,
        })
    }
}
