//! Parses SQL written as Rust tokens into the syntax tree of `ast`, failing at the first token
//! that does not fit with what was expected there.

use crate::ast::*;
use crate::errors::SpanRange;
use crate::keyword::{self, eat, expect, expected, peek, peek_parens};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Result};
use syn::spanned::Spanned;
use syn::{braced, parenthesized, Token};

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
        let statement =
            if peek(input, "select") || peek(input, "with") || starts_query_in_parens(input) {
                Statement::Query(Box::new(input.parse()?))
            } else if peek(input, "insert") {
                Statement::Insert(input.parse()?)
            } else if peek(input, "update") {
                Statement::Update(input.parse()?)
            } else if peek(input, "delete") {
                Statement::Delete(input.parse()?)
            } else {
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
        order_by = comma_separated(input, |input| {
            let expr = input.parse()?;
            let descending = if eat(input, "desc").is_some() {
                Some(true)
            } else if eat(input, "asc").is_some() {
                Some(false)
            } else {
                None
            };
            Ok(OrderBy { expr, descending })
        })?;
    }
    let mut limit = None;
    let mut offset = None;
    if eat(input, "limit").is_some() {
        limit = Some(input.parse()?);
        if eat(input, "offset").is_some() {
            offset = Some(input.parse()?);
        }
    }
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
        Ok(Select {
            select_token,
            distinct,
            items,
            from,
            where_clause,
            group_by,
            having,
        })
    }
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
    let alias = parse_alias(input)?;
    Ok(SelectItem::Expr { expr, alias })
}

/// `[AS] alias`: the bare form only for a word that cannot start the next clause.
fn parse_alias(input: ParseStream) -> Result<Option<Ident>> {
    if eat(input, "as").is_some() {
        return parse_ident(input).map(Some);
    }
    match input.cursor().ident() {
        Some((ident, _)) if !keyword::is_reserved(&ident.to_string()) => {
            parse_ident(input).map(Some)
        }
        _ => Ok(None),
    }
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

fn parse_from_item(input: ParseStream) -> Result<FromItem> {
    let table = parse_table_factor(input)?;
    let mut joins = Vec::new();
    while let Some(kind) = parse_join_kind(input)? {
        let join_token = expect(input, "join")?;
        let table = parse_table_factor(input)?;
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
    Ok(FromItem { table, joins })
}

fn parse_join_kind(input: ParseStream) -> Result<Option<JoinKind>> {
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

impl Parse for Insert {
    fn parse(input: ParseStream) -> Result<Self> {
        expect(input, "insert")?;
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
            let returning = parse_returning(input)?;
            return Ok(Insert {
                table,
                columns,
                columns_span,
                source: InsertSource::Query(Box::new(query)),
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
        let returning = parse_returning(input)?;
        Ok(Insert {
            table,
            columns,
            columns_span,
            source: InsertSource::Values(rows),
            returning,
        })
    }
}

impl Parse for Update {
    fn parse(input: ParseStream) -> Result<Self> {
        expect(input, "update")?;
        let table = parse_ident(input)?;
        expect(input, "set")?;
        let assignments = comma_separated(input, |input| {
            let column = parse_ident(input)?;
            if input.peek(Token![.]) {
                // `SET t.col = ...` names the target table again; SQL allows only the column.
                return Err(
                    input.error("expected `=`: assign to a bare column name, without its table")
                );
            }
            input
                .parse::<Token![=]>()
                .map_err(|_| expected(input, &["`=`"]))?;
            let value = input.parse()?;
            Ok(Assignment { column, value })
        })?;
        let mut from = Vec::new();
        if eat(input, "from").is_some() {
            from = comma_separated(input, parse_from_item)?;
        }
        let where_clause = parse_where(input)?;
        let returning = parse_returning(input)?;
        Ok(Update {
            table,
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

impl Parse for Expr {
    fn parse(input: ParseStream) -> Result<Self> {
        parse_binary(input, 1)
    }
}

/// Precedence climbing over `BinaryOp::precedence`; `NOT` sits between AND (2) and the
/// comparisons (4) at level 3.
fn parse_binary(input: ParseStream, min_precedence: u8) -> Result<Expr> {
    let _level = enter(input)?;
    crate::stack::deep(|| parse_binary_here(input, min_precedence))
}

fn parse_binary_here(input: ParseStream, min_precedence: u8) -> Result<Expr> {
    let mut left = if min_precedence <= 3 && peek(input, "not") {
        let not = expect(input, "not")?;
        let operand = parse_binary(input, 3)?;
        let range = SpanRange::single(not).to(operand.range);
        Expr {
            kind: ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
            range,
        }
    } else {
        parse_unary(input)?
    };
    loop {
        if min_precedence <= 4 {
            if let Some(predicate) = parse_predicate(input, &left)? {
                left = predicate;
                continue;
            }
        }
        let Some((op, op_span)) = peek_binary_op(input) else {
            break;
        };
        let precedence = op.precedence();
        if precedence < min_precedence {
            break;
        }
        consume_binary_op(input, op)?;
        // Comparisons do not chain (`a < b < c`): the right side binds tighter.
        let right = parse_binary(input, precedence + 1)?;
        let range = left.range.to(right.range);
        left = Expr {
            kind: ExprKind::Binary {
                op,
                op_span,
                left: Box::new(left),
                right: Box::new(right),
            },
            range,
        };
    }
    Ok(left)
}

/// `IS [NOT] NULL`, `[NOT] IN`, `[NOT] LIKE`, `[NOT] BETWEEN` after an operand.
fn parse_predicate(input: ParseStream, left: &Expr) -> Result<Option<Expr>> {
    let boxed = || Box::new(left.clone());
    if eat(input, "is").is_some() {
        let negated = eat(input, "not").is_some();
        let null = expect(input, "null")?;
        let kind = ExprKind::IsNull {
            operand: boxed(),
            negated,
        };
        return Ok(Some(Expr {
            kind,
            range: left.range.to(SpanRange::single(null)),
        }));
    }
    // SQLite's postfix `x NOT NULL` / `x NOTNULL` / `x ISNULL` are `IS [NOT] NULL`.
    let postfix = if peek(input, "not") && keyword::peek2(input, "null") {
        expect(input, "not")?;
        Some((true, expect(input, "null")?))
    } else if let Some(span) = eat(input, "notnull") {
        Some((true, span))
    } else {
        eat(input, "isnull").map(|span| (false, span))
    };
    if let Some((negated, span)) = postfix {
        return Ok(Some(Expr {
            kind: ExprKind::IsNull {
                operand: boxed(),
                negated,
            },
            range: left.range.to(SpanRange::single(span)),
        }));
    }
    let negated = peek(input, "not")
        && ["in", "like", "ilike", "between"]
            .iter()
            .any(|k| keyword::peek2(input, k));
    if negated {
        expect(input, "not")?;
    }
    if eat(input, "in").is_some() {
        if input.peek(syn::Ident::peek_any)
            && !keyword::is_reserved(
                &input
                    .cursor()
                    .ident()
                    .map(|(i, _)| i.to_string())
                    .unwrap_or_default(),
            )
        {
            // SQLite's `x IN table` is `x IN (SELECT * FROM table)`, which every dialect reads.
            let table = parse_ident(input)?;
            let span = table.span;
            let subquery = Query {
                with: None,
                body: SetExpr::Select(Box::new(Select {
                    select_token: span,
                    distinct: false,
                    items: vec![SelectItem::Wildcard(span)],
                    from: vec![FromItem {
                        table: TableFactor::Table(TableRef {
                            name: table,
                            alias: None,
                            not_indexed: false,
                        }),
                        joins: Vec::new(),
                    }],
                    where_clause: None,
                    group_by: Vec::new(),
                    having: None,
                })),
                order_by: Vec::new(),
                limit: None,
                offset: None,
            };
            return Ok(Some(Expr {
                kind: ExprKind::InSubquery {
                    operand: boxed(),
                    subquery: Box::new(subquery),
                    negated,
                },
                range: left.range.to(SpanRange::single(span)),
            }));
        }
        if input.peek(syn::token::Brace) || (input.peek(Token![:]) && !input.peek(Token![::])) {
            let param = parse_primary(input)?;
            let range = left.range.to(param.range);
            let ExprKind::Param(list) = param.kind else {
                return Err(syn::Error::new(param.range.start, "expected a parameter"));
            };
            return Ok(Some(Expr {
                kind: ExprKind::InParam {
                    operand: boxed(),
                    list,
                    negated,
                },
                range,
            }));
        }
        if !peek_parens(input) {
            return Err(expected(input, &["`(`", "a table", "`{list}`"]));
        }
        if starts_query_in_parens(input) {
            let (subquery, parens) = parse_parenthesized_query(input)?;
            let range = left.range.to(SpanRange::single(parens.close()));
            return Ok(Some(Expr {
                kind: ExprKind::InSubquery {
                    operand: boxed(),
                    subquery: Box::new(subquery),
                    negated,
                },
                range,
            }));
        }
        let content;
        let parens = parenthesized!(content in input);
        // `x IN ()` is SQLite's always-false test; an empty list is allowed.
        let list = if content.is_empty() {
            Vec::new()
        } else {
            comma_separated(&content, Expr::parse)?
        };
        if !content.is_empty() {
            return Err(expected(&content, &["`,`", "`)`"]));
        }
        let range = left.range.to(SpanRange::single(parens.span.close()));
        return Ok(Some(Expr {
            kind: ExprKind::InList {
                operand: boxed(),
                list,
                negated,
            },
            range,
        }));
    }
    let like = eat(input, "like")
        .map(|_| false)
        .or_else(|| eat(input, "ilike").map(|_| true));
    if let Some(case_insensitive) = like {
        let pattern = parse_binary(input, 5)?;
        let mut range = left.range.to(pattern.range);
        let escape = match eat(input, "escape") {
            Some(_) => {
                let escape = parse_binary(input, 5)?;
                range = range.to(escape.range);
                Some(Box::new(escape))
            }
            None => None,
        };
        return Ok(Some(Expr {
            kind: ExprKind::Like {
                operand: boxed(),
                pattern: Box::new(pattern),
                escape,
                negated,
                case_insensitive,
            },
            range,
        }));
    }
    if eat(input, "between").is_some() {
        let low = parse_binary(input, 5)?;
        expect(input, "and")?;
        let high = parse_binary(input, 5)?;
        let range = left.range.to(high.range);
        return Ok(Some(Expr {
            kind: ExprKind::Between {
                operand: boxed(),
                low: Box::new(low),
                high: Box::new(high),
                negated,
            },
            range,
        }));
    }
    Ok(None)
}

fn peek_binary_op(input: ParseStream) -> Option<(BinaryOp, Span)> {
    let span = input.span();
    let op = if peek(input, "or") {
        BinaryOp::Or
    } else if peek(input, "and") {
        BinaryOp::And
    } else if input.peek(Token![==]) || input.peek(Token![=]) {
        BinaryOp::Eq
    } else if input.peek(Token![!=]) || (input.peek(Token![<]) && input.peek2(Token![>])) {
        BinaryOp::NotEq
    } else if input.peek(Token![<=]) {
        BinaryOp::LtEq
    } else if input.peek(Token![>=]) {
        BinaryOp::GtEq
    } else if input.peek(Token![<]) {
        BinaryOp::Lt
    } else if input.peek(Token![>]) {
        BinaryOp::Gt
    } else if input.peek(Token![||]) {
        BinaryOp::Concat
    } else if input.peek(Token![+]) {
        BinaryOp::Add
    } else if input.peek(Token![-]) {
        BinaryOp::Sub
    } else if input.peek(Token![*]) {
        BinaryOp::Mul
    } else if input.peek(Token![/]) {
        BinaryOp::Div
    } else if input.peek(Token![%]) {
        BinaryOp::Rem
    } else {
        return None;
    };
    Some((op, span))
}

fn consume_binary_op(input: ParseStream, op: BinaryOp) -> Result<()> {
    match op {
        BinaryOp::Or => expect(input, "or").map(drop),
        BinaryOp::And => expect(input, "and").map(drop),
        BinaryOp::Eq if input.peek(Token![==]) => input.parse::<Token![==]>().map(drop),
        BinaryOp::Eq => input.parse::<Token![=]>().map(drop),
        BinaryOp::NotEq if input.peek(Token![!=]) => input.parse::<Token![!=]>().map(drop),
        BinaryOp::NotEq => {
            input.parse::<Token![<]>()?;
            input.parse::<Token![>]>().map(drop)
        }
        BinaryOp::LtEq => input.parse::<Token![<=]>().map(drop),
        BinaryOp::GtEq => input.parse::<Token![>=]>().map(drop),
        BinaryOp::Lt => input.parse::<Token![<]>().map(drop),
        BinaryOp::Gt => input.parse::<Token![>]>().map(drop),
        BinaryOp::Concat => input.parse::<Token![||]>().map(drop),
        BinaryOp::Add => input.parse::<Token![+]>().map(drop),
        BinaryOp::Sub => input.parse::<Token![-]>().map(drop),
        BinaryOp::Mul => input.parse::<Token![*]>().map(drop),
        BinaryOp::Div => input.parse::<Token![/]>().map(drop),
        BinaryOp::Rem => input.parse::<Token![%]>().map(drop),
    }
}

fn parse_unary(input: ParseStream) -> Result<Expr> {
    let op = if input.peek(Token![-]) {
        UnaryOp::Neg
    } else if input.peek(Token![+]) {
        UnaryOp::Plus
    } else {
        return parse_primary(input);
    };
    let span = input.span();
    if op == UnaryOp::Neg {
        input.parse::<Token![-]>()?;
    } else {
        input.parse::<Token![+]>()?;
    }
    let operand = {
        let _level = enter(input)?;
        crate::stack::deep(|| parse_unary(input))?
    };
    let range = SpanRange::single(span).to(operand.range);
    Ok(Expr {
        kind: ExprKind::Unary {
            op,
            operand: Box::new(operand),
        },
        range,
    })
}

fn parse_primary(input: ParseStream) -> Result<Expr> {
    let start = input.span();
    let single = |kind| Expr {
        kind,
        range: SpanRange::single(start),
    };
    if input.peek(syn::LitStr) {
        let lit: syn::LitStr = input.parse()?;
        return Ok(single(ExprKind::Literal(Literal::String(lit.value()))));
    }
    if let Some((proc_macro2::TokenTree::Literal(literal), _)) = input.cursor().token_tree() {
        let text = literal.to_string();
        if text.len() > 3 && text.starts_with('\'') && text.ends_with('\'') {
            // rustc has already rejected `'text'` ("use double quotes"); read it as the string
            // it was meant to be rather than report it a second time.
            input.parse::<proc_macro2::TokenTree>()?;
            let inner = text[1..text.len() - 1].replace("''", "'");
            return Ok(single(ExprKind::Literal(Literal::String(inner))));
        }
    }
    if input.peek(syn::LitChar) {
        let lit: syn::LitChar = input.parse()?;
        return Ok(single(ExprKind::Literal(Literal::String(
            lit.value().to_string(),
        ))));
    }
    if input.peek(syn::LitInt) {
        let lit: syn::LitInt = input.parse()?;
        if !lit.suffix().is_empty() {
            return Err(syn::Error::new(
                lit.span(),
                "a SQL number takes no Rust type suffix",
            ));
        }
        return Ok(single(ExprKind::Literal(Literal::Integer(
            lit.base10_digits().to_owned(),
        ))));
    }
    if input.peek(syn::LitFloat) {
        let lit: syn::LitFloat = input.parse()?;
        if !lit.suffix().is_empty() {
            return Err(syn::Error::new(
                lit.span(),
                "a SQL number takes no Rust type suffix",
            ));
        }
        return Ok(single(ExprKind::Literal(Literal::Float(
            lit.base10_digits().to_owned(),
        ))));
    }
    if input.peek(syn::LitBool) {
        let lit: syn::LitBool = input.parse()?;
        return Ok(single(ExprKind::Literal(Literal::Boolean(lit.value))));
    }
    if input.peek(Token![:]) && !input.peek(Token![::]) {
        let colon: Token![:] = input.parse()?;
        let name =
            parse_ident(input).map_err(|_| expected(input, &["a parameter name after `:`"]))?;
        return Ok(Expr {
            kind: ExprKind::Param(Param {
                kind: ParamKind::Named(name.name),
                span: name.span,
                slot: 0,
            }),
            range: SpanRange::single(colon.span).to(SpanRange::single(name.span)),
        });
    }
    if input.peek(syn::token::Brace) {
        let content;
        let braces = braced!(content in input);
        // syn parses the Rust expression recursively and has no depth limit of its own.
        if crate::stack::group_deeper_than(content.cursor().token_stream(), MAX_NESTING).is_some() {
            return Err(syn::Error::new(
                braces.span.open(),
                format!("this Rust expression nests deeper than {MAX_NESTING} levels; bind it to a variable and write `{{variable}}`"),
            ));
        }
        let rust: syn::Expr = content.parse()?;
        if !content.is_empty() {
            return Err(content.error("expected one Rust expression inside `{ }`"));
        }
        let span = rust.span();
        return Ok(Expr {
            kind: ExprKind::Param(Param {
                kind: ParamKind::Inline(Box::new(rust)),
                span,
                slot: 0,
            }),
            range: SpanRange::single(braces.span.open()).to(SpanRange::single(braces.span.close())),
        });
    }
    if starts_query_in_parens(input) {
        let (subquery, parens) = parse_parenthesized_query(input)?;
        return Ok(Expr {
            kind: ExprKind::Subquery(Box::new(subquery)),
            range: SpanRange::single(parens.open()).to(SpanRange::single(parens.close())),
        });
    }
    if let Some(exists) = eat(input, "exists") {
        if !starts_query_in_parens(input) {
            return Err(expected(input, &["`(SELECT ...)`"]));
        }
        let (subquery, parens) = parse_parenthesized_query(input)?;
        return Ok(Expr {
            kind: ExprKind::Exists {
                subquery: Box::new(subquery),
                negated: false,
            },
            range: SpanRange::single(exists).to(SpanRange::single(parens.close())),
        });
    }
    if let Some(case) = eat(input, "case") {
        return parse_case(input, case);
    }
    if peek(input, "cast") && input.peek2(syn::token::Paren) {
        let cast = expect(input, "cast")?;
        let content;
        let parens = parenthesized!(content in input);
        let expr: Expr = content.parse()?;
        expect(&content, "as")?;
        let (ty, _) = crate::model::parse_type(&content)?;
        if !content.is_empty() {
            return Err(expected(&content, &["`)`"]));
        }
        return Ok(Expr {
            kind: ExprKind::Cast {
                expr: Box::new(expr),
                ty,
            },
            range: SpanRange::single(cast).to(SpanRange::single(parens.span.close())),
        });
    }
    if peek_parens(input) {
        let content;
        let parens = parenthesized!(content in input);
        let inner: Expr = content.parse()?;
        if !content.is_empty() {
            return Err(expected(&content, &["an operator", "`)`"]));
        }
        return Ok(Expr {
            kind: ExprKind::Nested(Box::new(inner)),
            range: SpanRange::single(parens.span.open()).to(SpanRange::single(parens.span.close())),
        });
    }
    if eat(input, "null").is_some() {
        return Ok(single(ExprKind::Literal(Literal::Null)));
    }
    // Rust lexes only lower-case `true` as a literal; SQL's TRUE arrives as an identifier.
    for (word, value) in [("true", true), ("false", false)] {
        if eat(input, word).is_some() {
            return Ok(single(ExprKind::Literal(Literal::Boolean(value))));
        }
    }
    if input.peek(syn::Ident::peek_any) {
        if let Some((ident, _)) = input.cursor().ident() {
            let word = ident.to_string();
            // `order.group`: a word before `.` can only be a table's name.
            let qualifies = input.peek2(Token![.]) && !input.peek2(Token![..]);
            if keyword::is_reserved(&word) && !qualifies {
                let error = expected(input, &["an expression"]);
                // `GROUP BY group`: a keyword standing where a name fits is a column named
                // by a keyword, which Rust's raw identifiers spell.
                let looks_like_a_name =
                    input
                        .cursor()
                        .ident()
                        .map(|(_, rest)| rest)
                        .is_some_and(|rest| {
                            rest.eof()
                                || rest.punct().is_some()
                                || rest.ident().is_some_and(|(next, _)| next == keyword::END)
                        });
                if looks_like_a_name && word != keyword::END {
                    let name = word.to_ascii_lowercase();
                    return Err(syn::Error::new(
                        error.span(),
                        format!("{error}; a column or table named `{name}` is written `r#{name}`"),
                    ));
                }
                return Err(error);
            }
        }
        let first = parse_ident(input)?;
        if peek_parens(input) {
            return parse_function(input, first);
        }
        if input.peek(Token![.]) && !input.peek(Token![..]) {
            input.parse::<Token![.]>()?;
            let column =
                parse_ident(input).map_err(|_| expected(input, &["a column name after `.`"]))?;
            let range = SpanRange::single(first.span).to(SpanRange::single(column.span));
            return Ok(Expr {
                kind: ExprKind::Column(ColumnRef {
                    table: Some(first),
                    column,
                }),
                range,
            });
        }
        return Ok(Expr {
            range: SpanRange::single(first.span),
            kind: ExprKind::Column(ColumnRef {
                table: None,
                column: first,
            }),
        });
    }
    Err(expected(input, &["an expression"]))
}

/// `CASE [operand] WHEN a THEN b ... [ELSE c] END`, after `CASE`.
fn parse_case(input: ParseStream, case: Span) -> Result<Expr> {
    let operand = if peek(input, "when") {
        None
    } else {
        Some(Box::new(input.parse()?))
    };
    let mut whens = Vec::new();
    while eat(input, "when").is_some() {
        let condition = input.parse()?;
        expect(input, "then")?;
        let result = input.parse()?;
        whens.push((condition, result));
    }
    if whens.is_empty() {
        return Err(expected(input, &["WHEN"]));
    }
    let else_result = match eat(input, "else") {
        Some(_) => Some(Box::new(input.parse()?)),
        None => None,
    };
    let end = eat(input, "end").ok_or_else(|| {
        let next: &[&str] = if else_result.is_some() {
            &["END"]
        } else {
            &["WHEN", "ELSE", "END"]
        };
        expected(input, next)
    })?;
    Ok(Expr {
        kind: ExprKind::Case {
            operand,
            whens,
            else_result,
        },
        range: SpanRange::single(case).to(SpanRange::single(end)),
    })
}

fn parse_function(input: ParseStream, name: Ident) -> Result<Expr> {
    let content;
    let parens = parenthesized!(content in input);
    let distinct = eat(&content, "distinct").is_some();
    let args = if content.peek(Token![*]) {
        let star: Token![*] = content.parse()?;
        FunctionArgs::Star(star.span)
    } else if content.is_empty() {
        FunctionArgs::List(Vec::new())
    } else {
        FunctionArgs::List(comma_separated(&content, Expr::parse)?)
    };
    if !content.is_empty() {
        return Err(expected(&content, &["`,`", "`)`"]));
    }
    let range = SpanRange::single(name.span).to(SpanRange::single(parens.span.close()));
    Ok(Expr {
        kind: ExprKind::Function(FunctionCall {
            name,
            distinct,
            args,
        }),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> Statement {
        match syn::parse_str::<Statement>(sql) {
            Ok(statement) => statement,
            Err(error) => panic!("{sql}: {error}"),
        }
    }

    fn parse_query(sql: &str) -> Query {
        match parse(sql) {
            Statement::Query(query) => *query,
            other => panic!("not a query: {other:?}"),
        }
    }

    fn parse_select(sql: &str) -> Select {
        match parse_query(sql).body {
            SetExpr::Select(select) => *select,
            other => panic!("not a select: {other:?}"),
        }
    }

    fn parse_error(sql: &str) -> String {
        match syn::parse_str::<Statement>(sql) {
            Ok(statement) => panic!("{sql} parsed: {statement:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn parses_a_select_with_every_clause() {
        let query = parse_query(
            r#"SELECT DISTINCT u.id, name AS n, count(*) FROM user_account AS u
               WHERE u.name = "sandy" AND NOT id > 2 GROUP BY u.id HAVING count(*) > 1
               ORDER BY n DESC, 1 LIMIT 10 OFFSET 2"#,
        );
        let SetExpr::Select(select) = &query.body else {
            panic!("not a select")
        };
        assert!(select.distinct);
        assert_eq!(select.items.len(), 3);
        assert_eq!(select.from[0].table.binding().name, "u");
        assert!(matches!(
            select.where_clause.as_ref().map(|w| &w.kind),
            Some(ExprKind::Binary {
                op: BinaryOp::And,
                ..
            })
        ));
        assert_eq!(select.group_by.len(), 1);
        assert!(select.having.is_some());
        assert_eq!(query.order_by[0].descending, Some(true));
        assert!(query.limit.is_some() && query.offset.is_some());
    }

    #[test]
    fn sqlite_postfix_null_tests() {
        let select = parse_select("SELECT a NOT NULL, b NOTNULL, c ISNULL FROM t");
        let negations: Vec<bool> = select
            .items
            .iter()
            .map(|item| match item {
                SelectItem::Expr {
                    expr:
                        Expr {
                            kind: ExprKind::IsNull { negated, .. },
                            ..
                        },
                    ..
                } => *negated,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(negations, [true, true, false]);
    }

    #[test]
    fn keywords_are_case_insensitive() {
        parse("select id from t where a is not null order by id asc");
    }

    #[test]
    fn multiplication_binds_tighter_than_addition() {
        let select = parse_select("SELECT a + b * 2 FROM t");
        let SelectItem::Expr { expr, .. } = &select.items[0] else {
            panic!()
        };
        let ExprKind::Binary { op, right, .. } = &expr.kind else {
            panic!()
        };
        assert_eq!(*op, BinaryOp::Add);
        assert!(matches!(
            right.kind,
            ExprKind::Binary {
                op: BinaryOp::Mul,
                ..
            }
        ));
    }

    #[test]
    fn parses_predicates() {
        let select = parse_select(
            r#"SELECT * FROM t WHERE a NOT IN (1, 2) AND b BETWEEN 1 AND 3 AND c NOT LIKE "%x" AND d <> 1 AND e != 2"#,
        );
        let mut text = format!("{:?}", select.where_clause);
        text.retain(|c| !c.is_whitespace());
        assert!(text.contains("InList"));
        assert!(text.contains("Between"));
        assert!(text.contains("Like"));
        assert_eq!(text.matches("NotEq").count(), 2);
    }

    #[test]
    fn parses_parameters() {
        let Statement::Insert(insert) =
            parse("INSERT INTO t (a, b) VALUES (:name, {user.id + 1}), (1, 2)")
        else {
            panic!()
        };
        let InsertSource::Values(rows) = &insert.source else {
            panic!()
        };
        assert_eq!(rows.len(), 2);
        assert!(matches!(
            &rows[0].values[0].kind,
            ExprKind::Param(Param { kind: ParamKind::Named(n), .. }) if n == "name"
        ));
        assert!(matches!(
            &rows[0].values[1].kind,
            ExprKind::Param(Param {
                kind: ParamKind::Inline(_),
                ..
            })
        ));
    }

    #[test]
    fn parses_update_and_delete() {
        let Statement::Update(update) = parse(r#"UPDATE t SET a = a + 1, b = "x" WHERE id = 1"#)
        else {
            panic!()
        };
        assert_eq!(update.assignments.len(), 2);
        assert!(matches!(
            parse("DELETE FROM t WHERE id = 1"),
            Statement::Delete(_)
        ));
        assert!(matches!(
            parse("DELETE FROM t"),
            Statement::Delete(Delete {
                where_clause: None,
                ..
            })
        ));
    }

    #[test]
    fn parses_joins() {
        let select = parse_select(
            "SELECT * FROM a JOIN b ON a.id = b.a_id LEFT OUTER JOIN c FULL JOIN d, e",
        );
        assert_eq!(select.from.len(), 2);
        let kinds: Vec<_> = select.from[0].joins.iter().map(|j| j.kind).collect();
        assert_eq!(kinds, [JoinKind::Inner, JoinKind::Left, JoinKind::Full]);
    }

    #[test]
    fn parses_subqueries_ctes_and_set_operations() {
        let query = parse_query(
            r#"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5)
               SELECT n FROM c WHERE EXISTS (SELECT 1 FROM t WHERE t.a = c.n)
               AND n IN (SELECT a FROM t) UNION SELECT (SELECT max(a) FROM t) ORDER BY 1"#,
        );
        let with = query.with.as_ref().unwrap();
        assert!(with.recursive);
        assert_eq!(with.ctes[0].columns.len(), 1);
        assert!(matches!(
            query.body,
            SetExpr::SetOperation {
                op: SetOperator::Union,
                all: false,
                ..
            }
        ));
        let text = format!("{query:?}");
        assert!(
            text.contains("Exists") && text.contains("InSubquery") && text.contains("Subquery(")
        );
    }

    #[test]
    fn parses_case_and_cast() {
        let select = parse_select(
            r#"SELECT CASE WHEN a > 1 THEN "x" ELSE "y" END, CASE a WHEN 1 THEN 2 END, CAST(a AS VARCHAR(10)) FROM t"#,
        );
        assert!(matches!(
            &select.items[0],
            SelectItem::Expr {
                expr: Expr {
                    kind: ExprKind::Case { operand: None, .. },
                    ..
                },
                ..
            }
        ));
        assert!(matches!(
            &select.items[1],
            SelectItem::Expr {
                expr: Expr {
                    kind: ExprKind::Case {
                        operand: Some(_),
                        ..
                    },
                    ..
                },
                ..
            }
        ));
        assert!(matches!(
            &select.items[2],
            SelectItem::Expr {
                expr: Expr {
                    kind: ExprKind::Cast {
                        ty: crate::types::SqlType::Varchar(Some(10)),
                        ..
                    },
                    ..
                },
                ..
            }
        ));
    }

    #[test]
    fn parses_derived_tables_and_dml_extensions() {
        let select = parse_select("SELECT s.n FROM (SELECT count(*) AS n FROM t) AS s");
        assert!(matches!(select.from[0].table, TableFactor::Derived { .. }));
        let Statement::Insert(insert) = parse("INSERT INTO t (a) SELECT b FROM u RETURNING id, a")
        else {
            panic!()
        };
        assert!(matches!(insert.source, InsertSource::Query(_)));
        assert_eq!(insert.returning.len(), 2);
        let Statement::Update(update) =
            parse(r#"UPDATE t SET a = 1 FROM u WHERE t.id = u.id RETURNING *"#)
        else {
            panic!()
        };
        assert_eq!((update.from.len(), update.returning.len()), (1, 1));
        let Statement::Delete(delete) = parse("DELETE FROM t USING u WHERE t.id = u.id") else {
            panic!()
        };
        assert_eq!(delete.using.len(), 1);
        assert_eq!(
            parse_error("SELECT * FROM (SELECT 1)"),
            "a subquery in FROM needs a name: add `AS name` after it"
        );
    }

    #[test]
    fn syntax_errors_say_what_was_expected() {
        assert_eq!(
            parse_error("SELEC id FROM t"),
            "expected one of `SELECT`, `WITH`, `INSERT`, `UPDATE`, `DELETE`, found `SELEC`"
        );
        assert_eq!(
            parse_error("SELECT FROM t"),
            "expected an expression, found `FROM`"
        );
        assert_eq!(
            parse_error("SELECT id FROM t WHERE"),
            "expected an expression, found the end of the statement"
        );
        assert_eq!(
            parse_error("SELECT id FROM t LIMIT 1 2"),
            "expected one of `OFFSET`, an operator, found `2`"
        );
        assert_eq!(
            parse_error("INSERT INTO t (a) (1)"),
            "expected one of `VALUES`, `SELECT`, found `(1)`"
        );
        assert_eq!(
            parse_error("SELECT 1i32"),
            "a SQL number takes no Rust type suffix"
        );
    }
}
