//! Parses SQL written as Rust tokens into the syntax tree of `ast`, failing at the first token
//! that does not fit with what was expected there.
//!
//! One file per part of the grammar: statements ([`query`], [`dml`]), expressions ([`expr`]),
//! the `schema!` block ([`schema`]) and SQL's keywords ([`keyword`]).

mod dml;
mod expr;
pub(crate) mod keyword;
mod query;
mod schema;
#[cfg(test)]
mod tests;
mod window;

pub(crate) use schema::parse_type;

use crate::ast::*;
use keyword::{eat, expected, peek};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Result};
use syn::{parenthesized, Token};

/// How deeply SQL may nest (parentheses, subqueries, CASE, function calls, chains of `NOT`
/// or signs) before `query!` stops with a compile error: SQLite's own default expression
/// depth limit is 1000; 256 is deeper than hand-written or generated SQL goes, and shallow
/// enough that the analysis of a statement at the limit stays within a small part of
/// rustc's stack.
pub const MAX_NESTING: usize = 256;

thread_local! {
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of nesting, held while it is parsed; [`enter`] refuses the level past
/// [`MAX_NESTING`].
struct NestingLevel;

fn enter(input: ParseStream) -> Result<NestingLevel> {
    let depth = NESTING.with(|n| n.get()) + 1;
    if depth > MAX_NESTING {
        return Err(syn::Error::new(
            input.span(),
            format!("this SQL nests deeper than {MAX_NESTING} levels (parentheses, subqueries, CASE, function calls); split it up, e.g. with WITH"),
        ));
    }
    NESTING.with(|n| n.set(depth));
    Ok(NestingLevel)
}

impl Drop for NestingLevel {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

impl Parse for Statement {
    fn parse(input: ParseStream) -> Result<Self> {
        if input.peek(syn::LitStr) {
            return Err(input.error(
                "write the SQL as tokens, not inside a string: `query!(SELECT ...)`; strings inside the SQL use double quotes",
            ));
        }
        let statement = if peek(input, "select")
            || peek(input, "with")
            || starts_query_in_parens(input)
        {
            Statement::Query(Box::new(input.parse()?))
        } else if peek(input, "insert") {
            Statement::Insert(input.parse()?)
        } else if peek(input, "update") {
            Statement::Update(input.parse()?)
        } else if peek(input, "delete") {
            Statement::Delete(input.parse()?)
        } else {
            keyword::refuse(
                input,
                "replace",
                "REPLACE",
                "write `INSERT ... ON CONFLICT (key) DO UPDATE SET ...` (docs/book/src/queries.md, Upserts)",
            )?;
            keyword::refuse(
                input,
                "merge",
                "MERGE",
                "write `INSERT ... ON CONFLICT (key) DO UPDATE SET ...` (docs/book/src/queries.md, Upserts)",
            )?;
            for ddl in ["create", "alter", "drop"] {
                keyword::refuse(input, ddl, &ddl.to_ascii_uppercase(), "`query!` runs SELECT, INSERT, UPDATE and DELETE; declare tables in `schema!` or in a migration")?;
            }
            return Err(expected(
                input,
                &["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"],
            ));
        };
        input.parse::<Option<Token![;]>>()?;
        if !keyword::at_end(input) {
            let next: &[&str] = match &statement {
                Statement::Query(query) => query_continuations(query),
                Statement::Insert(i) if i.returning.is_empty() => &["`,`", "RETURNING"],
                Statement::Update(u) if u.where_clause.is_none() && u.returning.is_empty() => {
                    &["`,`", "FROM", "WHERE", "RETURNING"]
                }
                Statement::Delete(d) if d.where_clause.is_none() && d.returning.is_empty() => {
                    &["USING", "WHERE", "RETURNING"]
                }
                _ => &["an operator", "the end of the statement"],
            };
            return Err(expected(input, next));
        }
        keyword::eat(input, keyword::END);
        Ok(statement)
    }
}

/// What may still follow a query that stopped parsing, for the error message.
fn query_continuations(query: &Query) -> &'static [&'static str] {
    if query.limit.is_some() {
        return &["OFFSET", "an operator"];
    }
    if !query.order_by.is_empty() {
        return &["`,`", "ASC", "DESC", "LIMIT", "an operator"];
    }
    let SetExpr::Select(select) = last_select(&query.body) else {
        return &["UNION", "ORDER BY", "LIMIT"];
    };
    if select.having.is_some() || !select.group_by.is_empty() {
        &["`,`", "HAVING", "ORDER BY", "LIMIT", "an operator"]
    } else if select.where_clause.is_some() {
        &["an operator", "GROUP BY", "ORDER BY", "LIMIT"]
    } else if !select.from.is_empty() {
        &["`,`", "JOIN", "WHERE", "GROUP BY", "ORDER BY", "LIMIT"]
    } else {
        &["`,`", "FROM", "WHERE", "ORDER BY", "LIMIT", "an operator"]
    }
}

fn last_select(body: &SetExpr) -> &SetExpr {
    match body {
        SetExpr::SetOperation { right, .. } => last_select(right),
        select => select,
    }
}

/// Whether the next token is `( SELECT ...` or `( WITH ...`.
fn starts_query_in_parens(input: ParseStream) -> bool {
    input
        .cursor()
        .group(proc_macro2::Delimiter::Parenthesis)
        .and_then(|(inside, _, _)| inside.ident())
        .is_some_and(|(ident, _)| {
            let word = ident.to_string();
            word.eq_ignore_ascii_case("select") || word.eq_ignore_ascii_case("with")
        })
}

/// `(query)`
fn parse_parenthesized_query(input: ParseStream) -> Result<(Query, proc_macro2::extra::DelimSpan)> {
    let content;
    let parens = parenthesized!(content in input);
    let query: Query = content.parse()?;
    if !content.is_empty() {
        return Err(expected(&content, &["an operator", "`)`"]));
    }
    Ok((query, parens.span))
}

fn parse_returning(input: ParseStream) -> Result<Vec<SelectItem>> {
    match eat(input, "returning") {
        Some(_) => comma_separated(input, parse_select_item),
        None => Ok(Vec::new()),
    }
}

fn parse_where(input: ParseStream) -> Result<Option<Expr>> {
    match eat(input, "where") {
        Some(_) => Ok(Some(input.parse()?)),
        None => Ok(None),
    }
}

fn comma_separated<T>(
    input: ParseStream,
    mut parse_one: impl FnMut(ParseStream) -> Result<T>,
) -> Result<Vec<T>> {
    let mut items = vec![parse_one(input)?];
    while input.parse::<Option<Token![,]>>()?.is_some() {
        items.push(parse_one(input)?);
    }
    Ok(items)
}

fn parse_select_item(input: ParseStream) -> Result<SelectItem> {
    if input.peek(Token![*]) {
        let star: Token![*] = input.parse()?;
        return Ok(SelectItem::Wildcard(star.span));
    }
    if input.peek(syn::Ident::peek_any) && input.peek2(Token![.]) && input.peek3(Token![*]) {
        let table = parse_ident(input)?;
        input.parse::<Token![.]>()?;
        input.parse::<Token![*]>()?;
        return Ok(SelectItem::TableWildcard(table));
    }
    let expr = input.parse()?;
    let bare_alias = !peek(input, "as");
    let alias = parse_alias(input)?;
    let bare_alias = bare_alias && alias.is_some();
    Ok(SelectItem::Expr {
        expr,
        alias,
        bare_alias,
    })
}

/// `[AS] alias`: the bare form only for a word that cannot start the next clause.
fn parse_alias(input: ParseStream) -> Result<Option<Ident>> {
    if eat(input, "as").is_some() {
        return parse_ident(input).map(Some);
    }
    match input.cursor().ident() {
        Some((ident, _)) if !keyword::is_reserved(&ident.to_string()) => {
            let alias = parse_ident(input)?;
            check_clause_typo(input, &alias)?;
            Ok(Some(alias))
        }
        _ => Ok(None),
    }
}

/// A bare alias that is a clause keyword misspelt (`FROM posts WHER id = 1`) and is followed
/// by what cannot follow an alias: the error names the keyword, at the alias, instead of
/// failing at the next token with no hint.
fn check_clause_typo(input: ParseStream, alias: &Ident) -> Result<()> {
    const CLAUSES: &[&str] = &[
        "FROM",
        "WHERE",
        "JOIN",
        "GROUP",
        "ORDER",
        "HAVING",
        "LIMIT",
        "OFFSET",
        "UNION",
        "INNER",
        "RETURNING",
    ];
    let Some(keyword) = crate::errors::keyword_typo(&alias.name, CLAUSES) else {
        return Ok(());
    };
    let cursor = input.cursor();
    let unexpected = match cursor.ident() {
        Some((next, _)) => {
            let next = next.to_string();
            next != keyword::END && !keyword::is_reserved(&next)
        }
        None => cursor.literal().is_some() || cursor.group(proc_macro2::Delimiter::Brace).is_some(),
    };
    if !unexpected {
        return Ok(());
    }
    Err(syn::Error::new(
        alias.span,
        format!(
            "`{}` reads as an alias here, and what follows does not fit; did you mean `{keyword}`?",
            alias.name
        ),
    ))
}

/// Any identifier, Rust keywords included (`type`, `match` are fine SQL names).
pub(crate) fn parse_ident(input: ParseStream) -> Result<Ident> {
    if input.peek(syn::Ident::peek_any) {
        let ident = syn::Ident::parse_any(input)?;
        let name = ident.to_string();
        let name = name.strip_prefix("r#").map(str::to_owned).unwrap_or(name);
        Ok(Ident::new(name, ident.span()))
    } else {
        Err(expected(input, &["a name"]))
    }
}
