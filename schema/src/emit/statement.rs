//! The statement type `query!` evaluates to: a struct holding the inline parameter values,
//! `Query` (binding by slot) and `SqlFor<D>` (made by `sql_for.rs`), a `Pending` stage for
//! named parameters, and the row struct.

use super::bind_check::{
    bound_argument, checked_type, inline_value, param_checks, InlineValue, ParamCheck,
};
use super::row::{row_reader, RowReader};
use super::rust_ident;
use super::sql_for::{sql_for_impl, variant_methods, ImplTarget};
use crate::analyze::{Analysis, CheckedStatement, ParamInfo};
use crate::ast::ParamKind;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::render::{render_typed, render_variants};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// What both forms of a statement (the `query!` expression and a named statement's module)
/// are made of.
struct Pieces {
    /// The paths naming every table and column used, for rust-analyzer.
    names: TokenStream,
    /// The row struct (when the row is not a table's), `Statement`, its `Query` and `SqlFor`
    /// impls.
    items: TokenStream,
    /// The row type: a table's row struct, `Row`, a tuple of tables' rows, or `()`.
    row_type: TokenStream,
    /// `type Row = ...;` for every impl of `Query` on the statement.
    row_item: TokenStream,
    /// `Query::COLUMNS` and `Query::decode_row`, for every impl of `Query` on the statement.
    read_row: TokenStream,
    /// Whether `Row` is generated here (so attributes can be added to it).
    row_generated: bool,
    generics: Vec<Ident>,
    /// `{expr}` parameters by slot, each checked against its SQL type where it is written.
    inline: Vec<InlineValue>,
    /// `:name` parameters by slot, in the order they first appear.
    named: Vec<(usize, Ident)>,
    /// Each parameter's check, by slot.
    checks: Vec<ParamCheck>,
    /// Each parameter's marker type, by slot.
    markers: Vec<TokenStream>,
}

#[allow(clippy::too_many_arguments)]
fn pieces(
    schema: &Schema,
    module_path: &TokenStream,
    checked: &CheckedStatement,
    sql_span: Span,
    row_attrs: &[syn::Attribute],
    target: Option<RowReader>,
    item_vis: &TokenStream,
    name: TokenStream,
) -> Pieces {
    let analysis = checked.analysis();
    // With optional predicates, one SQL string per combination; `SQL` is the one with all.
    let variants = if analysis.params.iter().any(|p| p.optional) {
        render_variants(checked)
    } else {
        Vec::new()
    };
    let rendered = match variants.last() {
        Some(all_given) => all_given.rendered.clone(),
        None => Dialect::ALL.map(|dialect| render_typed(checked, dialect)),
    };
    let mut names = references(schema, module_path, analysis);
    names.extend(warnings(analysis));

    let RowReader {
        row_type,
        row_span,
        items: row_items,
        columns,
        decode,
    } = target.unwrap_or_else(|| row_reader(schema, module_path, analysis, row_attrs));
    // At the type's own token when the user wrote it, where rustc's errors about it (a
    // private struct behind a public statement) then point.
    let row_item = match row_span {
        Some(span) => quote_spanned!(span=> type Row = #row_type;),
        None => quote!(type Row = #row_type;),
    };
    let row_generated = !row_items.is_empty();
    let read_row = quote! {
        const COLUMNS: usize = #columns;
        const NAME: &'static str = #name;

        #[inline]
        fn decode_row<__R: ::sqlmint::__private::RowSource + ?::core::marker::Sized>(row: &__R) -> ::core::result::Result<Self::Row, ::sqlmint::Error> {
            #decode
        }
    };

    let slots = analysis.params.len();
    let generics: Vec<Ident> = (0..slots).map(|i| format_ident!("P{}", i)).collect();
    let markers: Vec<TokenStream> = analysis.params.iter().map(param_marker).collect();
    // Each value is checked where it is given, and held with its conversion: the impls need no
    // bound of their own, which would fail a second time where the statement runs.
    let checks = param_checks(&analysis.params, &markers, item_vis);
    let check_items = checks.iter().map(|check| &check.items);
    let bounds = TokenStream::new();
    let indexes: Vec<syn::Index> = (0..slots).map(syn::Index::from).collect();
    let bind_body = if variants.is_empty() {
        let slot_numbers = 0..slots;
        quote! {
            #(::sqlmint::__private::bind::<#markers, _>(binder, #slot_numbers, &self.#indexes)?;)*
        }
    } else {
        // Each parameter is bound at its slot in the chosen SQL, or not at all where that SQL
        // leaves it out (`usize::MAX`).
        let rows = variants.iter().map(|variant| {
            let at = variant.bound_at.iter().map(|slot| match slot {
                Some(slot) => quote!(#slot),
                None => quote!(usize::MAX),
            });
            quote!([#(#at),*])
        });
        let count = variants.len();
        let binds = analysis.params.iter().zip(&markers).zip(&indexes).map(|((param, marker), index)| {
            // A given optional value is bound where its condition is kept; one that is `None`
            // has its condition left out, so there is no slot for it.
            if param.optional {
                quote! {
                    if at[#index] != usize::MAX {
                        ::sqlmint::__private::bind_given::<#marker, _>(binder, at[#index], &self.#index)?;
                    }
                }
            } else {
                quote! {
                    if at[#index] != usize::MAX {
                        ::sqlmint::__private::bind::<#marker, _>(binder, at[#index], &self.#index)?;
                    }
                }
            }
        });
        quote! {
            const BOUND_AT: [[usize; #slots]; #count] = [#(#rows),*];
            let at = &BOUND_AT[self.__sqlmint_variant()];
            #(#binds)*
        }
    };
    let variant_impl = (!variants.is_empty()).then(|| {
        let given = analysis
            .params
            .iter()
            .enumerate()
            .filter(|(_, param)| param.optional)
            .enumerate()
            .map(|(bit, (slot, param))| {
                let marker = param_marker(param);
                let index = syn::Index::from(slot);
                quote!(((::sqlmint::EncodeOptional::<#marker>::given(&self.#index).is_some() as usize) << #bit))
            });
        quote! {
            impl<#(#generics),*> Statement<#(#generics),*> where #bounds {
                /// Which SQL string runs: bit `i` set when the `i`-th optional parameter is given.
                #[inline]
                fn __sqlmint_variant(&self) -> usize {
                    0 #(| #given)*
                }
            }
        }
    });
    let statement_struct = if slots == 0 {
        quote!(
            #item_vis struct Statement;
        )
    } else {
        let fields = analysis
            .params
            .iter()
            .zip(&generics)
            .zip(&markers)
            .map(|((param, generic), marker)| checked_type(param, generic, marker));
        quote!(#item_vis struct Statement<#(#generics),*>(#(#fields),*);)
    };
    let sqlite_doc = format!("```sql\n{}\n```", rendered[Dialect::Sqlite.index()].sql);
    let sql_impls = sql_for_impl(
        &rendered,
        analysis,
        &ImplTarget {
            lifetimes: Vec::new(),
            generics: generics.clone(),
            // At the SQL like the rest of the impl, which rustc's notes point to.
            self_type: quote_spanned!(sql_span=> Statement<#(#generics),*>),
        },
        &bounds,
        sql_span,
        &variant_methods(&variants, analysis),
    );

    let items = quote! {
        #row_items

        #(#check_items)*

        #[doc = #sqlite_doc]
        #[derive(Clone, Copy)]
        #statement_struct

        impl<#(#generics),*> ::sqlmint::Query for Statement<#(#generics),*> where #bounds {
            #row_item
            #read_row

            fn bind<'__q>(&'__q self, binder: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                #bind_body
                ::core::result::Result::Ok(())
            }
        }

        #variant_impl

        #sql_impls
    };

    // `{expr}` values are checked where they are written, against the SQL type they meet.
    let inline: Vec<InlineValue> = analysis
        .params
        .iter()
        .enumerate()
        .filter_map(|(slot, param)| match &param.kind {
            ParamKind::Inline(expr) => Some(inline_value(slot, &checks[slot], expr, expr.span())),
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

    Pieces {
        names,
        items,
        row_type,
        row_item,
        read_row,
        row_generated,
        generics,
        inline,
        named,
        checks,
        markers,
    }
}

/// The expression `query!` evaluates to: a `Statement` (or a `Pending` one, waiting for its
/// named parameters), with the items it needs in a block of their own.
pub(crate) fn statement(
    schema: &Schema,
    module_path: &TokenStream,
    checked: &CheckedStatement,
    sql_span: Span,
    target: Option<RowReader>,
) -> TokenStream {
    let analysis = checked.analysis();
    // `Statement` is private to the block, so its rows may be a private struct of the
    // caller's module.
    let Pieces {
        names,
        items,
        row_item,
        read_row,
        generics,
        inline,
        named,
        checks,
        markers,
        ..
    } = pieces(
        schema,
        module_path,
        checked,
        sql_span,
        &[],
        target,
        &TokenStream::new(),
        // Where the statement is written, for traces: `src/lib.rs:42`.
        quote_spanned!(sql_span=> ::core::concat!(::core::file!(), ":", ::core::line!())),
    );
    let slots = generics.len();

    // The values are evaluated where the macro is, so their temporaries live as long as the
    // statement does; a closure made inside the block, with each value's check, takes them.
    let values = inline.iter().map(|value| &value.value);
    let arguments = inline.iter().map(|value| &value.argument);
    let checked = inline.iter().map(|value| &value.checked);
    if named.is_empty() {
        let construct = if slots == 0 {
            quote!({ #names #items Statement })
        } else {
            quote!(({ #names #items |#(#arguments),*| Statement(#(#checked),*) })(#(#values),*))
        };
        return construct;
    }

    // Named parameters: a `Pending` value holds the inline ones until `params(...)` supplies
    // the rest, in the order they first appear in the SQL.
    let inline_generics: Vec<&Ident> = inline.iter().map(|value| &generics[value.slot]).collect();
    let inline_fields = (0..inline.len()).map(syn::Index::from);
    let named_generics: Vec<&Ident> = named.iter().map(|(slot, _)| &generics[*slot]).collect();
    let mut next_inline = inline_fields.clone();
    let statement_arguments = (0..slots).map(|slot| match named.iter().find(|(s, _)| *s == slot) {
        Some((_, ident)) => bound_argument(&checks[slot], ident, analysis.params[slot].span),
        None => {
            let field = next_inline.next();
            quote!(self.#field)
        }
    });
    let params_doc = format!(
        "Binds the named parameters, in the order they first appear in the SQL: {}.",
        params_list(analysis, &named)
    );
    let pending_struct = if inline.is_empty() {
        quote!(
            struct Pending;
        )
    } else {
        let fields = inline.iter().map(|value| {
            checked_type(
                &analysis.params[value.slot],
                &generics[value.slot],
                &markers[value.slot],
            )
        });
        quote!(struct Pending<#(#inline_generics),*>(#(#fields),*);)
    };
    // Spanned at each `:name`, so rustc's notes about a wrong value point into the SQL.
    let named_bounds = named
        .iter()
        .zip(&named_generics)
        .map(|((slot, _), generic)| {
            // At the `:name` in the SQL, where rustc's "required by this bound" then points.
            let span = analysis.params[*slot].span;
            let check = Ident::new(&checks[*slot].trait_name.to_string(), span);
            quote_spanned!(span=> #generic: #check)
        });
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
                Statement(#(#statement_arguments),*)
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
            #row_item
            #read_row

            fn bind<'__q>(&'__q self, _: &mut dyn ::sqlmint::__private::Binder<'__q>) -> ::core::result::Result<(), ::sqlmint::Error> {
                ::core::result::Result::Ok(())
            }
        }

        #unbound_impl
    };
    if inline.is_empty() {
        quote!({ #names #items #pending Pending })
    } else {
        quote!(({ #names #items #pending |#(#arguments),*| Pending(#(#checked),*) })(#(#values),*))
    }
}

/// The head of a named statement: `#[attrs] pub mod name [-> Target] { SQL }`.
pub(crate) struct NamedHeader {
    pub(crate) attrs: Vec<syn::Attribute>,
    pub(crate) vis: syn::Visibility,
    pub(crate) name: Ident,
    /// The application's struct its rows read into (`-> Post`).
    pub(crate) target: Option<syn::Path>,
}

/// A named statement: a module holding `Row`, `Statement` and `new(...)`, so a function in
/// any module can return `Vec<name::Row>` and build the statement from its parameters.
pub(crate) fn named_statement(
    schema: &Schema,
    module_path: &TokenStream,
    checked: &CheckedStatement,
    sql_span: Span,
    header: &NamedHeader,
    target: Option<RowReader>,
) -> syn::Result<TokenStream> {
    let analysis = checked.analysis();
    let (module_attrs, row_attrs) = super::split_row_attributes(&header.attrs);
    let reads_into_target = target.is_some();
    let Pieces {
        names,
        items,
        row_type,
        row_generated,
        row_item: _,
        read_row: _,
        generics,
        inline,
        named,
        checks,
        markers: _,
    } = pieces(
        schema,
        module_path,
        checked,
        sql_span,
        &row_attrs,
        target,
        &quote!(pub),
        // The statement's path, for traces: `app::queries::posts_by` (its impls are inside
        // its module).
        quote!(::core::module_path!()),
    );

    let mut errors = crate::errors::Errors::new();
    for InlineValue { slot, .. } in &inline {
        let ParamKind::Inline(expr) = &analysis.params[*slot].kind else {
            continue;
        };
        errors.push(syn::Error::new_spanned(
            expr,
            "a named statement takes its parameters by name, as `:name`, and `new(...)` binds them; `{expr}` needs a value where the statement is written",
        ));
    }
    if !row_generated {
        if let Some(attr) = row_attrs.first() {
            let message = if reads_into_target {
                "this statement's rows are your struct, so there is no `Row` of its own to put this attribute on; put it on the struct"
            } else if analysis.columns.is_empty() {
                "this statement returns no rows, so there is no `Row` to put this attribute on; add RETURNING to get one"
            } else {
                "this statement's rows are its table's row struct, so there is no `Row` of its own to put this attribute on; name the columns to get one, or put the attribute on the table in `schema!`"
            };
            errors.push(syn::Error::new_spanned(attr, message));
        }
    }
    errors.finish()?;

    let named_bounds = named.iter().map(|(slot, _)| {
        // At the `:name` in the SQL, where rustc's "required by this bound" then points.
        let span = analysis.params[*slot].span;
        let check = Ident::new(&checks[*slot].trait_name.to_string(), span);
        let generic = &generics[*slot];
        quote_spanned!(span=> #generic: #check)
    });
    let named_args = named.iter().map(|(slot, ident)| {
        let generic = &generics[*slot];
        let span = analysis.params[*slot].span;
        quote_spanned!(span=> #ident: #generic)
    });
    let arguments = named
        .iter()
        .map(|(slot, ident)| bound_argument(&checks[*slot], ident, analysis.params[*slot].span));
    let construct = if named.is_empty() {
        quote!(Statement)
    } else {
        quote!(Statement(#(#arguments),*))
    };
    let new_doc = if named.is_empty() {
        "The statement; it takes no parameters.".to_owned()
    } else {
        format!(
            "The statement with its parameters: {}.",
            params_list(analysis, &named)
        )
    };
    let row_alias = (!row_generated).then(|| {
        quote! {
            /// A result row of the statement.
            pub type Row = #row_type;
        }
    });
    let vis = &header.vis;
    let name = &header.name;
    // At the statement's name, where rustc's "required by a bound in this function" points.
    let new_fn = Ident::new("new", name.span());
    // The target is named as the code around the statement names it.
    let outer_names = reads_into_target.then(|| {
        quote! {
            #[allow(unused_imports)]
            use super::*;
        }
    });
    Ok(quote! {
        #(#module_attrs)*
        #vis mod #name {
            #outer_names
            #names
            #items
            #row_alias

            #[doc = #new_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn #new_fn<#(#named_bounds),*>(#(#named_args),*) -> Statement<#(#generics),*> {
                #construct
            }
        }
    })
}

/// `name` (TEXT), `limit` (BIGINT, nullable), ...: the named parameters for a doc line.
fn params_list(analysis: &Analysis, named: &[(usize, Ident)]) -> String {
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
}

/// The SQL type a parameter's value must encode as: `List<T>` for `IN {list}`,
/// `Nullable<T>` where NULL may be bound.
pub(super) fn param_marker(param: &ParamInfo) -> TokenStream {
    let marker = param.ty.marker();
    if param.list {
        quote!(::sqlmint::sql_types::List<#marker>)
    } else if param.nullable {
        param.ty.nullable_marker()
    } else {
        marker
    }
}

/// Each warning of the analysis as rustc's own: the use of a deprecated constant, named after
/// the lint and spanned at the SQL that caused it, the note saying what is likely wrong. Stable
/// Rust has no other way for a macro to warn; `#[allow(deprecated)]` silences it, and each
/// message says how to write the SQL so it does not arise.
fn warnings(analysis: &Analysis) -> TokenStream {
    analysis
        .warnings
        .iter()
        .map(|warning| {
            let lint = Ident::new(warning.lint, warning.span);
            let note = &warning.message;
            quote_spanned! {warning.span=>
                const _: () = {
                    #[deprecated(note = #note)]
                    #[allow(non_upper_case_globals)]
                    const #lint: () = ();
                    #lint
                };
            }
        })
        .collect()
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
