//! Window functions' clauses after a call: `FILTER (WHERE ...)`, `OVER (...)` or `OVER name`,
//! and the window body a `WINDOW name AS (...)` definition shares with them.

use super::expr::parse_binary;
use super::keyword::{self, eat, expect, expected, peek};
use super::*;
use crate::ast::*;
use crate::errors::SpanRange;
use proc_macro2::{Delimiter, Span};
use syn::parenthesized;
use syn::parse::{ParseStream, Result};

/// An aggregate's `FILTER (WHERE condition)`, widening `range` over it.
pub(super) fn parse_filter(input: ParseStream, range: &mut SpanRange) -> Result<Option<Box<Expr>>> {
    Ok(
        if peek(input, "filter") && peek_group_after(input, Delimiter::Parenthesis) {
            expect(input, "filter")?;
            let content;
            let parens = parenthesized!(content in input);
            expect(&content, "where")?;
            let condition: Expr = content.parse()?;
            if !content.is_empty() {
                return Err(expected(&content, &["an operator", "`)`"]));
            }
            *range = range.to(SpanRange::single(parens.span.close()));
            Some(Box::new(condition))
        } else {
            None
        },
    )
}

/// `OVER (...)` or `OVER name`, widening `range` over it; a bare `over` before a clause is a
/// label, not a window.
pub(super) fn parse_over(
    input: ParseStream,
    range: &mut SpanRange,
) -> Result<Option<Box<WindowSpec>>> {
    Ok(
        if peek(input, "over")
            && (peek_group_after(input, Delimiter::Parenthesis) || peek_name_after(input))
        {
            let span = expect(input, "over")?;
            let spec = if keyword::peek_parens(input) {
                let content;
                let parens = parenthesized!(content in input);
                *range = range.to(SpanRange::single(parens.span.close()));
                parse_window_body(&content, span)?
            } else {
                let name = parse_ident(input)?;
                *range = range.to(SpanRange::single(name.span));
                WindowSpec {
                    span,
                    name: Some(name),
                    partition_by: Vec::new(),
                    order_by: Vec::new(),
                    frame: None,
                }
            };
            Some(Box::new(spec))
        } else {
            None
        },
    )
}

/// Whether the token after the next is a group in `delimiter`.
fn peek_group_after(input: ParseStream, delimiter: Delimiter) -> bool {
    input
        .cursor()
        .token_tree()
        .is_some_and(|(_, rest)| rest.group(delimiter).is_some())
}

/// Whether the token after the next is a name, not a keyword that starts a clause.
fn peek_name_after(input: ParseStream) -> bool {
    input
        .cursor()
        .token_tree()
        .and_then(|(_, rest)| rest.ident())
        .is_some_and(|(ident, _)| !keyword::is_reserved(&ident.to_string()))
}

/// The inside of a window's parentheses: `[name] [PARTITION BY ...] [ORDER BY ...] [frame]`.
pub(super) fn parse_window_body(input: ParseStream, span: Span) -> Result<WindowSpec> {
    let name = match input.cursor().ident() {
        Some((ident, _))
            if !["partition", "order", "rows", "range", "groups"]
                .iter()
                .any(|k| ident.to_string().eq_ignore_ascii_case(k)) =>
        {
            Some(parse_ident(input)?)
        }
        _ => None,
    };
    let mut partition_by = Vec::new();
    if eat(input, "partition").is_some() {
        expect(input, "by")?;
        partition_by = comma_separated(input, Expr::parse)?;
    }
    let mut order_by = Vec::new();
    if eat(input, "order").is_some() {
        expect(input, "by")?;
        order_by = comma_separated(input, super::query::parse_order_by)?;
    }
    let units = [
        ("rows", FrameUnits::Rows),
        ("range", FrameUnits::Range),
        ("groups", FrameUnits::Groups),
    ]
    .into_iter()
    .find_map(|(word, units)| eat(input, word).map(|span| (units, span)));
    let frame = match units {
        Some((units, span)) => {
            let (start, end) = if eat(input, "between").is_some() {
                let start = parse_frame_bound(input)?;
                expect(input, "and")?;
                (start, Some(parse_frame_bound(input)?))
            } else {
                (parse_frame_bound(input)?, None)
            };
            Some(WindowFrame {
                units,
                span,
                start,
                end,
            })
        }
        None => None,
    };
    keyword::refuse(
        input,
        "exclude",
        "EXCLUDE",
        "write the frame without it (a frame's EXCLUDE is not supported yet)",
    )?;
    if !input.is_empty() {
        let next: &[&str] = match (&frame, order_by.is_empty(), partition_by.is_empty()) {
            (Some(_), _, _) => &["`)`"],
            (None, false, _) => &["`,`", "ROWS", "RANGE", "GROUPS", "`)`"],
            (None, true, false) => &["`,`", "ORDER BY", "ROWS", "RANGE", "GROUPS", "`)`"],
            (None, true, true) => &["PARTITION BY", "ORDER BY", "ROWS", "RANGE", "GROUPS", "`)`"],
        };
        return Err(expected(input, next));
    }
    Ok(WindowSpec {
        span,
        name,
        partition_by,
        order_by,
        frame,
    })
}

/// `UNBOUNDED PRECEDING | offset PRECEDING | CURRENT ROW | offset FOLLOWING | UNBOUNDED FOLLOWING`.
fn parse_frame_bound(input: ParseStream) -> Result<FrameBound> {
    if eat(input, "unbounded").is_some() {
        if eat(input, "preceding").is_some() {
            return Ok(FrameBound::UnboundedPreceding);
        }
        expect(input, "following")?;
        return Ok(FrameBound::UnboundedFollowing);
    }
    if eat(input, "current").is_some() {
        expect(input, "row")?;
        return Ok(FrameBound::CurrentRow);
    }
    let offset = Box::new(parse_binary(input, precedence::CONCAT)?);
    if eat(input, "preceding").is_some() {
        return Ok(FrameBound::Preceding(offset));
    }
    if eat(input, "following").is_some() {
        return Ok(FrameBound::Following(offset));
    }
    Err(expected(input, &["PRECEDING", "FOLLOWING"]))
}
