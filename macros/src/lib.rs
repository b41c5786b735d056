//! The procedural macros of sqlmint: each forwards its tokens to `sqlmint-schema`, where all
//! the work (and its unit tests) lives.

use proc_macro::TokenStream;

/// Declares a schema; see the `sqlmint` crate's documentation.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    // Migrations are found relative to the crate's root (its `Cargo.toml`), as sqlx's
    // `migrate!` and diesel's `embed_migrations!` find theirs.
    sqlmint_schema::expand_schema(input.into()).into()
}

/// Checks one SQL statement against a schema. Not called directly: each schema's module has
/// a `query!` that forwards here with the schema attached.
#[doc(hidden)]
#[proc_macro]
pub fn query(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_query(input.into()).into()
}

/// Reads rows into an application's struct: `query_as!(Post, SELECT ...)` (or a named
/// statement written `pub mod recent -> Post { SQL }`) matches the statement's columns with
/// the struct's fields by name at compile time. `#[sqlmint(rename = "column")]` reads a field
/// from another column; `#[sqlmint(flatten)]` reads a field of another such struct from its
/// own fields' columns.
#[proc_macro_derive(FromRow, attributes(sqlmint))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_derive_from_row(input.into()).into()
}

/// A flattened field's struct has sent its fields to a `#[derive(FromRow)]` in progress. Not
/// called directly.
#[doc(hidden)]
#[proc_macro]
pub fn row_shape(input: TokenStream) -> TokenStream {
    sqlmint_schema::expand_row_shape(input.into()).into()
}
