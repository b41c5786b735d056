//! The procedural macros of sqlmint: each forwards its tokens to `sqlmint-schema`, where all
//! the work (and its unit tests) lives.

use proc_macro::TokenStream;

/// Declares a schema; see the `sqlmint` crate's documentation.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    // Migrations are found relative to the invoking file, as `include_str!` finds its file.
    let base = proc_macro::Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(std::path::Path::to_path_buf))
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(Into::into))
        .unwrap_or_default();
    sqlmint_schema::expand_schema_in(input.into(), &base).into()
}

/// Checks one SQL statement against a schema. Not called directly: each schema's module has
/// a `query!` that forwards here with the schema attached.
#[doc(hidden)]
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_query(input.into()).into()
}
