//! Expressions: operators by precedence, predicates, primaries, CASE and function calls.

use super::keyword::{self, eat, expect, expected, peek, peek_parens};
use super::*;
use crate::ast::*;
use crate::errors::SpanRange;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Result};
use syn::spanned::Spanned;
use syn::{braced, parenthesized, Token};

impl Parse for Expr {
    fn parse(input: ParseStream) -> Result<Self> {
        parse_binary(input, precedence::LOWEST)
    }
}

/// Precedence climbing over `BinaryOp::precedence`; prefix `NOT` sits between AND and the
/// comparisons, at [`precedence::NOT`].
pub(super) fn parse_binary(input: ParseStream, min_precedence: u8) -> Result<Expr> {
    let _level = enter(input)?;
    crate::stack::deep(|| parse_binary_here(input, min_precedence))
}

fn parse_binary_here(input: ParseStream, min_precedence: u8) -> Result<Expr> {
    let mut left = if min_precedence <= precedence::NOT && peek(input, "not") {
        let not = expect(input, "not")?;
        let operand = parse_binary(input, precedence::NOT)?;
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
        if min_precedence <= precedence::COMPARISON {
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
                    windows: Vec::new(),
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
        let pattern = parse_binary(input, precedence::CONCAT)?;
        let mut range = left.range.to(pattern.range);
        let escape = match eat(input, "escape") {
            Some(_) => {
                let escape = parse_binary(input, precedence::CONCAT)?;
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
        let low = parse_binary(input, precedence::CONCAT)?;
        expect(input, "and")?;
        let high = parse_binary(input, precedence::CONCAT)?;
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
        let question: Option<Token![?]> = input.parse()?;
        let end = question.map_or(name.span, |q| q.span);
        return Ok(Expr {
            kind: ExprKind::Param(Param {
                kind: ParamKind::Named(name.name),
                span: name.span,
                slot: 0,
                optional: question.is_some(),
            }),
            range: SpanRange::single(colon.span).to(SpanRange::single(end)),
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
        // `{title?}`: an optional predicate's value. Only a variable or field is read so;
        // anything else keeps Rust's `?` (`{(title?)}` does too).
        let (rust, optional) = match rust {
            syn::Expr::Try(tried)
                if tried.attrs.is_empty() && variable_text(&tried.expr).is_some() =>
            {
                (*tried.expr, true)
            }
            rust => (rust, false),
        };
        let span = rust.span();
        return Ok(Expr {
            kind: ExprKind::Param(Param {
                kind: ParamKind::Inline(Box::new(rust)),
                span,
                slot: 0,
                optional,
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
        let (ty, _) = super::parse_type(&content)?;
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
    // `current_date` and `current_timestamp` are calls written without parentheses.
    for word in ["current_date", "current_timestamp"] {
        if !input.peek2(syn::token::Paren) {
            if let Some(span) = eat(input, word) {
                return Ok(Expr {
                    range: SpanRange::single(span),
                    kind: ExprKind::Function(FunctionCall {
                        name: Ident::new(word.to_owned(), span),
                        distinct: false,
                        args: FunctionArgs::List(Vec::new()),
                        filter: None,
                        over: None,
                        in_utc: false,
                    }),
                });
            }
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
    // `extract(YEAR FROM t)` and `position(sub IN text)` are SQL's own syntax; each becomes
    // the call of two arguments the catalog has (`extract("year", t)`, `position(sub, text)`).
    if let Some(args) = parse_special_arguments(&content, &name.name)? {
        let range = SpanRange::single(name.span).to(SpanRange::single(parens.span.close()));
        return Ok(Expr {
            kind: ExprKind::Function(FunctionCall {
                name,
                distinct: false,
                args: FunctionArgs::List(args),
                filter: None,
                over: None,
                in_utc: false,
            }),
            range,
        });
    }
    // `ALL` is the default quantifier (`count(ALL x)`): written or not, it means the same.
    let distinct = eat(&content, "distinct").is_some() || {
        eat(&content, "all");
        false
    };
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
    let mut range = SpanRange::single(name.span).to(SpanRange::single(parens.span.close()));
    let filter = super::window::parse_filter(input, &mut range)?;
    let over = super::window::parse_over(input, &mut range)?;
    Ok(Expr {
        kind: ExprKind::Function(FunctionCall {
            name,
            distinct,
            args,
            filter,
            over,
            in_utc: false,
        }),
        range,
    })
}

/// The arguments of `extract(field FROM t)` and `position(sub IN text)`; `None` for every other
/// function, whose arguments are a list.
fn parse_special_arguments(input: ParseStream, name: &str) -> Result<Option<Vec<Expr>>> {
    if name.eq_ignore_ascii_case("extract")
        && input.peek(syn::Ident::peek_any)
        && peek_from_after(input)
    {
        let field = parse_ident(input)?;
        expect(input, "from")?;
        let operand: Expr = input.parse()?;
        if !input.is_empty() {
            return Err(expected(input, &["an operator", "`)`"]));
        }
        let field = Expr {
            range: SpanRange::single(field.span),
            kind: ExprKind::Literal(Literal::String(field.name.to_ascii_lowercase())),
        };
        return Ok(Some(vec![field, operand]));
    }
    if name.eq_ignore_ascii_case("position") && !input.is_empty() {
        // The text searched for binds tighter than IN, which would otherwise start `x IN (...)`.
        let needle = parse_binary(input, precedence::CONCAT)?;
        if eat(input, "in").is_none() {
            return Err(expected(input, &["IN"]));
        }
        let haystack: Expr = input.parse()?;
        if !input.is_empty() {
            return Err(expected(input, &["an operator", "`)`"]));
        }
        return Ok(Some(vec![needle, haystack]));
    }
    Ok(None)
}

/// Whether the token after the next is `FROM`, as in `extract(YEAR FROM t)`.
fn peek_from_after(input: ParseStream) -> bool {
    input
        .cursor()
        .token_tree()
        .and_then(|(_, rest)| rest.ident())
        .is_some_and(|(ident, _)| ident.to_string().eq_ignore_ascii_case("from"))
}
