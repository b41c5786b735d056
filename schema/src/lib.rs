//! The compile-time core of sqlmint: parses `schema!` and `query!` input, resolves names,
//! infers types, renders SQL per dialect and generates the code the macros expand to.
//!
//! A plain library so every stage can be unit-tested without a macro; `sqlmint-macros` is a
//! thin shell over [`expand_schema`], [`expand_query`], [`expand_derive_from_row`] and
//! [`expand_row_shape`].

pub mod analyze;
pub mod ast;
pub mod description;
pub mod dialect;
mod emit;
pub mod errors;
pub mod expand;
pub mod mapping;
pub mod migrations;
pub mod model;
pub mod parse;
pub mod render;
pub mod reserved;
mod stack;
pub mod types;

pub use expand::{expand_query, expand_schema, expand_schema_in};
pub use mapping::{expand_derive_from_row, expand_row_shape};
pub use parse::MAX_NESTING;
