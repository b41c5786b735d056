//! The statement type `query!` evaluates to: a struct holding the inline parameter values,
//! `Query` (binding by slot) and `SqlFor<D>` (the SQL per dialect, gated by the constructs
//! the dialect lacks), a `Pending` stage for named parameters, and the row struct.

use super::row::{generate_row_struct, row_struct_name};
use super::rust_ident;
use crate::analyze::{Analysis, CheckedStatement, ParamInfo};
use crate::ast::ParamKind;
use crate::dialect::{Construct, Dialect, PerDialect};
use crate::model::Schema;
use crate::render::{render_typed, Rendered};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

pub(crate) fn statement(
    schema: &Schema,
    module_path: &TokenStream,
    checked: &CheckedStatement,
    sql_span: Span,
) -> TokenStream {
    let analysis = checked.analysis();
    let rendered = Dialect::ALL.map(|dialect| render_typed(checked, dialect));
    let names = references(schema, module_path, analysis);

    let (row_type, row_items) = row_type(schema, module_path, analysis);

    let slots = analysis.params.len();
    let generics: Vec<Ident> = (0..slots).map(|i| format_ident!("P{}", i)).collect();
    let markers: Vec<TokenStream> = analysis.params.iter().map(param_marker).collect();
    let bounds = quote!(#(#generics: ::sqlmint::Encode<#markers>,)*);
    let indexes = (0..slots).map(syn::Index::from);
    let slot_numbers = 0..slots;
    let statement_struct = if slots == 0 {
        quote!(
            pub struct Statement;
        )
    } else {
        quote!(pub struct Statement<#(#generics),*>(#(#generics),*);)
    };
    let sqlite_doc = format!("```sql\n{}\n```", rendered[Dialect::Sqlite.index()].sql);
    let sql_impls = sql_for_impl(&rendered, analysis, &generics, &bounds, sql_span);

    let items = quote! {
        #row_items

        #[doc = #sqlite_doc]
        #[derive(Clone, Copy)]
        #statement_struct

        impl<#(#generics),*> ::sqlmint::Query for Statement<#(#generics),*> where #bounds {
            type Row = #row_type;

            fn bind<'__q>(&'__q self, binder: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                #(binder.bind(#slot_numbers, ::sqlmint::Encode::<#markers>::to_value(&self.#indexes))?;)*
                ::core::result::Result::Ok(())
            }
        }

        #sql_impls
    };

    // `{expr}` values are checked where they are written, against the SQL type they meet.
    let inline: Vec<(usize, TokenStream)> = analysis
        .params
        .iter()
        .enumerate()
        .filter_map(|(slot, param)| match &param.kind {
            ParamKind::Inline(expr) => {
                let marker = &markers[slot];
                let span = expr.span();
                Some((slot, quote_spanned!(span=> ::sqlmint::__private::assert_encode::<#marker, _>(&(#expr)))))
            }
            ParamKind::Named(_) => None,
        })
        .collect();
    let named: Vec<(usize, Ident)> = analysis
        .params
        .iter()
        .enumerate()
        .filter_map(|(slot, param)| match &param.kind {
            ParamKind::Named(name) => Some((slot, rust_ident(name, param.span))),
            ParamKind::Inline(_) => None,
        })
        .collect();

    if named.is_empty() {
        let values = inline.iter().map(|(_, value)| value);
        let construct = if slots == 0 {
            quote!({ #names #items Statement })
        } else {
            quote!(({ #names #items Statement })(#(#values),*))
        };
        return construct;
    }

    // Named parameters: a `Pending` value holds the inline ones until `params(...)` supplies
    // the rest, in the order they first appear in the SQL.
    let inline_generics: Vec<&Ident> = inline.iter().map(|(slot, _)| &generics[*slot]).collect();
    let inline_fields = (0..inline.len()).map(syn::Index::from);
    let named_generics: Vec<&Ident> = named.iter().map(|(slot, _)| &generics[*slot]).collect();
    let named_markers: Vec<&TokenStream> = named.iter().map(|(slot, _)| &markers[*slot]).collect();
    let mut next_inline = inline_fields.clone();
    let arguments = (0..slots).map(|slot| match named.iter().find(|(s, _)| *s == slot) {
        Some((_, ident)) => ident.to_token_stream(),
        None => {
            let field = next_inline.next();
            quote!(self.#field)
        }
    });
    let params_doc = format!(
        "Binds the named parameters, in the order they first appear in the SQL: {}.",
        named
            .iter()
            .map(|(slot, ident)| {
                let param = &analysis.params[*slot];
                format!(
                    "`{}` ({}{})",
                    ident,
                    param.ty.display(),
                    if param.nullable { ", nullable" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let pending_struct = if inline.is_empty() {
        quote!(
            pub struct Pending;
        )
    } else {
        quote!(pub struct Pending<#(#inline_generics),*>(#(#inline_generics),*);)
    };
    let values = inline.iter().map(|(_, value)| value);
    // Spanned at each `:name`, so rustc's notes about a wrong value point into the SQL.
    let named_bounds = named.iter().zip(&named_generics).zip(&named_markers).map(
        |(((slot, _), generic), marker)| {
            let span = analysis.params[*slot].span;
            quote_spanned!(span=> #generic: ::sqlmint::Encode<#marker>)
        },
    );
    let named_args = named
        .iter()
        .zip(&named_generics)
        .map(|((slot, ident), generic)| {
            let span = analysis.params[*slot].span;
            quote_spanned!(span=> #ident: #generic)
        });
    let first_named = analysis.params[named[0].0].span;
    let unbound_impl = quote_spanned! {first_named=>
        impl<__D: ::sqlmint::Dialect, #(#inline_generics),*> ::sqlmint::SqlFor<__D> for Pending<#(#inline_generics),*>
        where
            __D: ::sqlmint::__private::ParamsBound<Pending<#(#inline_generics),*>>,
        {
            const SQL: &'static str = "";
        }
    };
    // The name spanned in the SQL, so rustc's "method defined here" points at the parameters
    // rather than at the whole `schema!` block the forwarding macro comes from.
    let params_fn = Ident::new("params", first_named);
    let params_impl = quote! {
        impl<#(#inline_generics: ::core::marker::Copy),*> Pending<#(#inline_generics),*> {
            #[doc = #params_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn #params_fn<#(#named_bounds),*>(&self, #(#named_args),*) -> Statement<#(#generics),*> {
                Statement(#(#arguments),*)
            }
        }
    };
    let pending = quote! {
        /// A statement waiting for its named parameters.
        #[derive(Clone, Copy)]
        #pending_struct

        #params_impl

        // Running the statement before `.params(...)` names the mistake instead of failing
        // with "not a statement".
        impl<#(#inline_generics),*> ::sqlmint::Query for Pending<#(#inline_generics),*> {
            type Row = #row_type;

            fn bind<'__q>(&'__q self, _: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                ::core::result::Result::Ok(())
            }
        }

        #unbound_impl
    };
    if inline.is_empty() {
        quote!({ #names #items #pending Pending })
    } else {
        quote!(({ #names #items #pending Pending })(#(#values),*))
    }
}

/// The statement's row type, and the row struct to generate when it is not a table's.
fn row_type(
    schema: &Schema,
    module_path: &TokenStream,
    analysis: &Analysis,
) -> (TokenStream, TokenStream) {
    if let Some(table) = analysis.table_row {
        let row = row_struct_name(&schema.tables[table]);
        (quote!(#module_path :: #row), TokenStream::new())
    } else if analysis.columns.is_empty() {
        (quote!(()), TokenStream::new())
    } else {
        let row = Ident::new("Row", Span::call_site());
        let doc = "A result row of the statement.";
        (
            quote!(#row),
            generate_row_struct(&row, &analysis.columns, doc),
        )
    }
}

/// The SQL type a parameter's value must encode as: `List<T>` for `IN {list}`,
/// `Nullable<T>` where NULL may be bound.
fn param_marker(param: &ParamInfo) -> TokenStream {
    let marker = param.ty.marker();
    if param.list {
        quote!(::sqlmint::sql_types::List<#marker>)
    } else if param.nullable {
        quote!(::sqlmint::sql_types::Nullable<#marker>)
    } else {
        marker
    }
}

/// One `SqlFor<D>` impl for every dialect: the SQL is picked by the dialect's index at
/// compile time. A construct some dialect lacks becomes a bound
/// (`D: Supports<FULL_OUTER_JOIN>`) spanned at the construct, so running the statement there
/// is a compile error naming it.
fn sql_for_impl(
    rendered: &PerDialect<Rendered>,
    analysis: &Analysis,
    generics: &[Ident],
    bounds: &TokenStream,
    sql_span: Span,
) -> TokenStream {
    let mut constructs: Vec<(Construct, Span)> = Vec::new();
    for &(construct, span) in &analysis.constructs {
        if !constructs.iter().any(|(c, _)| *c == construct) {
            constructs.push((construct, span));
        }
    }
    // A dialect that cannot run the statement never reads its SQL (the bounds below refuse
    // it), so none is kept for it.
    let runs_on = |dialect: Dialect| constructs.iter().all(|(c, _)| c.supported_by(dialect));
    let sqls =
        rendered
            .iter()
            .zip(Dialect::ALL)
            .map(|(r, dialect)| if runs_on(dialect) { r.sql.as_str() } else { "" });
    let slots = rendered.iter().map(|r| {
        let slots = &r.positional_slots;
        quote!(&[#(#slots),*])
    });
    let supports = constructs.iter().map(|(construct, span)| {
        let marker = Ident::new(construct.marker_name(), Span::call_site());
        quote_spanned!(*span=> __D: ::sqlmint::constructs::Supports<::sqlmint::constructs::#marker>,)
    });
    quote_spanned! {sql_span=>
        impl<__D: ::sqlmint::Dialect, #(#generics),*> ::sqlmint::SqlFor<__D> for Statement<#(#generics),*>
        where
            #bounds
            #(#supports)*
        {
            const SQL: &'static str = ::sqlmint::__private::for_dialect::<__D, _>(&[#(#sqls),*]);
            const PLACEHOLDER_SLOTS: &'static [usize] =
                ::sqlmint::__private::for_dialect::<__D, _>(&[#(#slots),*]);
        }
    }
}

/// A type alias naming every table and column the statement used, each path ending in a
/// token with the user's span: rust-analyzer then jumps from the SQL to the declaration.
fn references(schema: &Schema, module_path: &TokenStream, analysis: &Analysis) -> TokenStream {
    let paths = analysis.references.iter().filter_map(|reference| {
        let table = schema.tables.get(reference.table)?;
        let module = rust_ident(&table.name.name, Span::call_site());
        let item = match reference.column {
            Some(column) => rust_ident(&table.columns.get(column)?.name.name, reference.span),
            None => Ident::new("table", reference.span),
        };
        Some(quote!(#module_path :: #module :: #item))
    });
    let paths: Vec<TokenStream> = paths.collect();
    if paths.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[allow(dead_code)]
        type __SqlmintNames = (#(#paths,)*);
    }
}
