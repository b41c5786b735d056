//! The two entry points the macros call, `schema!` and `query!` (an expression, or with
//! `pub mod name { SQL }` a named statement's module): each runs the stages in
//! order (parse, analyze, render, emit) and turns whatever fails into compile errors beside
//! a stand-in, so the user's code around the macro still type-checks.

use crate::analyze::{analyze, CheckedStatement};
use crate::ast::Statement;
use crate::emit;
use crate::model::Schema;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};

/// How deeply brackets may nest in a schema: the SQL's own limit, plus the few levels the
/// module and tables add. A deeper schema is refused before any of it reaches syn.
const INPUT_NESTING: usize = crate::parse::MAX_NESTING + 8;

/// Expands `schema! { ... }`, reading migrations relative to the crate's manifest directory.
pub fn expand_schema(input: TokenStream) -> TokenStream {
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    expand_schema_in(input, &base)
}

/// Expands `schema! { ... }`; `#[sqlmint(migrations = "...")]` is read relative to `base`
/// (the macros crate passes the directory of the file holding the invocation, as
/// `include_str!` does).
pub fn expand_schema_in(input: TokenStream, base: &std::path::Path) -> TokenStream {
    crate::stack::expansion(|| expand_schema_here(input, base))
}

fn expand_schema_here(input: TokenStream, base: &std::path::Path) -> TokenStream {
    if let Some(span) = crate::stack::group_deeper_than(input.clone(), INPUT_NESTING) {
        return crate::stack::too_deep(span, INPUT_NESTING);
    }
    let mut schema: Schema = match syn::parse2(input.clone()) {
        Ok(schema) => schema,
        Err(error) => {
            let errors = error.into_compile_error();
            let stub = syn::parse2::<emit::ModuleHeader>(input)
                .map_or_else(|_| TokenStream::new(), |header| emit::stub_module(&header));
            return quote!(#errors #stub);
        }
    };
    let source = match crate::migrations::resolve(&mut schema, input, base) {
        Ok(source) => source,
        Err(error) => {
            let errors = error.into_compile_error();
            let stub = emit::stub_module(&emit::ModuleHeader::of(&schema));
            return quote!(#errors #stub);
        }
    };
    // A schema with a bad reference still generates its module, so each query against it is
    // checked and the user sees the schema's own errors rather than a cascade of unknown names.
    let errors = schema.validate().err().map(syn::Error::into_compile_error);
    let module = emit::schema_module(&schema.without_duplicates(), &source.tokens, &source.files);
    quote!(#errors #module)
}

/// What the schema's forwarding macro hands to `query!`: `[schema tokens] [module path] sql`.
struct QueryInput {
    schema: Schema,
    module_path: TokenStream,
    sql: TokenStream,
}

impl Parse for QueryInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let schema_group;
        syn::bracketed!(schema_group in input);
        let schema = schema_group.parse()?;
        let path_group;
        syn::bracketed!(path_group in input);
        let module_path = path_group.parse()?;
        let sql = input.parse()?;
        Ok(QueryInput {
            schema,
            module_path,
            sql,
        })
    }
}

/// Expands `query!(...)` as forwarded by a schema's `query!` macro.
pub fn expand_query(input: TokenStream) -> TokenStream {
    crate::stack::expansion(|| expand_query_here(input))
}

fn expand_query_here(input: TokenStream) -> TokenStream {
    // The forwarded schema, as `schema!` checks its own; the SQL after it has the parser's
    // nesting limit, with its own message.
    if let Some(proc_macro2::TokenTree::Group(schema)) = input.clone().into_iter().next() {
        if let Some(span) = crate::stack::group_deeper_than(schema.stream(), INPUT_NESTING) {
            return crate::stack::too_deep(span, INPUT_NESTING);
        }
    }
    let names_a_statement = starts_named(input.clone().into_iter().nth(2));
    let input: QueryInput = match syn::parse2(input) {
        Ok(input) => input,
        // A named statement stands where an item goes: there the errors alone are items.
        Err(error) if names_a_statement => return error.into_compile_error(),
        // Schema errors come several at once: one expression holds them all.
        Err(error) => return stand_in(error, Span::call_site()),
    };
    if names_a_statement {
        return match syn::parse2::<NamedStatement>(input.sql) {
            Ok(NamedStatement(header, sql)) => {
                expand_named(&input.schema, &input.module_path, &header, sql)
            }
            Err(error) => error.into_compile_error(),
        };
    }
    let (sql_span, last_span) = first_and_last_span(&input.sql, Span::call_site());
    let result = check(&input.schema, input.sql, last_span)
        .map(|checked| emit::statement(&input.schema, &input.module_path, &checked, sql_span));
    match result {
        Ok(tokens) => tokens,
        Err(error) => stand_in(error, sql_span),
    }
}

/// The spans of the first and the last token of `sql`; `empty` for both when it has none.
fn first_and_last_span(sql: &TokenStream, empty: Span) -> (Span, Span) {
    let mut tokens = sql.clone().into_iter();
    let first = tokens.next().map_or(empty, |t| t.span());
    let last = tokens.last().map_or(first, |t| t.span());
    (first, last)
}

/// Parses and analyzes the SQL of one statement; `last_span` is its last token's.
fn check(schema: &Schema, sql: TokenStream, last_span: Span) -> syn::Result<CheckedStatement> {
    analyze(schema, parse_sql(sql, last_span)?)
}

/// Parses the SQL of one statement; `last_span` is its last token's.
fn parse_sql(mut sql: TokenStream, last_span: Span) -> syn::Result<Statement> {
    sql.extend([proc_macro2::TokenTree::Ident(Ident::new(
        crate::parse::keyword::END,
        last_span,
    ))]);
    syn::parse2::<Statement>(sql)
}

/// `#[attrs] pub mod name { SQL }`: the head of a named statement, and its SQL.
struct NamedStatement(emit::NamedHeader, TokenStream);

impl Parse for NamedStatement {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        input.parse::<syn::Token![mod]>().map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected `mod`: a named statement is written `pub mod name { SQL }`",
            )
        })?;
        let name: Ident = input.parse()?;
        let body;
        syn::braced!(body in input);
        let sql: TokenStream = body.parse()?;
        if sql.is_empty() {
            return Err(syn::Error::new(
                name.span(),
                "a named statement needs its SQL between the braces",
            ));
        }
        Ok(NamedStatement(emit::NamedHeader { attrs, vis, name }, sql))
    }
}

/// Whether SQL starting with `first` names a statement: no statement starts with `#`, a
/// visibility or `mod`.
fn starts_named(first: Option<proc_macro2::TokenTree>) -> bool {
    match first {
        Some(proc_macro2::TokenTree::Punct(punct)) => punct.as_char() == '#',
        Some(proc_macro2::TokenTree::Ident(ident)) => ident == "pub" || ident == "mod",
        _ => false,
    }
}

/// Expands a named statement into its module, or the module holding the errors.
fn expand_named(
    schema: &Schema,
    module_path: &TokenStream,
    header: &emit::NamedHeader,
    sql: TokenStream,
) -> TokenStream {
    let (first_span, last_span) = first_and_last_span(&sql, header.name.span());
    let parsed = parse_sql(sql, last_span);
    // How many parameters `new` takes, known once the SQL parses even if it does not check.
    let slots = parsed
        .as_ref()
        .ok()
        .map(|statement| statement.clone().number_params());
    let result = parsed
        .and_then(|statement| analyze(schema, statement))
        .and_then(|checked| {
            emit::named_statement(schema, module_path, &checked, first_span, header)
        });
    match result {
        Ok(tokens) => tokens,
        Err(error) => {
            let errors = error.into_compile_error();
            let (vis, name) = (&header.vis, &header.name);
            // A stand-in `new` of the right arity, so calls to it add no errors of their own.
            let new = slots.map(|slots| {
                let generics: Vec<Ident> = (0..slots)
                    .map(|i| Ident::new(&format!("P{i}"), first_span))
                    .collect();
                quote_spanned! {first_span=>
                    #[allow(clippy::too_many_arguments)]
                    pub fn new<#(#generics),*>(#(_: #generics),*) -> Statement {
                        ::sqlmint::__private::Invalid
                    }
                }
            });
            quote_spanned!(first_span=> #vis mod #name {
                #errors
                pub use ::sqlmint::__private::Invalid as Statement;
                pub type Row = ();
                #new
            })
        }
    }
}

/// The errors beside a stand-in statement: one expression, which keeps the user's code after
/// the macro type-checking, so the only errors are the SQL's own.
fn stand_in(error: syn::Error, span: Span) -> TokenStream {
    let errors = error.into_compile_error();
    quote_spanned!(span=> { #errors ::sqlmint::__private::Invalid })
}
