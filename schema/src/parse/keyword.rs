//! SQL keywords are case-insensitive and many are Rust keywords (`AS`, `IN`, `WHERE`), so they
//! are matched here by text on any identifier instead of through `syn::custom_keyword!`.

use proc_macro2::{Delimiter, Span};
use syn::parse::{ParseStream, Result};

/// Whether the next token is the identifier `keyword`, in any case.
pub fn peek(input: ParseStream, keyword: &str) -> bool {
    input
        .cursor()
        .ident()
        .is_some_and(|(ident, _)| ident.to_string().eq_ignore_ascii_case(keyword))
}

/// Whether the token after the next is the identifier `keyword`, in any case.
pub fn peek2(input: ParseStream, keyword: &str) -> bool {
    input
        .cursor()
        .token_tree()
        .and_then(|(_, rest)| rest.ident())
        .is_some_and(|(ident, _)| ident.to_string().eq_ignore_ascii_case(keyword))
}

/// Consumes `keyword` if it is next.
pub fn eat(input: ParseStream, keyword: &str) -> Option<Span> {
    if peek(input, keyword) {
        input
            .step(|cursor| match cursor.ident() {
                Some((ident, rest)) => Ok((ident.span(), rest)),
                None => Err(cursor.error("expected a keyword")),
            })
            .ok()
    } else {
        None
    }
}

/// Consumes `keyword`, or fails with ``expected `KEYWORD`, found ...``.
pub fn expect(input: ParseStream, keyword: &str) -> Result<Span> {
    eat(input, keyword).ok_or_else(|| expected(input, &[&keyword.to_ascii_uppercase()]))
}

/// When the next token is `keyword`, the error that the construct it starts is recognised but
/// not supported: ``"`NATURAL JOIN` is not supported: ..."`` at the keyword, rather than a
/// syntax error listing what was expected.
pub fn refuse(input: ParseStream, keyword: &str, construct: &str, instead: &str) -> Result<()> {
    if peek(input, keyword) {
        return Err(syn::Error::new(
            input.cursor().span(),
            format!("`{construct}` is not supported; {instead}"),
        ));
    }
    Ok(())
}

/// Whether the next token is a parenthesized group.
pub fn peek_parens(input: ParseStream) -> bool {
    input.cursor().group(Delimiter::Parenthesis).is_some()
}

/// An error at the next token: ``expected one of `A`, `B`, found `x` ``.
pub fn expected(input: ParseStream, alternatives: &[&str]) -> syn::Error {
    let wanted = match alternatives {
        [one] => format!("expected {}", show(one)),
        _ => format!(
            "expected one of {}",
            alternatives
                .iter()
                .map(|a| show(a))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let found = match input.cursor().token_tree() {
        Some((proc_macro2::TokenTree::Ident(ident), _)) if ident == END => {
            "the end of the statement".to_owned()
        }
        Some((tree, _)) => {
            let text = tree.to_string();
            if text.len() > 24 {
                format!(
                    "`{}...`",
                    &text[..text.char_indices().nth(20).map_or(text.len(), |(i, _)| i)]
                )
            } else {
                format!("`{text}`")
            }
        }
        None => "the end of the statement".to_owned(),
    };
    // A misspelt keyword (`SELCT`, `WHER`) gets the keyword it is closest to.
    // `ORDER BY` is compared by its first word.
    let keywords: Vec<&str> = alternatives
        .iter()
        .filter(|a| a.chars().all(|c| c.is_ascii_uppercase() || c == ' '))
        .filter_map(|a| a.split(' ').next())
        .collect();
    let hint = match input.cursor().ident() {
        Some((ident, _)) if ident != END => {
            crate::errors::keyword_typo(&ident.to_string(), &keywords)
                .and_then(|word| {
                    alternatives
                        .iter()
                        .find(|a| a.split(' ').next() == Some(word))
                })
                .map(|keyword| format!("; did you mean `{keyword}`?"))
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    // `ParseStream::error` would prefix "unexpected end of input" at the end.
    syn::Error::new(
        input.cursor().span(),
        format!("{wanted}, found {found}{hint}"),
    )
}

/// The name of the token `query!` appends after the SQL, carrying the span of its last token,
/// so an error at the end of the statement underlines that token instead of the whole call.
pub const END: &str = "__sqlmint_end_of_statement";

/// Whether the statement has ended: no tokens left, or only the end marker.
pub fn at_end(input: ParseStream) -> bool {
    input.is_empty()
        || (peek(input, END)
            && input
                .cursor()
                .token_tree()
                .is_some_and(|(_, rest)| rest.eof()))
}

// Keywords are shown upper case; descriptions ("an expression") as they are.
fn show(alternative: &str) -> String {
    let keyword = alternative
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == ' ')
        && alternative.chars().any(|c| c.is_ascii_uppercase());
    let punctuation = alternative.starts_with(|c: char| c.is_ascii_punctuation() && c != '`');
    if keyword || punctuation {
        format!("`{alternative}`")
    } else {
        alternative.to_owned()
    }
}

/// Words that end an expression or a table reference and so can never be an alias.
pub const RESERVED: &[&str] = &[
    "all",
    "and",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "cross",
    "delete",
    "desc",
    "distinct",
    "else",
    "end",
    "escape",
    "except",
    "exists",
    "for",
    "from",
    "full",
    "group",
    "having",
    "ilike",
    "in",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "join",
    "left",
    "like",
    "limit",
    "natural",
    "not",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "returning",
    "right",
    "select",
    "set",
    "then",
    "union",
    "update",
    "using",
    "values",
    "when",
    "where",
    "window",
    "with",
];

/// Whether `word` is a reserved SQL word (any case).
pub fn is_reserved(word: &str) -> bool {
    if word == END {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    RESERVED.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_words_are_sorted_for_binary_search() {
        let mut sorted = super::RESERVED.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::RESERVED);
    }
}
