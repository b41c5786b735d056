//! Rows into the application's own structs: `#[derive(FromRow)]` carries a struct's fields
//! to `query_as!` as tokens (`tree.rs`, `derive.rs`), and the query matches them with its
//! columns by name, each mistake at the field or the column (`columns.rs`).

mod columns;
mod derive;
mod tree;

pub(crate) use columns::target_reader;
pub(crate) use derive::define_shape_macro;
pub use derive::{expand_derive_from_row, expand_row_shape};
pub(crate) use tree::{FieldNode, FieldTree};
