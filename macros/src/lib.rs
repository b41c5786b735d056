//! The procedural macros of sqlmint: each forwards its tokens to `sqlmint-schema`, where all
//! the work (and its unit tests) lives.

use proc_macro::TokenStream;

/// Declares a schema; see the `sqlmint` crate's documentation.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_schema(input.into()).into()
}

/// Checks one SQL statement against a schema. Not called directly: each schema's module has
/// a `query!` that forwards here with the schema attached.
#[doc(hidden)]
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_query(input.into()).into()
}
