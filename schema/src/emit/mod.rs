//! Code generation: the Rust items `schema!` and `query!` expand to, built from the checked
//! schema and statement. Nothing here checks SQL; everything it is given has passed analysis.

mod bind_check;
mod enums;
mod insertable;
mod row;
mod schema_module;
mod sql_for;
mod statement;

pub(crate) use row::RowReader;
pub(crate) use schema_module::{schema_module, stub_module, ModuleHeader};
pub(crate) use statement::{named_statement, statement, NamedHeader};

use proc_macro2::{Ident, Span};

/// A stable hash of `text`, to give generated macros unique names (every `macro_export`ed
/// macro shares the crate root).
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A Rust identifier for a SQL name: raw where the name is a Rust keyword.
fn rust_ident(name: &str, span: Span) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, span)
    } else if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        Ident::new(&format!("{name}_"), span)
    } else {
        Ident::new_raw(name, span)
    }
}

/// Attributes that stay on a generated module; every other one (`derive`, `serde`, ...) is
/// for the row struct inside it.
const MODULE_ATTRIBUTES: &[&str] = &["doc", "cfg", "allow", "warn", "deny", "expect"];

/// Splits the attributes written on a table or a named statement into the module's and the
/// row struct's.
fn split_row_attributes(attrs: &[syn::Attribute]) -> (Vec<syn::Attribute>, Vec<syn::Attribute>) {
    attrs.iter().cloned().partition(|attr| {
        MODULE_ATTRIBUTES
            .iter()
            .any(|name| attr.path().is_ident(name))
    })
}
