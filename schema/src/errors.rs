//! Collects every error of one macro call so the user sees them all in one build, each at its
//! own token.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use std::fmt::Display;

/// The errors found so far.
#[derive(Default)]
pub struct Errors {
    combined: Option<syn::Error>,
    /// "Cannot infer" errors, shown only when nothing else went wrong: as rustc holds back
    /// "type annotations needed" once a body has errors, since a value left untyped is most
    /// often one that a misspelt table or a wrong value count kept from meeting its column.
    inference: Option<syn::Error>,
    count: usize,
}

impl Errors {
    /// A new, empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `span`.
    pub fn at(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error covering the tokens of `range`.
    pub fn spanned(&mut self, range: SpanRange, message: impl Display) {
        self.push(syn::Error::new_spanned(range, message));
    }

    /// Records an error already built.
    pub fn push(&mut self, error: syn::Error) {
        self.count += 1;
        combine(&mut self.combined, error);
    }

    /// Records that the type of something (a parameter) could not be inferred, covering the
    /// tokens of `range`; reported only if no other error is.
    pub fn cannot_infer(&mut self, range: SpanRange, message: impl Display) {
        self.count += 1;
        combine(&mut self.inference, syn::Error::new_spanned(range, message));
    }

    /// How many errors were recorded: a stage compares counts to tell whether its part of
    /// the input was clean before running a check that would only repeat earlier errors.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether any error was recorded.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// All errors as one, or `Ok` when there were none.
    pub fn finish(self) -> syn::Result<()> {
        match self.combined.or(self.inference) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

fn combine(all: &mut Option<syn::Error>, error: syn::Error) {
    match all {
        Some(all) => all.combine(error),
        None => *all = Some(error),
    }
}

/// The first and last token of a piece of SQL, so an error can underline all of it.
#[derive(Debug, Clone, Copy)]
pub struct SpanRange {
    /// The first token's span.
    pub start: Span,
    /// The last token's span.
    pub end: Span,
}

impl SpanRange {
    /// A range of one token.
    pub fn single(span: Span) -> Self {
        Self {
            start: span,
            end: span,
        }
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: SpanRange) -> Self {
        Self {
            start: self.start,
            end: other.end,
        }
    }
}

impl ToTokens for SpanRange {
    // `syn::Error::new_spanned` underlines from the first token it is given to the last.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend([
            proc_macro2::TokenTree::Punct(with_span(
                proc_macro2::Punct::new('<', proc_macro2::Spacing::Alone),
                self.start,
            )),
            proc_macro2::TokenTree::Punct(with_span(
                proc_macro2::Punct::new('>', proc_macro2::Spacing::Alone),
                self.end,
            )),
        ]);
    }
}

fn with_span(mut punct: proc_macro2::Punct, span: Span) -> proc_macro2::Punct {
    punct.set_span(span);
    punct
}

/// The closest of `candidates` to `name` by edit distance, if close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&name, &candidate.to_ascii_lowercase());
        let limit = std::cmp::max(name.len(), candidate.len()) / 3 + 1;
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `; did you mean `x`?` naming the candidate closest to `name`, when one is close enough to
/// be a likely typo: the one way every message suggests a name.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|similar| format!("; did you mean `{similar}`?"))
}

/// The keyword of `keywords` that `word` most likely misspells: within an edit distance of 2
/// (and of a third of its length, so short words suggest nothing), never `word` itself.
pub fn keyword_typo<'a>(word: &str, keywords: &[&'a str]) -> Option<&'a str> {
    if word.len() < 3 || keywords.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        return None;
    }
    let word = word.to_ascii_lowercase();
    keywords
        .iter()
        .map(|k| (edit_distance(&word, &k.to_ascii_lowercase()), *k))
        .filter(|(distance, k)| *distance <= 2 && *distance <= k.len() / 3 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Levenshtein distance over bytes (SQL names here are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// `a`, `a` or `b`, `a`, `b` or `c`: names for a message.
pub fn one_of(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(closest("nmae", ["id", "name", "fullname"]), Some("name"));
        assert_eq!(
            closest("emial_address", ["email_address"]),
            Some("email_address")
        );
        assert_eq!(closest("zzz", ["id", "name"]), None);
    }

    #[test]
    fn lists_names() {
        assert_eq!(one_of(&["a".into()]), "`a`");
        assert_eq!(
            one_of(&["a".into(), "b".into(), "c".into()]),
            "`a`, `b` or `c`"
        );
    }
}
