//! The two entry points the macros call, `schema!` and `query!` (an expression, or with
//! `pub mod name { SQL }` a named statement's module): each runs the stages in
//! order (parse, analyze, render, emit) and turns whatever fails into compile errors beside
//! a stand-in, so the user's code around the macro still type-checks.

use crate::analyze::{analyze, CheckedStatement};
use crate::ast::Statement;
use crate::emit;
use crate::mapping::FieldTree;
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

/// Expands `schema! { ... }`; `#[sqlmint(migrations = "...")]` is read relative to `base`, the
/// crate's manifest directory when the macro runs (tests pass another).
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
    let module = emit::schema_module(
        &schema.without_duplicates(),
        &source.tokens,
        &source.migrations,
    );
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
    // `query_as!` and `-> Target` come back with the target struct's fields in front.
    let (shape, input) = split_shape(input);
    // The forwarded schema, as `schema!` checks its own; the SQL after it has the parser's
    // nesting limit, with its own message.
    if let Some(proc_macro2::TokenTree::Group(schema)) = input.clone().into_iter().next() {
        if let Some(span) = crate::stack::group_deeper_than(schema.stream(), INPUT_NESTING) {
            return crate::stack::too_deep(span, INPUT_NESTING);
        }
    }
    let names_a_statement = starts_named(input.clone().into_iter().nth(2));
    let original = input.clone();
    let input: QueryInput = match syn::parse2(input) {
        Ok(input) => input,
        // A named statement stands where an item goes: there the errors alone are items.
        Err(error) if names_a_statement => return error.into_compile_error(),
        // Schema errors come several at once: one expression holds them all.
        Err(error) => return stand_in(error, Span::call_site(), None),
    };
    let shape = match shape.transpose() {
        Ok(shape) => shape,
        Err(error) => return error.into_compile_error(),
    };
    if names_a_statement {
        return match syn::parse2::<NamedStatement>(input.sql) {
            Ok(NamedStatement(header, _)) if header.target.is_some() && shape.is_none() => {
                ask_for_shape(header.target.as_ref(), original)
            }
            Ok(NamedStatement(header, sql)) => expand_named(
                &input.schema,
                &input.module_path,
                &header,
                sql,
                shape.as_ref(),
            ),
            Err(error) => error.into_compile_error(),
        };
    }
    let (target, sql) = match split_target(input.sql) {
        Ok(split) => split,
        Err(error) => return stand_in(error, Span::call_site(), None),
    };
    if target.is_some() && shape.is_none() {
        return ask_for_shape(target.as_ref(), original);
    }
    let (sql_span, last_span) = first_and_last_span(&sql, Span::call_site());
    let result = check(&input.schema, sql, last_span).and_then(|checked| {
        let reader = reader_for(target.as_ref(), shape.as_ref(), &checked)?;
        Ok(emit::statement(
            &input.schema,
            &input.module_path,
            &checked,
            sql_span,
            reader,
        ))
    });
    match result {
        Ok(tokens) => tokens,
        Err(error) => stand_in(error, sql_span, target.as_ref()),
    }
}

/// Takes the fields of a target struct off the front of the input, where its shape macro put
/// them (`{ field = "column", ... } [schema] [path] ...`).
fn split_shape(input: TokenStream) -> (Option<syn::Result<FieldTree>>, TokenStream) {
    let mut tokens = input.clone().into_iter();
    match tokens.next() {
        Some(proc_macro2::TokenTree::Group(group))
            if group.delimiter() == proc_macro2::Delimiter::Brace =>
        {
            (
                Some(syn::parse2(proc_macro2::TokenTree::Group(group).into())),
                tokens.collect(),
            )
        }
        _ => (None, input),
    }
}

/// `@as Target, SQL` (what `query_as!` forwards): the target struct and the SQL; plain SQL
/// has no target.
fn split_target(sql: TokenStream) -> syn::Result<(Option<syn::Path>, TokenStream)> {
    let mut tokens = sql.clone().into_iter();
    let is_as = matches!(
        (tokens.next(), tokens.next()),
        (Some(proc_macro2::TokenTree::Punct(at)), Some(proc_macro2::TokenTree::Ident(word)))
            if at.as_char() == '@' && word == "as"
    );
    if !is_as {
        return Ok((None, sql));
    }
    syn::parse::Parser::parse2(
        |input: ParseStream| {
            input.parse::<syn::Token![@]>()?;
            input.parse::<syn::Token![as]>()?;
            let target: syn::Path = input.parse()?;
            input.parse::<syn::Token![,]>().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    "expected `,` after the struct: `query_as!(Struct, SQL)`",
                )
            })?;
            Ok((Some(target), input.parse()?))
        },
        sql,
    )
}

/// Asks `target`'s shape macro for its fields, to come back with them in front of `input`.
fn ask_for_shape(target: Option<&syn::Path>, input: TokenStream) -> TokenStream {
    quote!(#target! { @sqlmint_shape [::sqlmint::__private::query] #input })
}

/// How the statement reads into `target` (whose fields are `shape`), when it has one.
fn reader_for(
    target: Option<&syn::Path>,
    shape: Option<&FieldTree>,
    checked: &CheckedStatement,
) -> syn::Result<Option<emit::RowReader>> {
    match (target, shape) {
        (Some(target), Some(shape)) => {
            crate::mapping::target_reader(target, shape, &checked.analysis().columns).map(Some)
        }
        _ => Ok(None),
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
pub(crate) fn parse_sql(mut sql: TokenStream, last_span: Span) -> syn::Result<Statement> {
    sql.extend([proc_macro2::TokenTree::Ident(Ident::new(
        crate::parse::keyword::END,
        last_span,
    ))]);
    syn::parse2::<Statement>(sql)
}

/// `#[attrs] pub mod name [-> Target] { SQL }`: the head of a named statement, and its SQL.
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
        let target = if input.peek(syn::Token![->]) {
            input.parse::<syn::Token![->]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        let body;
        syn::braced!(body in input);
        let sql: TokenStream = body.parse()?;
        if sql.is_empty() {
            return Err(syn::Error::new(
                name.span(),
                "a named statement needs its SQL between the braces",
            ));
        }
        Ok(NamedStatement(
            emit::NamedHeader {
                attrs,
                vis,
                name,
                target,
            },
            sql,
        ))
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
    shape: Option<&FieldTree>,
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
            let reader = reader_for(header.target.as_ref(), shape, &checked)?;
            emit::named_statement(schema, module_path, &checked, first_span, header, reader)
        });
    match result {
        Ok(tokens) => tokens,
        Err(error) => {
            let (vis, name) = (&header.vis, &header.name);
            // With a target, the stand-in reads into it, so code using the rows type-checks;
            // without one, its rows are of rustc's error type (see `error_type`).
            let (errors, row, outer_names) = match &header.target {
                Some(target) => (
                    error.into_compile_error(),
                    quote!(#target),
                    quote!(
                        #[allow(unused_imports)]
                        use super::*;
                    ),
                ),
                None => {
                    let (errors, row) = error_type(error);
                    (errors, row, TokenStream::new())
                }
            };
            let statement = quote!(
                pub type Statement = ::sqlmint::__private::InvalidAs<Row>;
                pub type Row = #row;
            );
            let value = quote!(::sqlmint::__private::InvalidAs::NEW);
            // A stand-in `new` of the right arity, so calls to it add no errors of their own.
            let new = slots.map(|slots| {
                let generics: Vec<Ident> = (0..slots)
                    .map(|i| Ident::new(&format!("P{i}"), first_span))
                    .collect();
                quote_spanned! {first_span=>
                    #[allow(clippy::too_many_arguments)]
                    pub fn new<#(#generics),*>(#(_: #generics),*) -> Statement {
                        #value
                    }
                }
            });
            quote_spanned!(first_span=> #vis mod #name {
                #outer_names
                #errors
                #statement
                #new
            })
        }
    }
}

/// The errors beside a stand-in statement: one expression, which keeps the user's code after
/// the macro type-checking, so the only errors are the SQL's own. A statement that reads into
/// a `target` struct gets a stand-in whose rows are that struct; any other's rows are rustc's
/// error type (see `error_type`), which every use type-checks against without a word.
/// rust-analyzer, which gives `compile_error!` the type `()`, sees rows of a type it cannot
/// know, and is as silent: a block whose value were the last `compile_error!` would be `()`
/// to it, and each use of the statement a false "mismatched types".
fn stand_in(error: syn::Error, span: Span, target: Option<&syn::Path>) -> TokenStream {
    let (errors, row) = match target {
        Some(target) => (error.into_compile_error(), quote!(#target)),
        None => error_type(error),
    };
    quote_spanned!(span=> { #errors ::sqlmint::__private::InvalidAs::<#row>::NEW })
}

/// `error`'s messages as items, and a type holding the last of them: an array whose length is
/// a failed `compile_error!`, which rustc types as its error type. Field accesses, method calls
/// and trait bounds on it then add no errors of their own, as after any error rustc reports.
fn error_type(error: syn::Error) -> (TokenStream, TokenStream) {
    let mut messages: Vec<TokenStream> = error.into_iter().map(|e| e.to_compile_error()).collect();
    let last = messages.pop();
    (quote!(#(#messages)*), quote!([(); { #last }]))
}
