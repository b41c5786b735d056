//! The check of each value bound to a parameter, against what that parameter is: a trait of
//! its own per parameter, whose `#[diagnostic::on_unimplemented]` names the column, its SQL
//! type and nullability and the Rust types it takes, so a wrong value is one short error at the
//! value (an inline `{value}`, or a named parameter's argument). The checked value carries its
//! conversion (`Checked`), so the statement holding it needs no bound that could fail a second
//! time where it runs.

use crate::analyze::ParamInfo;
use crate::ast::ParamKind;
use crate::types::SqlType;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

/// The check of one parameter's values: a trait with one blanket impl for the Rust types
/// that encode as its SQL type, whose diagnostic is the parameter's own.
pub(super) struct ParamCheck {
    /// The trait's name.
    pub(super) trait_name: Ident,
    /// The trait and its impl.
    pub(super) items: TokenStream,
}

/// An `{expr}` value, evaluated where the macro is and checked there.
pub(super) struct InlineValue {
    /// The parameter's slot.
    pub(super) slot: usize,
    /// `&(expr)`.
    pub(super) value: TokenStream,
    /// The closure parameter the value arrives as.
    pub(super) argument: Ident,
    /// `Trait::checked(argument)`, at the value's span: what the statement holds.
    pub(super) checked: TokenStream,
}

/// The checks of a statement's parameters, by slot. Inline values are checked by reference
/// (`Trait::checked(&value)`), named ones by value (`Trait::bound(value)`); `vis` is the
/// traits' visibility, which a named statement's public `new` needs.
pub(super) fn param_checks(
    params: &[ParamInfo],
    markers: &[TokenStream],
    vis: &TokenStream,
) -> Vec<ParamCheck> {
    let names = trait_names(params);
    params
        .iter()
        .zip(markers)
        .zip(names)
        .map(|((param, marker), trait_name)| {
            let Message {
                message,
                label,
                note,
            } = message(param);
            let encode = encode_trait(param);
            let checked = checked_struct(param);
            let (method, method_impl) = match param.kind {
                ParamKind::Inline(_) => (
                    quote!(fn checked(&self) -> #checked<&Self, #marker>;),
                    quote! {
                        #[inline]
                        fn checked(&self) -> #checked<&Self, #marker> {
                            #checked::new(self)
                        }
                    },
                ),
                ParamKind::Named(_) => (
                    quote! {
                        fn bound(self) -> #checked<Self, #marker>
                        where
                            Self: ::core::marker::Sized;
                    },
                    quote! {
                        #[inline]
                        fn bound(self) -> #checked<Self, #marker>
                        where
                            Self: ::core::marker::Sized,
                        {
                            #checked::new(self)
                        }
                    },
                ),
            };
            let items = quote! {
                #[doc(hidden)]
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                #vis trait #trait_name {
                    #method
                }
                #[diagnostic::do_not_recommend]
                impl<__T: #encode<#marker> + ?::core::marker::Sized> #trait_name for __T {
                    #method_impl
                }
            };
            ParamCheck { trait_name, items }
        })
        .collect()
}

/// The type a statement holds a parameter's value as: `Checked<P, marker>`, or
/// `CheckedOptional<P, marker>` for an optional predicate's.
pub(super) fn checked_type(
    param: &ParamInfo,
    generic: &Ident,
    marker: &TokenStream,
) -> TokenStream {
    let checked = checked_struct(param);
    quote!(#checked<#generic, #marker>)
}

fn checked_struct(param: &ParamInfo) -> TokenStream {
    if param.optional {
        quote!(::sqlmint::__private::CheckedOptional)
    } else {
        quote!(::sqlmint::__private::Checked)
    }
}

fn encode_trait(param: &ParamInfo) -> TokenStream {
    if param.optional {
        quote!(::sqlmint::EncodeOptional)
    } else {
        quote!(::sqlmint::Encode)
    }
}

/// The inline value of `expr` at `slot`, checked by `check`.
pub(super) fn inline_value(
    slot: usize,
    check: &ParamCheck,
    expr: &syn::Expr,
    span: Span,
) -> InlineValue {
    let argument = format_ident!("__sqlmint_value_{}", slot, span = span);
    let trait_name = &check.trait_name;
    InlineValue {
        slot,
        value: quote_spanned!(span=> &(#expr)),
        checked: quote_spanned!(span=> #trait_name::checked(#argument)),
        argument,
    }
}

/// `Trait::bound(ident)` for a named parameter's argument, at the parameter's span in the SQL.
pub(super) fn bound_argument(check: &ParamCheck, ident: &Ident, span: Span) -> TokenStream {
    let trait_name = &check.trait_name;
    quote_spanned!(span=> #trait_name::bound(#ident))
}

/// Each parameter's trait is named after what it fills, as rustc's "the trait ... is not
/// implemented" line shows it: `ValueForPostsId`, or `ValueForParameter2`; a name two
/// parameters would share gets the slot too.
fn trait_names(params: &[ParamInfo]) -> Vec<Ident> {
    let wanted: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(slot, param)| match &param.column {
            Some(column) => column
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let mut chars = part.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect::<String>(),
            None => format!("Parameter{}", slot + 1),
        })
        .collect();
    wanted
        .iter()
        .enumerate()
        .map(|(slot, name)| {
            if wanted.iter().filter(|other| *other == name).count() > 1 {
                format_ident!("ValueFor{}{}", name, slot + 1)
            } else {
                format_ident!("ValueFor{}", name)
            }
        })
        .collect()
}

struct Message {
    message: String,
    label: String,
    note: String,
}

/// The diagnostic's text. `{Self}` is the value's Rust type, filled in by rustc; every other
/// brace is escaped.
fn message(param: &ParamInfo) -> Message {
    let sql = sql_type_text(param);
    let what = match &param.column {
        Some(column) => format!("`{column}`, which is {sql}"),
        None => format!("a parameter of type {sql}"),
    };
    let takes = takes(param.ty);
    if param.optional {
        return Message {
            message: format!("`{{Self}}` is not an `Option` of a value for {what}"),
            label: "`?` makes this parameter optional: pass an `Option`, whose `None` leaves its condition out".to_owned(),
            note: format!("the `Option` holds {takes}; write the parameter without `?` to bind a value every time"),
        };
    }
    if param.list {
        return Message {
            message: format!("`{{Self}}` is not a list of values for {what}"),
            label: "expected a slice, `Vec` or array".to_owned(),
            note: format!("each value is {takes}"),
        };
    }
    let note = if param.nullable {
        format!("it takes {takes}, an `Option` of one, or `sqlmint::Null`")
    } else {
        format!("it takes {takes}; it is NOT NULL, so not an `Option`")
    };
    Message {
        message: format!("`{{Self}}` cannot be bound to {what}"),
        label: format!("expected a value for {sql}"),
        note,
    }
}

/// `BIGINT NOT NULL`, `TEXT (NULL allowed)`; an optional or list parameter is never NULL.
fn sql_type_text(param: &ParamInfo) -> String {
    let ty = param.ty.display();
    if param.optional || param.list {
        ty
    } else if param.nullable {
        format!("{ty} (NULL allowed)")
    } else {
        format!("{ty} NOT NULL")
    }
}

/// The Rust types a value of `ty` may be, as a phrase: "`i64`, `i32` (or a reference to one),
/// or `u64`, checked when the statement runs".
fn takes(ty: SqlType) -> String {
    match ty {
        SqlType::Enum(enumeration) => {
            let rust_name = enumeration
                .rust_path
                .rsplit("::")
                .next()
                .unwrap_or(&enumeration.rust_path);
            format!("`{rust_name}`, the enum `schema!` generates for it")
        }
        SqlType::Array(element) => {
            format!(
                "a slice or `Vec` whose elements are {}",
                listed(element.sql_type(), "")
            )
        }
        _ => listed(ty, " (or a reference to one)"),
    }
}

/// The Rust types of `ty` from sqlmint-core's list, the ones that always fit first (followed by
/// `after_plain`), then the checked ones.
fn listed(ty: SqlType, after_plain: &str) -> String {
    let Some(types) = sqlmint_core::rust_types_for(ty.marker_name()) else {
        return format!("values of `sqlmint::sql_types::{}`", ty.marker_name());
    };
    let enabled = |feature: Option<&str>| match feature {
        None => true,
        Some("chrono") => cfg!(feature = "chrono"),
        Some("time") => cfg!(feature = "time"),
        Some("uuid") => cfg!(feature = "uuid"),
        Some("json") => cfg!(feature = "json"),
        Some(_) => false,
    };
    let names = |checked: bool| -> Vec<String> {
        types
            .iter()
            .filter(|t| t.checked == checked && enabled(t.feature))
            .map(|t| format!("`{}`", t.name))
            .collect()
    };
    let mut text = format!("{}{after_plain}", names(false).join(", "));
    let checked = names(true);
    if !checked.is_empty() {
        text += &format!(
            ", or {}, checked when the statement runs",
            checked.join(", ")
        );
    }
    text
}
