//! A statement's `SqlFor<D>` impl: its SQL for each dialect that can run it (the others
//! refused by a bound spanned at the construct they lack), whether it only reads, the
//! template its INSERT of many rows is written from, and, with optional predicates, the
//! choice among its SQL strings.

use crate::analyze::Analysis;
use crate::dialect::{Construct, Dialect, PerDialect};
use crate::render::{BatchTemplate, Rendered, Variant};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};

/// `SqlFor::sql` and `SqlFor::placeholder_slots` of a statement with optional predicates:
/// the SQL string of the combination its values give. Empty without optional predicates,
/// where the defaults (`SqlFor::SQL`) are the one string.
pub(super) fn variant_methods(variants: &[Variant], analysis: &Analysis) -> TokenStream {
    if variants.is_empty() {
        return TokenStream::new();
    }
    let runs_on = |dialect: Dialect| {
        analysis
            .constructs
            .iter()
            .all(|(construct, _)| construct.supported_by(dialect))
    };
    let sqls = Dialect::ALL.map(|dialect| {
        let texts = variants.iter().map(|v| {
            if runs_on(dialect) {
                v.rendered[dialect.index()].sql.as_str()
            } else {
                ""
            }
        });
        quote!(&[#(#texts),*])
    });
    let slots = Dialect::ALL.map(|dialect| {
        let lists = variants.iter().map(|v| {
            let slots = &v.rendered[dialect.index()].positional_slots;
            quote!(&[#(#slots),*])
        });
        quote!(&[#(#lists),*])
    });
    quote! {
        #[inline]
        fn sql(&self) -> &'static str {
            let variants: &'static [&'static str] =
                ::sqlmint::__private::for_dialect::<__D, _>(&[#(#sqls),*]);
            variants[self.__sqlmint_variant()]
        }

        #[inline]
        fn placeholder_slots(&self) -> &'static [usize] {
            let variants: &'static [&'static [usize]] =
                ::sqlmint::__private::for_dialect::<__D, _>(&[#(#slots),*]);
            variants[self.__sqlmint_variant()]
        }
    }
}

/// What an impl of `SqlFor` is for: `impl<'a, __D, P0> SqlFor<__D> for Type<'a, P0>`.
pub(super) struct ImplTarget {
    pub(super) lifetimes: Vec<TokenStream>,
    pub(super) generics: Vec<Ident>,
    pub(super) self_type: TokenStream,
}

/// One `SqlFor<D>` impl for every dialect: the SQL is picked by the dialect's index at
/// compile time. A construct some dialect lacks becomes a bound
/// (`D: Supports<FULL_OUTER_JOIN>`) spanned at the construct, so running the statement there
/// is a compile error naming it.
pub(super) fn sql_for_impl(
    rendered: &PerDialect<Rendered>,
    analysis: &Analysis,
    target: &ImplTarget,
    bounds: &TokenStream,
    sql_span: Span,
    methods: &TokenStream,
) -> TokenStream {
    let ImplTarget {
        lifetimes,
        generics,
        self_type,
    } = target;
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
    // Only said when true: the default (false) sends anything else to a primary.
    let read_only = analysis.read_only.then(|| {
        quote!(
            const READ_ONLY: bool = true;
        )
    });
    let batch = batch_const(rendered, runs_on);
    quote_spanned! {sql_span=>
        impl<#(#lifetimes,)* __D: ::sqlmint::Dialect, #(#generics),*> ::sqlmint::SqlFor<__D> for #self_type
        where
            #bounds
            #(#supports)*
        {
            const SQL: &'static str = ::sqlmint::__private::for_dialect::<__D, _>(&[#(#sqls),*]);
            const PLACEHOLDER_SLOTS: &'static [usize] =
                ::sqlmint::__private::for_dialect::<__D, _>(&[#(#slots),*]);
            #read_only
            #batch

            #methods
        }
    }
}

/// `const BATCH`, the template an INSERT of many rows is written from in each dialect that
/// runs the statement, or nothing for a statement that has none (see `render::BatchTemplate`).
fn batch_const(rendered: &PerDialect<Rendered>, runs_on: impl Fn(Dialect) -> bool) -> TokenStream {
    if !rendered.iter().any(|r| r.batch.is_some()) {
        return TokenStream::new();
    }
    let templates = rendered
        .iter()
        .zip(Dialect::ALL)
        .map(|(rendered, dialect)| match &rendered.batch {
            Some(template) if runs_on(dialect) => {
                let BatchTemplate {
                    head,
                    row,
                    slots,
                    tail,
                    params,
                } = template;
                quote! {
                    ::core::option::Option::Some(&::sqlmint::__private::BatchTemplate {
                        head: #head,
                        row: &[#(#row),*],
                        slots: &[#(#slots),*],
                        tail: #tail,
                        params: #params,
                    })
                }
            }
            _ => quote!(::core::option::Option::None),
        });
    quote! {
        const BATCH: ::core::option::Option<&'static ::sqlmint::__private::BatchTemplate> =
            ::sqlmint::__private::for_dialect::<__D, _>(&[#(#templates),*]);
    }
}
