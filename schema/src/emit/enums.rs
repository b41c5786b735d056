//! The Rust enum of each SQL enum type: its variants are the type's labels, and it is at once
//! the value a column of the type reads into and binds from, and the marker type that checks
//! those values (`Encode<Mood> for Mood`), so a label outside the type cannot be bound.

use super::row::serde_derives;
use crate::model::{upper_camel, EnumDecl};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The enum of `decl`, with its `Encode`, `Decode`, `Display` and `FromStr`.
pub(super) fn enum_items(decl: &EnumDecl) -> TokenStream {
    let name = Ident::new(&upper_camel(&decl.name.name), decl.name.span);
    let or_null = format_ident!("{}OrNull", name);
    let or_null_doc = format!("A `{name}` or NULL: the SQL type of a nullable `{}` value, which `Option<{name}>` and `sqlmint::Null` bind to.", decl.ty.name);
    let sql = &decl.ty.name;
    let labels = &decl.ty.labels;
    let variants: Vec<Ident> = labels
        .iter()
        .map(|label| Ident::new(&upper_camel(label), decl.name.span))
        .collect();
    let attrs = &decl.attrs;
    let doc = format!(
        "The SQL enum `{sql}`: {}. Columns of the type read into it and bind from it.",
        labels
            .iter()
            .map(|l| format!("`{l:?}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let serde = serde_derives(attrs);
    let renames = labels
        .iter()
        .map(|label| serde.is_some().then(|| quote!(#[serde(rename = #label)])));
    let variant_docs = labels.iter().map(|label| format!("`{label:?}`"));
    quote! {
        #(#attrs)*
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #serde
        pub enum #name {
            #(#[doc = #variant_docs] #renames #variants,)*
        }

        impl #name {
            /// Every value, in the type's order.
            pub const ALL: &'static [#name] = &[#(#name::#variants),*];

            /// The label SQL stores.
            pub const fn label(self) -> &'static str {
                match self {
                    #(#name::#variants => #labels,)*
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::sqlmint::DecodeError;

            fn from_str(label: &str) -> ::core::result::Result<Self, Self::Err> {
                match label {
                    #(#labels => ::core::result::Result::Ok(#name::#variants),)*
                    other => ::core::result::Result::Err(::sqlmint::DecodeError::Mismatch {
                        expected: ::std::format!("a label of {}", #sql),
                        found: ::std::format!("text {other:?}"),
                    }),
                }
            }
        }

        impl ::sqlmint::sql_types::SqlType for #name {
            const NAME: &'static str = #sql;
        }

        impl ::sqlmint::Encode<#name> for #name {
            fn to_value(&self) -> ::core::result::Result<::sqlmint::value::Value<'_>, ::sqlmint::EncodeError> {
                ::core::result::Result::Ok(::sqlmint::value::Value::Text(::std::borrow::Cow::Borrowed(self.label())))
            }
        }

        #[doc = #or_null_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #or_null;

        impl ::sqlmint::sql_types::SqlType for #or_null {
            const NAME: &'static str = #sql;
        }

        impl ::sqlmint::Encode<#or_null> for #name {
            fn to_value(&self) -> ::core::result::Result<::sqlmint::value::Value<'_>, ::sqlmint::EncodeError> {
                <Self as ::sqlmint::Encode<#name>>::to_value(self)
            }
        }

        impl ::sqlmint::Encode<#or_null> for ::core::option::Option<#name> {
            fn to_value(&self) -> ::core::result::Result<::sqlmint::value::Value<'_>, ::sqlmint::EncodeError> {
                match self {
                    ::core::option::Option::Some(value) => <#name as ::sqlmint::Encode<#name>>::to_value(value),
                    ::core::option::Option::None => ::core::result::Result::Ok(::sqlmint::value::Value::Null),
                }
            }
        }

        impl ::sqlmint::Encode<#or_null> for ::core::option::Option<&#name> {
            fn to_value(&self) -> ::core::result::Result<::sqlmint::value::Value<'_>, ::sqlmint::EncodeError> {
                match self {
                    ::core::option::Option::Some(value) => <#name as ::sqlmint::Encode<#name>>::to_value(value),
                    ::core::option::Option::None => ::core::result::Result::Ok(::sqlmint::value::Value::Null),
                }
            }
        }

        impl ::sqlmint::Encode<#or_null> for ::sqlmint::Null {
            fn to_value(&self) -> ::core::result::Result<::sqlmint::value::Value<'_>, ::sqlmint::EncodeError> {
                ::core::result::Result::Ok(::sqlmint::value::Value::Null)
            }
        }

        impl ::sqlmint::Decode<#name> for #name {
            fn decode(value: ::sqlmint::value::ValueRef<'_>) -> ::core::result::Result<Self, ::sqlmint::DecodeError> {
                match value {
                    ::sqlmint::value::ValueRef::Text(label) => label.parse(),
                    ::sqlmint::value::ValueRef::Null => ::core::result::Result::Err(::sqlmint::DecodeError::UnexpectedNull),
                    _ => ::core::result::Result::Err(::sqlmint::DecodeError::Mismatch {
                        expected: ::std::format!("a label of {}", #sql),
                        found: ::std::string::String::from("a value that is not text"),
                    }),
                }
            }
        }
    }
}
