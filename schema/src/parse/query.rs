//! `[WITH ...] SELECT ...` and set operations: the query grammar, FROM and its joins.

use super::keyword::{self, eat, expect, expected, peek, peek_parens};
use super::*;
use crate::ast::*;
use syn::parse::{Parse, ParseStream, Result};
use syn::{parenthesized, Token};

impl Parse for Query {
    fn parse(input: ParseStream) -> Result<Self> {
        let _level = enter(input)?;
        crate::stack::deep(|| parse_query(input))
    }
}

fn parse_query(input: ParseStream) -> Result<Query> {
    let with = match eat(input, "with") {
        Some(with_token) => {
            let recursive = eat(input, "recursive").is_some();
            let ctes = comma_separated(input, |input| {
                let name = parse_ident(input)?;
                let columns = if peek_parens(input) {
                    let content;
                    parenthesized!(content in input);
                    content
                        .parse_terminated(parse_ident, Token![,])?
                        .into_iter()
                        .collect()
                } else {
                    Vec::new()
                };
                expect(input, "as")?;
                if !starts_query_in_parens(input) {
                    return Err(expected(input, &["`(SELECT ...)`"]));
                }
                let (query, _) = parse_parenthesized_query(input)?;
                Ok(Cte {
                    name,
                    columns,
                    query: Box::new(query),
                })
            })?;
            Some(With {
                with_token,
                recursive,
                ctes,
            })
        }
        None => None,
    };
    let body = parse_set_expr(input)?;
    let mut order_by = Vec::new();
    if eat(input, "order").is_some() {
        expect(input, "by")?;
        order_by = comma_separated(input, parse_order_by)?;
    }
    let mut limit = None;
    let mut offset = None;
    if eat(input, "limit").is_some() {
        limit = Some(input.parse()?);
        if eat(input, "offset").is_some() {
            offset = Some(input.parse()?);
        }
    }
    keyword::refuse(input, "for", "FOR UPDATE", "row locks are not supported yet; take them in a transaction of isolation SERIALIZABLE, or with the driver directly")?;
    Ok(Query {
        with,
        body,
        order_by,
        limit,
        offset,
    })
}

/// SELECTs joined by UNION, INTERSECT and EXCEPT, left to right.
fn parse_set_expr(input: ParseStream) -> Result<SetExpr> {
    let mut left = SetExpr::Select(Box::new(input.parse()?));
    loop {
        let op_span = input.span();
        let op = if eat(input, "union").is_some() {
            SetOperator::Union
        } else if eat(input, "intersect").is_some() {
            SetOperator::Intersect
        } else if eat(input, "except").is_some() {
            SetOperator::Except
        } else {
            return Ok(left);
        };
        let all = eat(input, "all").is_some();
        if !all {
            eat(input, "distinct");
        }
        if !peek(input, "select") {
            return Err(expected(input, &["SELECT"]));
        }
        let right = SetExpr::Select(Box::new(input.parse()?));
        left = SetExpr::SetOperation {
            op,
            all,
            op_span,
            left: Box::new(left),
            right: Box::new(right),
        };
    }
}

/// `expr [ASC | DESC]` of an ORDER BY.
pub(super) fn parse_order_by(input: ParseStream) -> Result<OrderBy> {
    let expr = input.parse()?;
    let descending = if eat(input, "desc").is_some() {
        Some(true)
    } else if eat(input, "asc").is_some() {
        Some(false)
    } else {
        None
    };
    Ok(OrderBy { expr, descending })
}

impl Parse for Select {
    fn parse(input: ParseStream) -> Result<Self> {
        let select_token = expect(input, "select")?;
        let distinct = if eat(input, "distinct").is_some() {
            true
        } else {
            eat(input, "all");
            false
        };
        let items = comma_separated(input, parse_select_item)?;
        let mut from = Vec::new();
        if eat(input, "from").is_some() {
            from = comma_separated(input, parse_from_item)?;
        }
        let where_clause = parse_where(input)?;
        let mut group_by = Vec::new();
        if eat(input, "group").is_some() {
            expect(input, "by")?;
            group_by = comma_separated(input, Expr::parse)?;
        }
        let having = match eat(input, "having") {
            Some(_) => Some(input.parse()?),
            None => None,
        };
        let mut windows = Vec::new();
        if eat(input, "window").is_some() {
            windows = comma_separated(input, |input| {
                let name = parse_ident(input)?;
                expect(input, "as")?;
                if !keyword::peek_parens(input) {
                    return Err(expected(input, &["`(`"]));
                }
                let content;
                syn::parenthesized!(content in input);
                let spec = super::window::parse_window_body(&content, name.span)?;
                Ok(NamedWindow { name, spec })
            })?;
        }
        Ok(Select {
            select_token,
            distinct,
            items,
            from,
            where_clause,
            group_by,
            having,
            windows,
        })
    }
}

fn parse_table_ref(input: ParseStream) -> Result<TableRef> {
    let name = parse_ident(input)?;
    let alias = parse_alias(input)?;
    // SQLite's planner hint; it changes no result, so other dialects simply omit it.
    let not_indexed = peek(input, "not") && keyword::peek2(input, "indexed");
    if not_indexed {
        expect(input, "not")?;
        expect(input, "indexed")?;
    }
    Ok(TableRef {
        name,
        alias,
        not_indexed,
    })
}

fn parse_table_factor(input: ParseStream) -> Result<TableFactor> {
    if input.peek2(syn::token::Paren) {
        keyword::refuse(
            input,
            "lateral",
            "LATERAL",
            "write the subquery in the select list, or join a derived table `ON` its key",
        )?;
    }
    if starts_query_in_parens(input) {
        let (subquery, parens) = parse_parenthesized_query(input)?;
        let alias = parse_alias(input)?.ok_or_else(|| {
            syn::Error::new(
                parens.close(),
                "a subquery in FROM needs a name: add `AS name` after it",
            )
        })?;
        return Ok(TableFactor::Derived {
            subquery: Box::new(subquery),
            alias,
        });
    }
    parse_table_ref(input).map(TableFactor::Table)
}

pub(super) fn parse_from_item(input: ParseStream) -> Result<FromItem> {
    // `(a JOIN b ...) JOIN c`: joins group from the left, so the parentheses at the head of
    // a FROM item change nothing and the item is read as if they were not there.
    if keyword::peek_parens(input) && !starts_query_in_parens(input) {
        let content;
        syn::parenthesized!(content in input);
        let mut item = parse_from_item(&content)?;
        if !content.is_empty() {
            return Err(expected(&content, &["JOIN", "ON", "`)`"]));
        }
        item.joins.extend(parse_joins(input)?);
        return Ok(item);
    }
    let table = parse_table_factor(input)?;
    let joins = parse_joins(input)?;
    Ok(FromItem { table, joins })
}

/// The joins after a FROM item's first table.
fn parse_joins(input: ParseStream) -> Result<Vec<Join>> {
    let mut joins = Vec::new();
    while let Some(kind) = parse_join_kind(input)? {
        let join_token = expect(input, "join")?;
        let table = parse_table_factor(input)?;
        keyword::refuse(
            input,
            "using",
            "JOIN ... USING",
            "write `ON a.column = b.column`",
        )?;
        let on = match eat(input, "on") {
            Some(_) => Some(input.parse()?),
            None => None,
        };
        joins.push(Join {
            kind,
            join_token,
            table,
            on,
        });
    }
    Ok(joins)
}

fn parse_join_kind(input: ParseStream) -> Result<Option<JoinKind>> {
    keyword::refuse(input, "natural", "NATURAL JOIN", "write `JOIN ... ON` with the columns, or just `JOIN` where one foreign key links the two tables")?;
    let kind = if peek(input, "join") || eat(input, "inner").is_some() {
        JoinKind::Inner
    } else if eat(input, "cross").is_some() {
        JoinKind::Cross
    } else if eat(input, "left").is_some() {
        eat(input, "outer");
        JoinKind::Left
    } else if eat(input, "right").is_some() {
        eat(input, "outer");
        JoinKind::Right
    } else if eat(input, "full").is_some() {
        eat(input, "outer");
        JoinKind::Full
    } else {
        return Ok(None);
    };
    Ok(Some(kind))
}
